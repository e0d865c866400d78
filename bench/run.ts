/**
 * The meshc benchmark: how fast the front end is, against the floor set by the parser library.
 *
 * For each project size it generates a project in memory (`bench/generate.ts`) and times three
 * stages over the same text:
 *
 * - **floor**: chevrotain alone, `meshLexer.tokenize` + `floorParser.file()` per file: the cost of
 *   the grammar as written, building chevrotain's own syntax tree (`floor-parser.ts`);
 * - **parse**: `parseFile` per file: lexing, and parsing into the typed syntax tree;
 * - **parse + check**: `checkProgram(files)` from `compiler/index.ts`: everything `meshc check`
 *   does short of reading files and rendering diagnostics.
 *
 * Then it times `meshc check examples/bookinfo` as a fresh process (CLI cold start), prints a
 * table, and writes `bench/results.md` and `bench/results.json`. See `bench/README.md`.
 *
 * Usage: `npm run bench`, or `node --import tsx bench/run.ts [--sizes=100,1000] [--source] [--no-write]`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { generateProject } from './generate.ts';
import { loadFrontEnd, stageRunner, type Stage } from './front-end.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = path.join(root, 'bench');

/** Fixed, so that every run measures the same bytes. */
const SEED = 1;
const DEFAULT_SIZES = [100, 1000, 5000];
/** Warm-up and measured runs per stage, by project size; big projects get fewer. */
function runPlan(n: number): { warmup: number; runs: number } {
  if (n <= 200) return { warmup: 10, runs: 31 };
  if (n <= 2000) return { warmup: 5, runs: 15 };
  return { warmup: 3, runs: 9 };
}
/**
 * Time allowed to the runs of one stage at one size. A slow stage gets fewer measured runs (at
 * least one) so that a full run stays within about three minutes on a 2-core machine.
 */
const STAGE_BUDGET_MS = 25_000;
/** The least and the most time spent warming up each size. */
const MIN_WARMUP_MS = 2_000;
const MAX_WARMUP_MS = 15_000;
const COLD_START_RUNS = 20;

export const TARGETS = {
  ratio: 3,
  checkMsAt1000: 1000,
  coldStartMs: 200,
} as const;

// ---- Measuring -------------------------------------------------------------------------------------

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface Timing {
  medianMs: number;
  minMs: number;
  /** Median CPU time of a run (ms), all threads. */
  cpuMedianMs: number;
  runs: number;
  /** The highest heap use during one run, above the heap in use before it (MB). */
  peakHeapMB: number;
  /** What the stage's result keeps alive after a full GC (MB). */
  retainedHeapMB: number;
}

function elapsedMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Wall time and CPU time of one run. CPU time (user + system, all of the process's threads, so
 * it includes V8's parallel GC and compiler threads) does not count the time the process waited
 * for a core, which is most of the noise on a busy machine.
 */
function timeRun(fn: () => unknown): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const wall = elapsedMs(fn);
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Times one stage: warm-up, then the measured runs, then one run watched for heap use.
 *
 * NOTE: each stage runs in a process of its own (see `measureInWorker`). In one process the
 * stages disturb each other: once `parseFile` and `checkProgram` keep syntax trees alive, V8
 * starts allocating chevrotain's tokens and tree nodes straight into the old generation
 * (allocation-site pretenuring), and the floor then ran up to three times slower in some
 * processes and not in others.
 */
function measureStage(fn: () => unknown, n: number): Timing {
  const plan = runPlan(n);
  const first = elapsedMs(fn);
  let warmup = plan.warmup - 1;
  let runs = plan.runs;
  if (first * (warmup + runs) > STAGE_BUDGET_MS) {
    warmup = Math.min(warmup, 1);
    runs = Math.max(1, Math.min(runs, Math.floor(STAGE_BUDGET_MS / first) - warmup));
  }
  // Warm up by count, by time, and until run times stop falling: V8 optimises on background
  // threads, which a busy 2-core machine starves, so a few fast runs can end before the hot
  // code is optimised.
  const warmupStart = Date.now();
  const history: number[] = [first];
  const settled = () => {
    if (history.length < 6) return false;
    return Math.min(...history.slice(-3)) >= 0.95 * Math.min(...history.slice(-6, -3));
  };
  for (let i = 0; ; i++) {
    const spent = Date.now() - warmupStart;
    if (i >= warmup && spent >= MIN_WARMUP_MS && (settled() || spent >= MAX_WARMUP_MS)) break;
    history.push(elapsedMs(fn));
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    // NOTE: no forced GC between runs: a full GC shrinks the young generation back to its
    // minimum, and the next run then spends its time in scavenges (measured: the floor at
    // N=1000 ran at half speed). Runs see the heap in the steady state of a long session.
    const t = timeRun(fn);
    wall.push(t.wall);
    cpu.push(t.cpu);
  }
  return { medianMs: median(wall), minMs: Math.min(...wall), cpuMedianMs: median(cpu), runs, ...heap(fn) };
}

/** Runs `measureStage` in a fresh Node process (this script with `--worker`), and returns its result. */
function measureInWorker(stage: Stage, n: number, fromSource: boolean): Timing {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--worker', `--stage=${stage}`, `--n=${n}`];
  if (fromSource) args.push('--source');
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  const last = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !last.startsWith('{')) {
    throw new Error(`the ${stage} worker for N=${n} failed (exit code ${result.status}):\n${result.stderr}`);
  }
  return JSON.parse(last) as Timing;
}

