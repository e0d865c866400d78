/**
 * Compile goldens: each `test/compile/<case>.mesh` compiles without errors, and its Istio and
 * Envoy outputs, printed as `meshc compile --stdout` prints them, are compared with
 * `<case>.istio.yaml` and `<case>.envoy.yaml` (`UPDATE=1 npm test` rewrites the goldens; review the
 * diff). Every golden and every example's output must also pass the independent oracles
 * `../shared/tools/k8s-validate.mjs` (Istio) and `../shared/tools/envoy-validate.mjs` (Envoy), and
 * together the cases must use every construct of the language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileProgram, type OutputFile } from '../compiler/index.ts';
import { parseFile } from '../compiler/syntax/parse.ts';
import { stmtKinds } from '../compiler/syntax/ast.ts';
import { expectGolden } from './helpers/golden.ts';
import { envoyValidate, k8sValidate } from './helpers/oracle.ts';

const dir = 'test/compile';
const cases = readdirSync(dir).filter((f) => f.endsWith('.mesh')).sort();
const forOracle = new Map<string, string>();
const forEnvoyOracle = new Map<string, string>();

function printed(outputs: OutputFile[]): string {
  return outputs.map((o) => `# File: ${o.path}\n${o.content}`).join('---\n');
}

for (const file of cases) {
  const name = file.replace(/\.mesh$/, '');
  test(`compile: ${name}`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const result = compileProgram([{ path: file, text }], { targets: ['istio'] });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.map((d) => `${d.code} ${d.message}`), [], `${file} should compile`);
    assert.ok(result.outputs.length > 0);
    for (const o of result.outputs) forOracle.set(`${name}/${o.path}`, o.content);
    expectGolden(join(dir, `${name}.istio.yaml`), printed(result.outputs));
  });
  test(`compile: ${name} (envoy)`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const result = compileProgram([{ path: file, text }], { targets: ['envoy'] });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.map((d) => `${d.code} ${d.message}`), [], `${file} should compile for envoy`);
    const proxies = (text.match(/^(service|gateway) /gm) ?? []).length;
    assert.is(result.outputs.filter((o) => o.path.endsWith('.bootstrap.yaml')).length, proxies, 'a Bootstrap per service and gateway');
    for (const o of result.outputs) forEnvoyOracle.set(`${name}/${o.path}`, o.content);
    expectGolden(join(dir, `${name}.envoy.yaml`), printed(result.outputs));
  });
}

test('compile: the examples compile', () => {
  for (const example of readdirSync('examples')) {
    const files = readdirSync(join('examples', example))
      .filter((f) => f.endsWith('.mesh'))
      .map((f) => ({ path: join('examples', example, f), text: readFileSync(join('examples', example, f), 'utf8') }));
    const result = compileProgram(files);
    assert.equal(result.diagnostics.filter((d) => d.severity === 'error'), [], example);
    for (const o of result.outputs) (o.target === 'envoy' ? forEnvoyOracle : forOracle).set(`examples-${example}/${o.path}`, o.content);
    assert.ok(result.outputs.some((o) => o.target === 'istio'), `${example}: Istio output`);
    assert.ok(result.outputs.some((o) => o.target === 'envoy'), `${example}: Envoy output`);
  }
});

test('compile: every golden and example output passes the upstream CRD schemas and CEL rules (k8s-validate)', () => {
  assert.ok(forOracle.size >= 60, `expected many output files, got ${forOracle.size}`);
  const run = k8sValidate(forOracle);
  assert.ok(run.ok, run.output);
});

test('compile: every Envoy golden and example output passes Envoy\'s protos and PGV rules (envoy-validate)', () => {
  assert.ok(forEnvoyOracle.size >= 100, `expected many output files, got ${forEnvoyOracle.size}`);
  const run = envoyValidate(forEnvoyOracle);
  assert.ok(run.ok, run.output);
  assert.match(run.output, / 0 invalid; 0 error\(s\), 0 warning\(s\)/, 'no warnings either (no deprecated fields)');
});

test('compile: bookinfo for envoy has a Bootstrap for every service and the gateway', () => {
  const files = readdirSync('examples/bookinfo')
    .filter((f) => f.endsWith('.mesh'))
    .map((f) => ({ path: join('examples/bookinfo', f), text: readFileSync(join('examples/bookinfo', f), 'utf8') }));
  const paths = compileProgram(files, { targets: ['envoy'] }).outputs.map((o) => o.path);
  for (const proxy of ['sidecar-productpage', 'sidecar-reviews', 'sidecar-ratings', 'sidecar-details', 'gateway-bookinfo-gateway']) {
    assert.ok(paths.includes(`envoy/default/${proxy}.bootstrap.yaml`), `${proxy}: ${paths.join(', ')}`);
  }
});

test('compile: the cases use every statement, condition and action of the language', () => {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      const kind = (node as { kind?: unknown }).kind;
      if (typeof kind === 'string') seen.add(kind);
      const block = (node as { block?: unknown }).block;
      if (typeof block === 'string') seen.add(`Settings:${block}`);
      const action = (node as { action?: unknown }).action;
      if (typeof action === 'string') seen.add(`Authz:${action}`);
      Object.values(node).forEach(visit);
    }
  };
  for (const file of cases) visit(parseFile(readFileSync(join(dir, file), 'utf8'), file).value.decls);
  const required = [
    ...stmtKinds,
    'Settings:cors', 'Settings:pool', 'Settings:outlier', 'Settings:jwt', 'Authz:allow', 'Authz:deny', 'Authz:audit',
    'PathMatch', 'MethodMatch', 'HeaderMatch', 'QueryMatch', 'SourceMatch', 'PortMatch', 'SniMatch',
    'Forward', 'Redirect', 'Respond',
  ];
  assert.equal(required.filter((k) => !seen.has(k)), [], 'constructs without a compile case');
  assert.ok(cases.length >= 25, `at least 25 cases, found ${cases.length}`);
});

test.run();
