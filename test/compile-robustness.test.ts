/**
 * A program the checker accepts compiles, for every target, into output that passes the gates
 * and the independent oracles. fast-check mutates the examples and the golden cases line by line
 * (lines deleted, duplicated, spliced in from another program; words replaced, inserted,
 * removed), which keeps many programs valid while reaching combinations no golden has. For every
 * mutant: compiling never throws; when it has no errors, every file passes its target's gate (a
 * failure there is exit 3 for a user, a bug in meshc) and serialises. A sample of those files then
 * goes through ../shared/tools' k8s-validate and envoy-validate, which check the upstream CRD
 * schemas with their CEL rules and Envoy's protos with their validation rules: they would catch a
 * rule that the checker and the gates both miss.
 *
 * Before this test was written, a longer local campaign of the same kind found no failure: 28,000
 * mutants (also of generated projects of up to 45 services), 6,379 of them without errors, and
 * every file of 1,500 of those (27,439 Kubernetes documents, 30,679 Envoy files) through both
 * oracles. Here: 3,000 mutants, about 320 without errors, 3,300 files, a sample of about 970 through
 * the oracles, in about 6 s.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileWith, gateOutput, loadBackends, TARGETS, type PendingOutput } from '../compiler/targets.ts';
import { serialiseOutput } from '../compiler/output/serialise.ts';
import { envoyValidate, k8sValidate } from './helpers/oracle.ts';

const programs = ['examples', join('test', 'compile')].flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mesh'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').split('\n')),
);

/** Words of the language and values of its types, valid and not, to put into lines. */
const words = [
  'v1', 'v2', 'canary', '0%', '50%', '100%', '0s', '1ms', '10s', '1h', '0', '1', '3', '65535', 'http', 'http2', 'grpc', 'tcp', 'https',
  '"*"', '"a.b.c"', '"/"', '"^a.*$"', '"x"', 'GET', 'POST', 'reviews', 'ratings', 'from', 'to', 'allow', 'deny', 'require', 'jwt',
  'mtls', 'permissive', 'disable', 'strict', 'retry', 'timeout', 'fault', 'delay', 'abort', 'mirror', 'redirect', 'rewrite', 'header',
  'path', 'prefix', 'exact', 'regex', 'method', 'port', 'versions', 'route', '->', 'otherwise', ',', ':', '==', 'absent', 'namespace',
  'gateway', 'external', 'host', 'hosts', 'tls', '5xx', 'gateway-error', 'attempts', 'per-try', 'limit', '10/s', 'outlier',
];

type Edit = { kind: 'delete' | 'duplicate' | 'replace' | 'insert' | 'remove' | 'splice'; line: number; at: number; word: number; from: number };

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'replace', 'insert', 'remove', 'splice'),
  line: fc.nat(),
  at: fc.nat(),
  word: fc.nat({ max: words.length - 1 }),
  from: fc.nat(),
});

const mutant = fc.record({ program: fc.nat({ max: programs.length - 1 }), edits: fc.array(edit, { minLength: 1, maxLength: 3 }) }).map(({ program, edits }) => {
  const lines = [...programs[program]!];
  for (const e of edits) {
    const i = e.line % lines.length;
    const tokens = lines[i]!.split(' ');
    const t = e.at % tokens.length;
    if (e.kind === 'delete') lines.splice(i, 1);
    else if (e.kind === 'duplicate') lines.splice(e.at % (lines.length + 1), 0, lines[i]!);
    else if (e.kind === 'replace') lines[i] = [...tokens.slice(0, t), words[e.word]!, ...tokens.slice(t + 1)].join(' ');
    else if (e.kind === 'insert') lines[i] = [...tokens.slice(0, t), words[e.word]!, ...tokens.slice(t)].join(' ');
    else if (e.kind === 'remove') lines[i] = [...tokens.slice(0, t), ...tokens.slice(t + 1)].join(' ');
    else {
      const other = programs[e.from % programs.length]!;
      const start = e.at % other.length;
      lines.splice(i, 0, ...other.slice(start, start + 1 + (e.word % 6)));
    }
    if (lines.length === 0) lines.push('');
  }
  return lines.join('\n');
});

const backends = await loadBackends(TARGETS);
const counts = { runs: 0, clean: 0, files: 0 };
/** Files of the first clean mutants, by the oracle that checks them: relative path → text. */
const sample = { istio: new Map<string, string>(), envoy: new Map<string, string>() };
const SAMPLED_PROGRAMS = { istio: 200, envoy: 60 };

function property(text: string): void {
  counts.runs++;
  const result = compileWith([{ path: 'input.mesh', text }], {}, backends);
  if (result.diagnostics.some((d) => d.severity === 'error')) {
    assert.is(result.outputs.length, 0, 'a program with errors has no outputs');
    return;
  }
  const program = counts.clean++;
  for (const output of result.outputs) {
    gateOutput(backends, output);
    const text = serialiseOutput(output);
    counts.files++;
    keepForOracle(output, program, text);
  }
}

function keepForOracle(output: PendingOutput, program: number, text: string): void {
  if (program < SAMPLED_PROGRAMS[output.target]) sample[output.target].set(`p${program}/${output.path}`, text);
}

test('compile robustness: mutants that check without errors compile and pass every gate', () => {
  // Uniform choices: fast-check's bias toward small numbers would edit mostly the first lines.
  fc.assert(fc.property(fc.noBias(mutant), property), { numRuns: 3000, seed: 4 });
  assert.ok(counts.clean >= 250, `only ${counts.clean} of ${counts.runs} mutants had no errors`);
  assert.ok(counts.files >= 3000, `only ${counts.files} files compiled`);
});

test('compile robustness: a sample of their files passes the upstream CRD schemas and CEL rules (k8s-validate)', () => {
  assert.ok(sample.istio.size >= 400, `only ${sample.istio.size} Istio files in the sample`);
  const run = k8sValidate(sample.istio);
  assert.ok(run.ok, run.output);
});

test("compile robustness: a sample of their files passes Envoy's protos and validation rules (envoy-validate)", () => {
  assert.ok(sample.envoy.size >= 300, `only ${sample.envoy.size} Envoy files in the sample`);
  const run = envoyValidate(sample.envoy);
  assert.ok(run.ok, run.output);
});

test.run();
