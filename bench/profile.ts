/**
 * Where the time goes: a CPU profile of one benchmark stage, summarised by function and by file.
 *
 * Usage: `node --import tsx bench/profile.ts [--stage=check|parse|floor] [--n=1000] [--runs=10]
 * [--top=25] [--source]`. It profiles the same bundle `bench/run.ts` measures, maps positions
 * back to the TypeScript sources through the bundle's source map, prints the functions with the
 * most self time, the most inclusive time, and self time per source file, and writes the raw
 * profile to `bench/results/tmp/<stage>-<n>.cpuprofile` for Chrome DevTools or speedscope.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.ts';
import { loadFrontEnd, stageRunner, tmpDir, type Stage } from './front-end.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

function option(argv: string[], name: string, fallback: string): string {
  const found = argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

/** `file:line` in the TypeScript sources where possible, else in the bundle or Node's internals. */
function place(frame: CallFrame): { file: string; where: string } {
  if (!frame.url) return { file: `(${frame.functionName || 'native'})`, where: '' };
  // Node keys source maps by the module's URL (query included); try that, then the plain path.
  const map = frame.url.startsWith('file:') ? (findSourceMap(frame.url) ?? findSourceMap(fileURLToPath(frame.url))) : undefined;
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource) {
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    const file = path.relative(root, path.resolve(path.dirname(fileURLToPath(frame.url)), source));
    return { file, where: `${file}:${(entry.originalLine ?? 0) + 1}` };
  }
  const file = frame.url.startsWith('file:') ? path.relative(root, fileURLToPath(frame.url)) : frame.url;
  return { file, where: `${file}:${frame.lineNumber + 1}` };
}

function summarise(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const labels = new Map<number, { label: string; file: string }>();
  for (const n of profile.nodes) {
    const { file, where } = place(n.callFrame);
    labels.set(n.id, { label: `${n.callFrame.functionName || '(anonymous)'}  ${where}`.trim(), file });
  }
  // Sample weights are the time until the next sample, in microseconds.
  const time = new Map<number, number>();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  const total = [...time.values()].reduce((a, b) => a + b, 0);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, t] of time) {
    const own = labels.get(id)!;
    self.set(own.label, (self.get(own.label) ?? 0) + t);
    files.set(own.file, (files.get(own.file) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const label = labels.get(cur)!.label;
      if (seen.has(label)) continue;
      seen.add(label);
      inclusive.set(label, (inclusive.get(label) ?? 0) + t);
    }
  }
  const list = (title: string, m: Map<string, number>, count: number) => [
    title,
    ...[...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(6)}%  ${k}`),
  ];
  void byId;
  return [
    `total ${(total / 1000).toFixed(0)} ms sampled`,
    '',
    ...list('Self time by function:', self, top),
    '',
    ...list('Self time by file:', files, 15),
    '',
    ...list('Inclusive time by function:', inclusive, top + 15),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const stage = option(argv, 'stage', 'check') as Stage;
  const n = Number(option(argv, 'n', '1000'));
  const runs = Number(option(argv, 'runs', '10'));
  const top = Number(option(argv, 'top', '25'));
  // Source maps must be on before the bundle is loaded, for `findSourceMap` to know it.
  process.setSourceMapsEnabled(true);
  const front = await loadFrontEnd(argv.includes('--source'), { floor: stage === 'floor' });
  const files = generateProject(n, 1);
  const run = stageRunner(front, stage, files);
  if (!run || !['floor', 'parse', 'check'].includes(stage)) {
    process.stderr.write(`cannot profile stage '${stage}'${front.checkNote ? `: ${front.checkNote}` : ''}\n`);
    return 2;
  }
  for (let i = 0; i < 2; i++) run();

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) run();
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  session.disconnect();

  const out = path.join(tmpDir, `${stage}-${n}.cpuprofile`);
  writeFileSync(out, JSON.stringify(profile));
  process.stdout.write(`${stage}, N=${n}, ${runs} runs: ${(elapsed / runs).toFixed(1)} ms per run (${front.build})\n`);
  process.stdout.write(summarise(profile, top) + `\n\nprofile written to ${path.relative(root, out)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
