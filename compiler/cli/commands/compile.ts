/**
 * `meshc compile [PATH…] [--target T…] (--out DIR | --stdout)`: checks the files as one program
 * and, when there are no errors, writes each target's configuration (see `write-outputs.ts`).
 */
import path from 'node:path';
import { render, FORMATS, type Format } from '../../diagnostics/render/index.ts';
import type { Diagnostic } from '../../diagnostics/types.ts';
import { parseArgs } from '../args.ts';
import type { OutputWorkerMode, SourceText } from '../compiler.ts';
import { discover } from '../discover.ts';
import { CliError, usageError } from '../errors.ts';
import { useColor, type CliIO } from '../io.ts';
import { readSources } from '../read.ts';
import { docsPage } from '../docs-pages.ts';
import { sourceRoot } from '../source-root.ts';
import { writeOutputs } from '../write-outputs.ts';
import { loadProjectConfig } from '../project-config.ts';

/** The targets of the command-line contract, and those this version implements. */
const CONTRACT_TARGETS = ['istio', 'gateway-api', 'envoy'] as const;
const IMPLEMENTED_TARGETS = ['istio', 'envoy'] as const;

export async function compile(argv: readonly string[], io: CliIO): Promise<number> {
  const { options, all, positionals } = parseArgs(
    argv,
    [
      { name: 'target', values: CONTRACT_TARGETS, repeatable: true },
      { name: 'out', free: true },
      { name: 'stdout' },
      { name: 'format', values: FORMATS },
      { name: 'strict' },
      { name: 'no-color' },
    ],
    'compile',
  );
  const out = options.get('out') as string | undefined;
  const toStdout = options.has('stdout');
  if (out === undefined && !toStdout) throw usageError('say where the output goes: --out DIR, or --stdout', 'compile');
  if (out !== undefined && toStdout) throw usageError('give either --out DIR or --stdout, not both', 'compile');
  const requested = [...new Set(all.get('target') ?? IMPLEMENTED_TARGETS)].sort();
  const missing = requested.filter((t) => !(IMPLEMENTED_TARGETS as readonly string[]).includes(t));
  if (missing.length > 0) {
    throw new CliError(`--target ${missing.join(', ')} is not implemented yet; this version compiles for: ${IMPLEMENTED_TARGETS.join(', ')}`, 'unavailable');
  }
  const targets = requested as (typeof IMPLEMENTED_TARGETS)[number][];
  const format = (options.get('format') as Format | undefined) ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text');

  const files = await discover(positionals, io.cwd, 'compile');
  const decoded = await readSources(files);
  const texts: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  decoded.forEach((result, i) => {
    if ('text' in result) texts.push({ path: files[i]!.path, text: result.text });
    else diagnostics.push(result.diagnostic);
  });

  // `meshc.json` sets the severities of analysis codes, which decide whether the compile fails.
  const config = await loadProjectConfig(positionals, io.cwd, 'compile');
  const compiler = await io.loadCompiler();
  const outputWorker = outputWorkerMode(io.env.MESHC_OUTPUT_WORKER);
  const result = await compiler.compileProgram(texts, config ? { targets, config, outputWorker } : { targets, outputWorker });
  // `close` stops the output worker, whether the files are written or the compile stops here.
  try {
    diagnostics.push(...result.diagnostics);
    // With --stdout the configuration owns standard output, so problems go to standard error.
    const report = render(format, { diagnostics, sources: new Map(texts.map((t) => [t.path, t.text])) }, {
      color: useColor(io, toStdout ? io.stderrIsTTY : io.stdoutIsTTY, options.has('no-color')),
      cwd: io.cwd,
      root: sourceRoot(io.cwd, io.env),
      docs: docsPage,
      version: compiler.VERSION,
    });
    if (toStdout) io.stderr(report);
    else io.stdout(report);

    const failing = options.has('strict') ? ['error', 'warning'] : ['error'];
    if (diagnostics.some((d) => failing.includes(d.severity))) return 1;

    // The validation gate, before anything is written (a failure is a bug in meshc: exit code 3).
    const produce = await result.gate();
    if (toStdout) {
      const contents: string[] = [];
      await produce((i, content) => (contents[i] = content));
      io.stdout(result.outputs.map((o, i) => `# File: ${o.path}\n${contents[i]}`).join('---\n'));
      return 0;
    }
    await writeOutputs(path.resolve(io.cwd, out!), out!, targets, result.outputs, produce);
    if (format === 'text') io.stdout(`meshc: wrote ${result.outputs.length} files to ${targets.map((t) => path.join(out!, t)).join(', ')}\n`);
    return 0;
  } finally {
    result.close();
  }
}

/**
 * `MESHC_OUTPUT_WORKER`: `on` (or `1`, `true`) forces the second thread of a compile, `off` (or
 * `0`, `false`) forbids it; unset or anything else is `auto`.
 */
export function outputWorkerMode(value: string | undefined): OutputWorkerMode {
  const v = value?.trim().toLowerCase();
  if (v === 'on' || v === '1' || v === 'true') return 'on';
  if (v === 'off' || v === '0' || v === 'false') return 'off';
  return 'auto';
}
