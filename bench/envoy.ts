/**
 * `meshc compile --target envoy` on the generated project (`generateProject(N, 1)`, N = 1000 by
 * default): end to end as a fresh CLI process, and in process the share of each stage after
 * checking, on an esbuild bundle built like the CLI's (the code as it ships).
 *
 * - **end to end**: `node bin/meshc.js compile src --target envoy --out out`, wall time and peak
 *   RSS from `/usr/bin/time`, median of the runs (the output folder exists from the second run
 *   on, so it is replaced, as in real use). Target: ≤ 3 s at N = 1000.
 * - **in process**, per round: `emitEnvoy(ir)` (build the resources), the validation gate over
 *   every file, and serialising every file to YAML; the medians, and the gate's share of
 *   emit + gate + serialise.
 * - **ratio to only serialising**: (emit + gate + serialise) / serialise, the cost of producing
 *   checked output over writing the same resources out.
 *
 * Usage: `npm run build && node --import tsx bench/envoy.ts [--n=1000] [--runs=5] [--rounds=7]`.
 * Writes `bench/results-envoy.md`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { generateProject } from './generate.ts';
import type * as Compiler from '../compiler/index.ts';
import type { emitEnvoy } from '../compiler/backends/envoy/index.ts';
import type { validateBootstrap, validateDiscoveryResponse } from '../compiler/backends/validate-envoy.ts';
import type { toPlainYaml } from '../compiler/emit/plain-yaml.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmpDir = path.join(root, 'bench', 'results', 'tmp');
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const n = arg('n', 1000);
const runs = arg('runs', 5);
const rounds = arg('rounds', 7);

interface Bundle {
  checkProgram: typeof Compiler.checkProgram;
  emitEnvoy: typeof emitEnvoy;
  validateBootstrap: typeof validateBootstrap;
  validateDiscoveryResponse: typeof validateDiscoveryResponse;
  toPlainYaml: typeof toPlainYaml;
}

async function load(): Promise<Bundle> {
  const outfile = path.join(tmpDir, 'envoy.mjs');
  mkdirSync(tmpDir, { recursive: true });
  await esbuild.build({
    stdin: {
      contents: [
        "export { checkProgram } from './compiler/index.ts';",
        "export { emitEnvoy } from './compiler/backends/envoy/index.ts';",
        "export { validateBootstrap, validateDiscoveryResponse } from './compiler/backends/validate-envoy.ts';",
        "export { toPlainYaml } from './compiler/emit/plain-yaml.ts';",
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'bench-envoy-entry.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(outfile).href)) as Bundle;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const loadBefore = os.loadavg()[0]!;
const files = generateProject(n, 1);
const dir = mkdtempSync(path.join(os.tmpdir(), `meshc-bench-envoy-${n}-`));
const wall: number[] = [];
const rss: number[] = [];
const cpu: number[] = [];
let written = '';
try {
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, 'src', f.path)), { recursive: true });
    writeFileSync(path.join(dir, 'src', f.path), f.text);
  }
  for (let i = 0; i < runs; i++) {
    const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, path.join(root, 'bin/meshc.js'), 'compile', 'src', '--target', 'envoy', '--out', 'out'], { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`compile failed for N=${n}: ${run.stdout.slice(-2000)}${run.stderr.slice(-2000)}`);
    const [seconds, kb, user, sys] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    wall.push(seconds! * 1000);
    rss.push(kb! / 1024);
    cpu.push((user! + sys!) * 1000);
    written = run.stdout.trim().split('\n').pop() ?? '';
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const b = await load();
const ir = b.checkProgram(files).ir!;
const t = { emit: [] as number[], gate: [] as number[], serialise: [] as number[] };
let bytes = 0;
let count = 0;
for (let r = 0; r < rounds + 1; r++) {
  let t0 = performance.now();
  const out = b.emitEnvoy(ir);
  const emit = performance.now() - t0;
  t0 = performance.now();
  for (const f of out.files) {
    const problems = f.kind === 'bootstrap' ? b.validateBootstrap(f.document) : b.validateDiscoveryResponse(f.document);
    if (problems.length > 0) throw new Error(`${f.path}: ${problems[0]}`);
  }
  const gate = performance.now() - t0;
  t0 = performance.now();
  bytes = 0;
  for (const f of out.files) bytes += b.toPlainYaml(f.document).length;
  const serialise = performance.now() - t0;
  count = out.files.length;
  if (r === 0) continue; // warm-up
  t.emit.push(emit);
  t.gate.push(gate);
  t.serialise.push(serialise);
}
const loadAfter = os.loadavg()[0]!;

const e2e = median(wall);
const [emit, gate, serialise] = [median(t.emit), median(t.gate), median(t.serialise)];
const produce = emit + gate + serialise;
const verdict = e2e <= 3000 ? 'met' : '**not met**';
const text = `# meshc compile --target envoy benchmark

Written by \`bench/envoy.ts\` (\`npm run build && node --import tsx bench/envoy.ts\`).

- Machine: ${os.cpus()[0]?.model}, ${os.cpus().length} cores, Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after
- Date: ${new Date().toISOString()}
- Input: \`generateProject(${n}, 1)\`, ${files.length} files; output: ${count} files, ${(bytes / 1e6).toFixed(1)} MB of YAML (${written})

| N | end to end ms (median of ${runs}) | target ms | verdict | CPU ms (user + sys) | peak RSS MB | emit ms | gate ms | serialise ms | gate share of emit + gate + serialise | (emit + gate + serialise) / serialise |
|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|
| ${n} | ${e2e.toFixed(0)} | 3000 | ${verdict} | ${median(cpu).toFixed(0)} | ${Math.max(...rss).toFixed(0)} | ${emit.toFixed(0)} | ${gate.toFixed(0)} | ${serialise.toFixed(0)} | ${((100 * gate) / produce).toFixed(0)} % | ${(produce / serialise).toFixed(2)} |

On a shared machine the wall time grows with the load (other processes take the cores); the CPU
time of the process (all its threads, garbage collection included) is steadier. End to end
includes Node's start, reading, parsing, checking and analysing the program, lowering, the
Envoy backend, the validation gate, YAML and writing the files; the in-process stages are medians of
${rounds} rounds after one warm-up.
`;
writeFileSync(path.join(root, 'bench', 'results-envoy.md'), text);
console.log(text);
