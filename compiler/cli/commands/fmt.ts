/**
 * `meshc fmt [--check] [PATH…]`: rewrites files into canonical format.
 *
 * A file with syntax errors cannot be formatted: its errors are reported (on standard error, so
 * that standard output stays a plain list of files) and the file is left alone. A byte order mark
 * is kept, since formatting is about layout, not encoding.
 */
import { promises as fs } from 'node:fs';
import { renderText } from '../../diagnostics/render/text.ts';
import type { Diagnostic } from '../../diagnostics/types.ts';
import { parseArgs } from '../args.ts';
import { discover, type SourceFile } from '../discover.ts';
import { ioError } from '../errors.ts';
import { useColor, type CliIO } from '../io.ts';
import { readSource } from '../read.ts';

const BOM = '\uFEFF';

export async function fmt(argv: readonly string[], io: CliIO): Promise<number> {
  const { options, positionals } = parseArgs(argv, [{ name: 'check' }, { name: 'no-color' }], 'fmt');
  const checkOnly = options.has('check');
  const files = await discover(positionals, io.cwd, 'fmt');
  const compiler = await io.loadCompiler();

  const changed: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  let unformattable = false;
  for (const file of files) {
    const decoded = await readSource(file);
    if (!('text' in decoded)) {
      diagnostics.push(decoded.diagnostic);
      unformattable = true;
      continue;
    }
    const result = compiler.formatText(decoded.text, file.path);
    sources.set(file.path, decoded.text);
    diagnostics.push(...result.diagnostics);
    if (result.value === undefined) {
      unformattable = true;
    } else if (result.value !== decoded.text) {
      changed.push(file);
      if (!checkOnly) await write(file, (decoded.bom ? BOM : '') + result.value);
    }
  }

  if (checkOnly) io.stdout(changed.map((f) => `${f.path}\n`).join(''));
  const color = useColor(io, io.stderrIsTTY, options.has('no-color'));
  io.stderr(renderText({ diagnostics, sources }, { color }));
  return unformattable || (checkOnly && changed.length > 0) ? 1 : 0;
}

async function write(file: SourceFile, text: string): Promise<void> {
  try {
    await fs.writeFile(file.absolute, text, 'utf8');
  } catch (error) {
    throw ioError(error, file.path, 'write');
  }
}
