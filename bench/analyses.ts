/**
 * What the misconfiguration analyses (`compiler/analyses/`, with `compiler/suppress.ts`) add to
 * `meshc check`, on the generated project (`generateProject(N, 1)`, N = 1000 by default).
 *
 * Each round times, on the same esbuild bundle as `run.ts` (the code as it ships):
 * - **check**: `checkProgram(files)`, everything `meshc check` does short of reading and printing;
 * - **analyses**: `runAnalyses` and `applySuppressions` alone, on a program parsed and checked
 *   beforehand (outside the timing), which is the share of **check** they account for.
 * The figure is `analyses / (check − analyses)`: the time the analyses add to a check without
 * them. The target is at most 30%. Rounds alternate the order of the two, and the medians are
 * reported.
 *
 * The generated project has no findings, so the analyses never build the syntax index they use to
 * point at a word of a statement. `--findings` adds one file with a shadowed rule, a retry budget
 * that does not fit and a split that does not total 100%, so that the figure includes the index.
 *
 * Usage: `node --import tsx bench/analyses.ts [--n=1000] [--rounds=15] [--findings]`.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { generateProject } from './generate.ts';
import type * as Compiler from '../compiler/index.ts';
import type { runAnalyses } from '../compiler/analyses/index.ts';
import type { applySuppressions } from '../compiler/suppress.ts';
import type { checkFiles } from '../compiler/check/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmpDir = path.join(root, 'bench', 'results', 'tmp');

interface Bundle {
  checkProgram: typeof Compiler.checkProgram;
  parseFile: typeof Compiler.parseFile;
  checkFiles: typeof checkFiles;
  runAnalyses: typeof runAnalyses;
  applySuppressions: typeof applySuppressions;
}

async function load(): Promise<Bundle> {
  const outfile = path.join(tmpDir, 'analyses.mjs');
  mkdirSync(tmpDir, { recursive: true });
  await esbuild.build({
    stdin: {
      contents: [
        "export { checkProgram, parseFile } from './compiler/index.ts';",
        "export { checkFiles } from './compiler/check/index.ts';",
        "export { runAnalyses } from './compiler/analyses/index.ts';",
        "export { applySuppressions } from './compiler/suppress.ts';",
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'bench-analyses-entry.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return (await import(pathToFileURL(outfile).href + `?t=${Date.now()}`)) as Bundle;
}

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const n = option('n', 1000);
  const rounds = option('rounds', 15);
  const bundle = await load();
  const files = generateProject(n, 1);
  if (process.argv.includes('--findings')) {
    files.push({
      path: 'services/findings.mesh',
      text: [
        'service findings {',
        '  namespace platform',
        '  port 8080 http',
        '  versions v1, v2',
        '  timeout 1s',
        '  retries 3 per-try 500ms on 5xx',
        '  route {',
        '    otherwise -> v1 60%, v2 60%',
        '    when header x-canary present -> v2',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
  }
  const texts = new Map(files.map((f) => [f.path, f.text]));

  const check = (): number => {
    const start = process.hrtime.bigint();
    bundle.checkProgram(files);
    return ms(start);
  };
  const analyses = (): { time: number; found: number } => {
    const parsed = files.map((f) => bundle.parseFile(f.text, f.path));
    const trees = parsed.map((p) => p.value);
    const checked = bundle.checkFiles(trees);
    const prior = [...parsed.flatMap((p) => p.diagnostics), ...checked.diagnostics];
    const programClean = !prior.some((d) => d.severity === 'error');
    const start = process.hrtime.bigint();
    const found = bundle.runAnalyses(checked.value, trees, { texts, prior });
    const kept = bundle.applySuppressions([...prior, ...found], { files: trees, texts, programClean });
    return { time: ms(start), found: kept.length - prior.length };
  };

  for (let i = 0; i < 3; i++) (check(), analyses());
  const checkTimes: number[] = [];
  const analysisTimes: number[] = [];
  const shares: number[] = [];
  let found = 0;
  for (let round = 0; round < rounds; round++) {
    let c: number;
    let a: { time: number; found: number };
    if (round % 2 === 0) {
      c = check();
      a = analyses();
    } else {
      a = analyses();
      c = check();
    }
    checkTimes.push(c);
    analysisTimes.push(a.time);
    shares.push(a.time / (c - a.time));
    found = a.found;
  }
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
  const added = median(shares) * 100;
  const lines = [
    `meshc analyses on generateProject(${n}, 1)${process.argv.includes('--findings') ? ' with a file of findings' : ''}: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB, ${rounds} rounds`,
    `  check (checkProgram, analyses included): ${median(checkTimes).toFixed(1)} ms (median)`,
    `  analyses + suppression alone:            ${median(analysisTimes).toFixed(2)} ms (median)`,
    `  added to check without analyses:         ${added.toFixed(1)}% (median of per-round ratios; target ≤ 30%: ${added <= 30 ? 'met' : 'NOT met'})`,
    `  analysis diagnostics on this project:    ${found}`,
    `  node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
