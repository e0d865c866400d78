/**
 * The Kubernetes validation gate (`compiler/backends/validate-k8s.ts`): each way of breaking a
 * compiled Istio object below is caught by the gate, and — so that the gate is known to agree with
 * the API server — by the independent oracle `../shared/tools/k8s-validate.mjs` too. A gate
 * failure is an internal error: exit 3, and nothing is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments, stringify } from 'yaml';
import { compileProgram, type SourceText } from '../compiler/index.ts';
import { validateObject, validateObjects } from '../compiler/backends/validate-k8s.ts';
import type { K8sObject } from '../compiler/backends/k8s.ts';
import type { Compiler } from '../compiler/cli/compiler.ts';
import { project, runInProcess, standInCompileOutput } from './cli/harness.ts';

const source = `service reviews {
  port 9080 http
  versions v1, v2
  route {
    when header end-user == "jason" -> v2 {
      retries 2 per-try 1s
    }
    otherwise -> v1 90%, v2 10%
  }
  allow from reviews to GET
}
`;

function objects(): K8sObject[] {
  const result = compileProgram([{ path: 'a.mesh', text: source }], { targets: ['istio'] });
  return result.outputs.flatMap((o) => parseAllDocuments(o.content).map((d) => d.toJS() as K8sObject));
}

function find(kind: string): K8sObject {
  return structuredClone(objects().find((o) => o.kind === kind)!);
}

/** Each breakage: a name, and a function returning a broken copy of a compiled object. */
const breakages: [string, () => K8sObject][] = [
  ['misspelt field (retry for retries)', () => {
    const vs = find('VirtualService');
    const http = (vs.spec.http as Record<string, unknown>[])[0]!;
    http.retry = http.retries;
    delete http.retries;
    return vs;
  }],
  ['unknown field at the top of spec', () => ({ ...find('DestinationRule'), spec: { ...find('DestinationRule').spec, subset: [] } })],
  ['misspelt field in a subset (label for labels)', () => {
    const dr = find('DestinationRule');
    const subset = (dr.spec.subsets as Record<string, unknown>[])[0]!;
    subset.label = subset.labels;
    delete subset.labels;
    return dr;
  }],
  ['wrong type (a weight as a string)', () => {
    const vs = find('VirtualService');
    ((vs.spec.http as { route: { weight?: unknown }[] }[])[1]!.route[0]!).weight = 'ninety';
    return vs;
  }],
  ['unknown enum value (TLS mode)', () => {
    const dr = find('DestinationRule');
    (dr.spec.trafficPolicy as { tls: { mode: string } }).tls.mode = 'ISTIO_MUTUAL_TLS';
    return dr;
  }],
  ['unknown action', () => ({ ...find('AuthorizationPolicy'), spec: { ...find('AuthorizationPolicy').spec, action: 'PERMIT' } })],
  ['invalid object name', () => {
    const vs = find('VirtualService');
    vs.metadata.name = 'Reviews_VS';
    return vs;
  }],
  ['invalid namespace', () => {
    const vs = find('VirtualService');
    vs.metadata.namespace = 'Default.NS';
    return vs;
  }],
  ['invalid label value', () => {
    const vs = find('VirtualService');
    vs.metadata.labels = { 'app.kubernetes.io/managed-by': 'mesh c' };
    return vs;
  }],
  ['unknown top-level field', () => ({ ...find('PeerAuthentication'), selector: {} }) as K8sObject],
];

test('gate: the compiled objects themselves pass', () => {
  for (const o of objects()) assert.equal(validateObject(o), [], `${o.kind} ${o.metadata.name}`);
});

for (const [name, broken] of breakages) {
  test(`gate: rejects ${name}`, () => {
    assert.ok(validateObject(broken()).length > 0, 'the gate accepted it');
  });
}

test('gate: the oracle (upstream CRDs and CEL) rejects every breakage the gate rejects', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'meshc-gate-'));
  try {
    breakages.forEach(([, broken], i) => writeFileSync(join(dir, `${String(i).padStart(2, '0')}.yaml`), stringify(broken())));
    const run = spawnSync(process.execPath, [join('..', 'shared', 'tools', 'k8s-validate.mjs'), '--json', '--quiet', dir], { encoding: 'utf8' });
    const rejected = new Set(
      run.stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { file: string; severity: string })
        .filter((f) => f.severity === 'error')
        .map((f) => f.file.split('/').pop()),
    );
    breakages.forEach(([name], i) => assert.ok(rejected.has(`${String(i).padStart(2, '0')}.yaml`), `the oracle accepted: ${name}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gate: a failure is an internal error (exit 3) and nothing is written', async () => {
  const dir = project({ 'a.mesh': source });
  const failing: Compiler = {
    VERSION: '0.0.0-test',
    checkProgram: () => ({ diagnostics: [] }),
    formatText: (text: string) => ({ value: text, diagnostics: [] }),
    compileProgram: (files: SourceText[]) => {
      const result = standInCompileOutput(compileProgram(files, { targets: ['istio'] }).outputs);
      // The gate, before anything is written: here on an object that a bug broke.
      return { ...result, gate: async () => (validateObjects([breakages[0]![1]()]), result.gate()) };
    },
  };
  const run = await runInProcess(['compile', '--target', 'istio', '--out', 'out'], dir, { compiler: failing });
  assert.is(run.code, 3);
  assert.match(run.stderr, 'generated VirtualService default/reviews failed validation');
  assert.match(run.stderr, 'spec.http[0].retry: unknown field');
  assert.not.ok(existsSync(join(dir, 'out')));
});

test.run();