async function worker(argv: string[]): Promise<number> {
  const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const stage = option('stage') as Stage;
  const n = Number(option('n'));
  const front = await loadFrontEnd(argv.includes('--source'), { reuseBundle: true, floor: stage === 'floor' });
  const run = stageRunner(front, stage, generateProject(n, SEED));
  if (!run) throw new Error(`stage ${stage} is not available: ${front.checkNote ?? ''}`);
  process.stdout.write(JSON.stringify(measureStage(run, n)) + '\n');
  return 0;
}

/**
 * Heap use of one run. Used heap only grows between collections, so its peak is the largest of
 * the sizes seen just before each GC (recorded by `v8.GCProfiler`) and the size at the end.
 */
function heap(fn: () => unknown): { peakHeapMB: number; retainedHeapMB: number } {
  gc();
  const base = process.memoryUsage().heapUsed;
  const profiler = new v8.GCProfiler();
  profiler.start();
  let result: unknown = fn();
  const end = process.memoryUsage().heapUsed;
  const stats = profiler.stop();
  let peak = end;
  for (const event of stats.statistics) peak = Math.max(peak, event.beforeGC.heapStatistics.usedHeapSize);
  gc();
  const retained = process.memoryUsage().heapUsed - base;
  // Keep the result alive up to here, so that the GC above cannot take it.
  if (result === base) result = undefined;
  return { peakHeapMB: Math.max(0, peak - base) / 2 ** 20, retainedHeapMB: Math.max(0, retained) / 2 ** 20 };
}

// ---- Cold start ------------------------------------------------------------------------------------

interface ColdStart {
  medianMs?: number;
  p90Ms?: number;
  runs: number;
  exitCode?: number | null;
  note?: string;
}

function coldStart(): ColdStart {
  const args = ['bin/meshc.js', 'check', 'examples/bookinfo'];
  if (!existsSync(path.join(root, 'dist', 'meshc.js'))) {
    return { runs: 0, note: 'dist/meshc.js is not built (run `npm run build`); cold start not measured' };
  }
  const once = () => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: result.status, stderr: result.stderr };
  };
  const warm = once();
  const times: number[] = [];
  for (let i = 0; i < COLD_START_RUNS; i++) times.push(once().ms);
  const result: ColdStart = { medianMs: median(times), p90Ms: percentile(times, 0.9), runs: times.length, exitCode: warm.status };
  // Exit code 1 only means the example has errors; 2 and 3 mean the figure is not a real check.
  if (warm.status !== 0 && warm.status !== 1) {
    result.note = `\`meshc check\` exited with code ${warm.status}: ${warm.stderr.trim().split('\n')[0] ?? ''}`;
  }
  return result;
}

// ---- Report ----------------------------------------------------------------------------------------

interface SizeResult {
  n: number;
  files: number;
  bytes: number;
  floor: Timing;
  parse: Timing;
  check?: Timing;
  /** Error diagnostics `checkProgram` reported on the generated project (expected: 0). */
  checkErrors?: number;
  /** Median parse + check time over median floor time. */
  ratio?: number;
  /** The fastest parse + check run over the fastest floor run. */
  ratioOfMinimums?: number;
  /** Like `ratio`, from median CPU times, which leave out time spent waiting for a core. */
  cpuRatio?: number;
}

const mb = (bytes: number) => bytes / 1e6;
const fixed = (x: number | undefined, digits = 1) => (x === undefined ? '—' : x.toFixed(digits));
const rate = (bytes: number, t: Timing | undefined) => (t ? fixed(mb(bytes) / (t.medianMs / 1000), 2) : '—');

