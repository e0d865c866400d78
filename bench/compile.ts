/**
 * `meshc compile --target istio` end to end (read, parse, check, analyses, IR, emit, validate,
 * write) on generated projects of N = 1000 and 5000 services, as a fresh CLI process, with its
 * peak RSS; and the floor: only YAML-serialising the same objects plus only schema-validating
 * them (`@kubernetes-models/istio`), in process.
 *
 * Targets (issue 3): N=1000 ≤ 2 s, N=5000 ≤ 10 s, peak RSS ≤ 1 GB, end to end ≤ 3× the floor.
 *
 * Usage: `npm run build && node --import tsx bench/compile.ts [--sizes=1000,5000]`. Writes
 * `bench/results-compile.md`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.ts';
import { checkProgram } from '../compiler/index.ts';
import { emitIstio } from '../compiler/backends/istio/index.ts';
import { toYamlDocuments } from '../compiler/emit/yaml.ts';
import { validateSchemaOnly } from './schema-only.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Warm runs of the floor in each floor process, after its first (cold) run. */
const FLOOR_WARM_RUNS = 8;
const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '1000,5000').split(',').map(Number);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// The floor as a fresh process (`compile-floor.ts`), bundled as the CLI is.
const coldFloorScript = path.join(root, 'bench', 'results', 'tmp', 'compile-floor.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'bench', 'compile-floor.ts')],
  outfile: coldFloorScript,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
  logLevel: 'error',
});

