/**
 * `meshc check [PATH…]`: checks the files as one program and reports every diagnostic, with the
 * severities of the project's `meshc.json`.
 */
import { render, FORMATS, type Format } from '../../diagnostics/render/index.ts';
import type { Diagnostic } from '../../diagnostics/types.ts';
import { parseArgs } from '../args.ts';
import type { SourceText } from '../compiler.ts';
import { discover } from '../discover.ts';
import { loadProjectConfig } from '../project-config.ts';
import { useColor, type CliIO } from '../io.ts';
import { readSources } from '../read.ts';
import { docsPage } from '../docs-pages.ts';
import { sourceRoot } from '../source-root.ts';

export async function check(argv: readonly string[], io: CliIO): Promise<number> {
  const { options, positionals } = parseArgs(
    argv,
    [{ name: 'format', values: FORMATS }, { name: 'strict' }, { name: 'no-color' }],
    'check',
  );
  // In a GitHub Actions job, annotations are what the user sees, so they are the default there.
  const format =
    (options.get('format') as Format | undefined) ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text');

  const files = await discover(positionals, io.cwd, 'check');
  // `meshc.json` of the project: severities of analysis codes (see docs/configuration.md).
  const config = await loadProjectConfig(positionals, io.cwd, 'check');
  const decoded = await readSources(files);
  const texts: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  decoded.forEach((result, i) => {
    if ('text' in result) texts.push({ path: files[i]!.path, text: result.text });
    else diagnostics.push(result.diagnostic);
  });

  const compiler = await io.loadCompiler();
  diagnostics.push(...compiler.checkProgram(texts, config ? { config } : {}).diagnostics);

  const sources = new Map(texts.map((t) => [t.path, t.text]));
  io.stdout(
    render(format, { diagnostics, sources }, {
      color: useColor(io, io.stdoutIsTTY, options.has('no-color')),
      cwd: io.cwd,
      root: sourceRoot(io.cwd, io.env),
      docs: docsPage,
      version: compiler.VERSION,
    }),
  );
  const failing = options.has('strict') ? ['error', 'warning'] : ['error'];
  return diagnostics.some((d) => failing.includes(d.severity)) ? 1 : 0;
}