function table(rows: SizeResult[]): string {
  const head = [
    'N', 'files', 'MB', 'floor ms', 'floor MB/s', 'parse ms', 'parse MB/s', 'parse+check ms', 'parse+check MB/s',
    'ratio (p+c)/floor', 'CPU ratio', 'peak heap MB floor / parse / p+c',
  ];
  const body = rows.map((r) => [
    String(r.n), String(r.files), fixed(mb(r.bytes), 2),
    fixed(r.floor.medianMs), rate(r.bytes, r.floor),
    fixed(r.parse.medianMs), rate(r.bytes, r.parse),
    r.check ? fixed(r.check.medianMs) : 'missing', rate(r.bytes, r.check),
    r.ratio === undefined ? '—' : fixed(r.ratio, 2),
    r.cpuRatio === undefined ? '—' : fixed(r.cpuRatio, 2),
    `${fixed(r.floor.peakHeapMB, 0)} / ${fixed(r.parse.peakHeapMB, 0)} / ${r.check ? fixed(r.check.peakHeapMB, 0) : '—'}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i]!)).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 1) + ':').join('|') + '|', ...body.map(line)].join('\n');
}

type Verdict = 'met' | 'not met' | 'not measured';

function verdicts(rows: SizeResult[], cold: ColdStart): { name: string; target: string; measured: string; verdict: Verdict }[] {
  const ratios = rows.filter((r) => r.ratio !== undefined);
  const at1000 = rows.find((r) => r.n === 1000);
  const coldOk = cold.medianMs !== undefined && cold.note === undefined;
  return [
    {
      name: 'parse + check vs floor',
      target: `ratio ≤ ${TARGETS.ratio} at every N`,
      measured: ratios.length > 0 ? ratios.map((r) => `${fixed(r.ratio, 2)} (N=${r.n})`).join(', ') : 'checkProgram missing',
      verdict: ratios.length === 0 || ratios.length < rows.length ? 'not measured' : ratios.every((r) => r.ratio! <= TARGETS.ratio) ? 'met' : 'not met',
    },
    {
      name: 'parse + check, N=1000',
      target: `≤ ${TARGETS.checkMsAt1000} ms`,
      measured: at1000?.check ? `${fixed(at1000.check.medianMs)} ms` : 'not measured',
      verdict: !at1000?.check ? 'not measured' : at1000.check.medianMs <= TARGETS.checkMsAt1000 ? 'met' : 'not met',
    },
    {
      name: 'CLI cold start (`meshc check examples/bookinfo`, median)',
      target: `≤ ${TARGETS.coldStartMs} ms`,
      measured: cold.medianMs !== undefined ? `${fixed(cold.medianMs)} ms (p90 ${fixed(cold.p90Ms)} ms)` : 'not measured',
      verdict: !coldOk ? 'not measured' : cold.medianMs! <= TARGETS.coldStartMs ? 'met' : 'not met',
    },
  ];
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

// ---- Main ------------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--worker')) return worker(argv);
  const sizesArg = argv.find((a) => a.startsWith('--sizes='));
  const sizes = sizesArg ? sizesArg.slice('--sizes='.length).split(',').map(Number) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    process.stderr.write('usage: node --import tsx bench/run.ts [--sizes=100,1000,5000] [--source] [--no-write]\n');
    return 2;
  }
  const write = !argv.includes('--no-write');
  const started = Date.now();
  const loadBefore = os.loadavg()[0]!;
  const fromSource = argv.includes('--source');
  // Builds both bundles: the floor's, for its workers, and the front end's.
  await loadFrontEnd(fromSource, { floor: true });
  const front = await loadFrontEnd(fromSource);
  const { checkProgram, checkNote } = front;
  process.stdout.write(`Code under test: ${front.build}.\n`);
  if (checkNote) process.stdout.write(`parse + check: not measured, ${checkNote}.\n`);

  const rows: SizeResult[] = [];
  for (const n of sizes) {
    const files = generateProject(n, SEED);
    const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
    process.stdout.write(`N=${n}: ${files.length} files, ${fixed(mb(bytes), 2)} MB …`);
    const row: SizeResult = { n, files: files.length, bytes, floor: measureInWorker('floor', n, fromSource), parse: measureInWorker('parse', n, fromSource) };
    if (checkProgram) {
      const errors = checkProgram(files).diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        const first = errors[0]!;
        process.stdout.write(`\n  warning: checkProgram reports ${errors.length} errors on generated input, first: ${first.file} ${first.code} ${first.message}\n`);
      }
      const check = measureInWorker('check', n, fromSource);
      Object.assign(row, {
        check,
        checkErrors: errors.length,
        ratio: check.medianMs / row.floor.medianMs,
        cpuRatio: check.cpuMedianMs / row.floor.cpuMedianMs,
        ratioOfMinimums: check.minMs / row.floor.minMs,
      } satisfies Partial<SizeResult>);
    }
    rows.push(row);
    process.stdout.write(` done\n`);
  }

  process.stdout.write(`CLI cold start: ${COLD_START_RUNS} runs of \`node bin/meshc.js check examples/bookinfo\` …\n`);
  const cold = coldStart();

  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
    /** One-minute load averages before and after: on a shared machine, a high load means noisy figures. */
    loadAverage: [loadBefore, os.loadavg()[0]!].map((x) => Number(x.toFixed(2))),
    commit: gitCommit(),
  };
  const targets = verdicts(rows, cold);
  const tableText = table(rows);
  const coldText =
    cold.medianMs === undefined
      ? `CLI cold start: not measured: ${cold.note}`
      : `CLI cold start (\`node bin/meshc.js check examples/bookinfo\`, ${cold.runs} runs after one warm-up): ` +
        `median ${fixed(cold.medianMs)} ms, p90 ${fixed(cold.p90Ms)} ms, exit code ${cold.exitCode}` +
        (cold.note ? ` (${cold.note})` : '');

  process.stdout.write(`\n${tableText}\n\n${coldText}\n\n`);
  for (const t of targets) process.stdout.write(`${t.verdict.padEnd(12)} ${t.name}: ${t.target}; measured ${t.measured}\n`);
  process.stdout.write(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);

  if (write) {
    const notes: string[] = [];
    if (Math.max(...machine.loadAverage) > machine.cores) {
      notes.push(
        `- The machine was busy (load average ${machine.loadAverage.join(' / ')} on ${machine.cores} cores): absolute times, MB/s and the cold start are inflated, and so is the spread between runs; the CPU ratio, which leaves out time spent waiting for a core, holds up better.`,
      );
    }
    if (checkNote) notes.push(`- parse + check: not measured, ${checkNote}.`);
    for (const r of rows) {
      if (r.checkErrors) notes.push(`- N=${r.n}: \`checkProgram\` reported ${r.checkErrors} errors on the generated project; the generator or the checker needs a look.`);
    }
    const slow = rows.flatMap((r) =>
      (['floor', 'parse', 'check'] as const).flatMap((s) => {
        const t = r[s];
        return t && t.runs < runPlan(r.n).runs ? [`${s} at N=${r.n}: ${t.runs} runs`] : [];
      }),
    );
    if (slow.length > 0) notes.push(`- Fewer runs than planned, to stay within the time budget: ${slow.join('; ')}.`);
    const md = [
      '# meshc benchmark results',
      '',
      'Written by `bench/run.ts` (`npm run bench`); see `bench/README.md` for what is measured and how to read it.',
      '',
      `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.platform}`,
      `- Node: ${machine.node}`,
      `- Load average (1 min) before / after: ${machine.loadAverage.join(' / ')} on ${machine.cores} cores`,
      `- Date: ${machine.date}`,
      ...(machine.commit ? [`- Commit: ${machine.commit} (plus any uncommitted changes in the work tree)`] : []),
      `- Code under test: ${front.build}`,
      `- Input: \`generateProject(N, ${SEED})\` from \`bench/generate.ts\`; times are medians of the measured runs, after warm-up.`,
      '',
      tableText,
      '',
      coldText,
      '',
      '## Targets',
      '',
      '| target | goal | measured | verdict |',
      '|---|---|---|---|',
      ...targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | **${t.verdict}** |`),
      ...(notes.length > 0 ? ['', '## Notes', '', ...notes] : []),
      '',
    ].join('\n');
    writeFileSync(path.join(benchDir, 'results.md'), md);
    const json = { machine, build: front.build, seed: SEED, targets: TARGETS, verdicts: targets, sizes: rows, coldStart: cold, notes: checkNote ? [checkNote] : [] };
    writeFileSync(path.join(benchDir, 'results.json'), JSON.stringify(json, null, 2) + '\n');
    process.stdout.write('wrote bench/results.md and bench/results.json\n');
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