const loadStart = os.loadavg()[0]!.toFixed(1);
const rows: string[] = [];
for (const n of sizes) {
  const files = generateProject(n, 1);
  const dir = mkdtempSync(path.join(os.tmpdir(), `meshc-bench-${n}-`));
  try {
    for (const f of files) {
      mkdirSync(path.dirname(path.join(dir, 'src', f.path)), { recursive: true });
      writeFileSync(path.join(dir, 'src', f.path), f.text);
    }
    const runs = n >= 5000 ? 3 : 5;
    const wall: number[] = [];
    const fresh: number[] = [];
    const rss: number[] = [];
    const cpu: number[] = [];
    // Alternately a recompile into `out` (which holds the previous, identical output: meshc links
    // the files it does not change) and a compile into a new, empty folder (every file created).
    const compile = (out: string) =>
      spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, path.join(root, 'bin/meshc.js'), 'compile', 'src', '--target', 'istio', '--out', out], { cwd: dir, encoding: 'utf8' });
    compile('out');
    for (let i = 0; i < 2 * runs; i++) {
      const out = i % 2 === 0 ? 'out' : `fresh-${i}`;
      const run = compile(out);
      if (run.status !== 0) throw new Error(`compile failed for N=${n}: ${run.stdout}${run.stderr}`);
      const [seconds, kb, user, sys] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      (i % 2 === 0 ? wall : fresh).push(seconds! * 1000);
      if (i % 2 === 0) cpu.push((user! + sys!) * 1000);
      rss.push(kb! / 1024);
    }
    // The floor: the same objects, only serialised and only schema-validated.
    const ir = checkProgram(files).ir!;
    const objectFiles = emitIstio(ir);
    const floor: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t = performance.now();
      for (const f of objectFiles) {
        for (const o of f.objects) validateSchemaOnly(o);
        toYamlDocuments(f.objects);
      }
      floor.push(performance.now() - t);
    }
    floor.shift();
    // The same work in fresh processes that do nothing else: the first time (cold, as a compile
    // does its own), then warm; and each process as a whole.
    const objectsJson = path.join(dir, 'objects.json');
    writeFileSync(objectsJson, JSON.stringify(objectFiles.map((f) => f.objects)));
    const coldWork: number[] = [];
    const cleanWarm: number[] = [];
    const coldProcess: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Once (the cold work and the process as a whole), then with warm runs after the first.
      const once = spawnSync('/usr/bin/time', ['-f', '%e', process.execPath, coldFloorScript, objectsJson], { encoding: 'utf8' });
      const warm = spawnSync(process.execPath, [coldFloorScript, objectsJson, String(FLOOR_WARM_RUNS)], { encoding: 'utf8' });
      if (once.status !== 0 || warm.status !== 0) throw new Error(`the floor process failed: ${once.stderr}${warm.stderr}`);
      coldWork.push(Number(once.stdout.trim().split('\n')[0]));
      coldProcess.push(Number(once.stderr.trim().split('\n').pop()) * 1000);
      // The first two warm runs are still being optimised by V8; the rest are the warm floor.
      cleanWarm.push(...warm.stdout.trim().split('\n')[0]!.split(' ').map(Number).slice(3));
    }

    const objects = objectFiles.reduce((s, f) => s + f.objects.length, 0);
    const e2e = median(wall);
    const e2eFresh = median(fresh);
    const fl = median(floor);
    const clean = median(cleanWarm);
    const target = n <= 1000 ? 2000 : 10000;
    const verdict = (ms: number) => (ms <= target ? 'met' : '**not met**');
    // The strictest floor is the least the work costs: the lower of the two warm floors.
    const strictest = Math.min(fl, clean);
    const ratioVerdict = (ms: number) => `${ms / strictest <= 3 ? 'met' : '**not met**'} (${(ms / strictest).toFixed(2)})`;
    rows.push(
      `| ${n} | ${files.length} | ${objects} | ${e2e.toFixed(0)} | ${e2eFresh.toFixed(0)} | ${target} | ${verdict(Math.max(e2e, e2eFresh))} | ${median(cpu).toFixed(0)} | ${Math.max(...rss).toFixed(0)} | ${fl.toFixed(0)} / ${clean.toFixed(0)} | ${(e2e / fl).toFixed(2)} / ${(e2eFresh / fl).toFixed(2)} | ${(e2e / clean).toFixed(2)} / ${(e2eFresh / clean).toFixed(2)} | ${ratioVerdict(e2e)} / ${ratioVerdict(e2eFresh)} | ${median(coldWork).toFixed(0)} / ${median(coldProcess).toFixed(0)} | ${(e2e / median(coldWork)).toFixed(2)} / ${(e2e / median(coldProcess)).toFixed(2)} |`,
    );
    console.log(rows[rows.length - 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const table = [
  '| N | files | objects | end to end ms, recompile (median) | end to end ms, empty DIR (median) | target ms | verdict | CPU ms, recompile (user + sys, median) | peak RSS MB | warm floor ms (serialise + schema-validate): in the bench process / in a process of its own | ratio to the in-process floor: recompile / empty DIR | ratio to the floor in its own process: recompile / empty DIR | ratio ≤ 3 against the lower warm floor: recompile / empty DIR | cold floor ms, once in a fresh process: the work / the process | ratio, recompile, to the cold floor: work / process |',
  '|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|',
  ...rows,
].join('\n');
const loadEnd = os.loadavg()[0]!.toFixed(1);
const text = `# meshc compile benchmark\n\nWritten by \`bench/compile.ts\` (\`npm run build && node --import tsx bench/compile.ts\`).\n\n- Machine: ${os.cpus()[0]?.model}, ${os.cpus().length} cores, Node ${process.version}\n- Date: ${new Date().toISOString()}; load average (1 min) at the start ${loadStart}, at the end ${loadEnd} (other work on the machine slows the end-to-end runs, each a new process, more than the in-process floor; the CPU time of the process, all its threads, is steadier)\n- End to end: \`node bin/meshc.js compile src --target istio --out DIR\` as a fresh process (the esbuild bundle, with the V8 tuning that \`bin/meshc.js\` applies to one-shot commands, \`compiler/cli/v8-tuning.ts\`), timed with \`/usr/bin/time\` (wall time and peak RSS), median of 5 runs (3 at N=5000) of each kind, alternating: a recompile into a DIR that holds the previous (identical) output, whose files meshc links rather than writes again, and a compile into a new, empty DIR, where every file is created.\n- Floor: the same Kubernetes objects, only serialised to YAML (\`toYamlDocuments\`, as meshc does) and only validated with the \`@kubernetes-models/istio\` schema validators, on one thread. Measured three ways: (1) warm, in the bench process (median of 5 runs, 3 at N=5000, after one warm-up); (2) warm, in 5 processes of its own (3 at N=5000) (\`bench/compile-floor.ts\`, bundled like the CLI), each running the work 1 + ${FLOOR_WARM_RUNS} times: the median of the runs after the first three, with nothing else in the heap (usually the lowest figure); (3) cold: the first run of those processes, as \`meshc compile\` does its own work once, before V8 has optimised the serialiser and the validators (\"the work\", from the objects in memory to the last document), and the wall time of the whole process (\"the process\": start-up, loading the validators and the YAML library, reading the objects as JSON). The verdict on the ratio takes the lower warm floor, for each end-to-end time.\n- meshc serialises a large compile on two threads (\`compiler/output/parallel.ts\`); the floor is one thread's work. The CPU time column shows the work of all threads.\n- Targets: N=1000 ≤ 2 s, N=5000 ≤ 10 s, peak RSS ≤ 1 GB, ratio ≤ 3 (the end-to-end figure includes Node start-up, reading and writing files, parsing, checking, analyses, the unknown-field gate).\n\n${table}\n`;
writeFileSync(path.join(root, 'bench', 'results-compile.md'), text);
console.log(text);
