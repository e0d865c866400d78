/**
 * The Envoy validation gate (`compiler/backends/validate-envoy.ts`): resources compiled from a
 * real program pass it, and each of a set of deliberate breakages — unknown fields, wrong types,
 * bad enums and durations, `Any` payloads, protoc-gen-validate rules, oneofs, Envoy's load-time
 * checks — is rejected by the gate *and* by the independent oracle (`envoy-validate.mjs`), so the
 * gate catches what Envoy's API says. A gate failure is an internal error: exit 3, nothing written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { compileProgram } from '../../compiler/index.ts';
import type { Compiler, SourceText } from '../../compiler/cli/compiler.ts';
import { assertValid, validateBootstrap, validateDiscoveryResponse, validateEnvoyMessage } from '../../compiler/backends/validate-envoy.ts';
import { envoyValidate } from '../helpers/oracle.ts';
import { project, runInProcess, standInCompileOutput } from '../cli/harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const source = `
service reviews {
  port 9080 http
  versions v1, v2
  pool { connect-timeout 2s }
  route {
    when header end-user == "jason" -> v2 {
      request-headers { set x-canary "yes" }
    }
    otherwise -> v1 90%, v2 10% {
      retries 2 per-try 1s on 5xx
    }
  }
  allow from productpage to GET
}
service productpage {
  port 9080 http
}
`;

const outputs = compileProgram([{ path: 'gate.mesh', text: source }], { targets: ['envoy'] }).outputs;
const doc = (p: string): Json => parse(outputs.find((o) => o.path === p)!.content);
const clone = <T>(x: T): T => structuredClone(x);

const routes = doc('envoy/outbound/routes.yaml');
const clusters = doc('envoy/outbound/clusters.yaml');
const listeners = doc('envoy/default/sidecar-reviews.listeners.yaml');
const bootstrap = doc('envoy/default/sidecar-reviews.bootstrap.yaml');

const firstRoute = (d: Json): Json => d.resources[0].virtual_hosts.find((v: Json) => v.name.startsWith('reviews')).routes[1].route;
const firstCluster = (d: Json): Json => d.resources.find((c: Json) => c.name === 'outbound|9080|v1|reviews.default.svc.cluster.local');
const inboundHcm = (d: Json): Json => d.resources[0].filter_chains[0].filters[0].typed_config;

/** Each breakage: a name and a change to a copy of one compiled document. */
const breakages: [string, Json, (d: Json) => void][] = [
  ['unknown field', routes, (d) => { const r = firstRoute(d); r.retry_policy.num_retrie = r.retry_policy.num_retries; delete r.retry_policy.num_retries; }],
  ['wrong type', routes, (d) => { firstRoute(d).retry_policy.num_retries = 'two'; }],
  ['unknown enum value', clusters, (d) => { firstCluster(d).type = 'EDSS'; }],
  ['bad duration', clusters, (d) => { firstCluster(d).connect_timeout = '10'; }],
  ['PGV duration gt 0', clusters, (d) => { firstCluster(d).connect_timeout = '0s'; }],
  ['PGV string min_len', clusters, (d) => { firstCluster(d).name = ''; }],
  ['PGV required oneof', routes, (d) => { const r = firstRoute(d); delete r.weighted_clusters; }],
  ['two members of a oneof', routes, (d) => { firstRoute(d).cluster = 'outbound|9080|v1|reviews.default.svc.cluster.local'; }],
  ['PGV rule on an absent scalar', listeners, (d) => { delete inboundHcm(d).stat_prefix; }],
  ['unknown Any type', listeners, (d) => { inboundHcm(d).http_filters[0].typed_config['@type'] = 'type.googleapis.com/envoy.extensions.filters.http.nope.v3.Nope'; }],
  ['unknown field in an Any payload', listeners, (d) => { inboundHcm(d).stat_prefx = 'x'; }],
  ['integer out of range', bootstrap, (d) => { d.admin.address.socket_address.port_value = 70000; }],
  ['PGV header name', routes, (d) => { d.resources[0].virtual_hosts.find((v: Json) => v.name.startsWith('reviews')).routes[0].request_headers_to_add[0].header.key = 'x-canary\n'; }],
  ['router not last', listeners, (d) => { inboundHcm(d).http_filters.reverse(); }],
  ['duplicate cluster names', clusters, (d) => { d.resources.push(clone(firstCluster(d))); }],
  ['deprecated field', clusters, (d) => { firstCluster(d).hosts = []; }],
];

function gate(d: Json): string[] {
  return 'static_resources' in d ? validateBootstrap(d) : validateDiscoveryResponse(d as { type_url: string; resources: Json[] });
}

test('gate: the compiled resources pass', () => {
  for (const o of outputs) assert.equal(gate(parse(o.content)), [], o.path);
});

test('gate: every breakage is rejected, by the gate and by envoy-validate', () => {
  const files = new Map<string, string>();
  for (const [name, base, change] of breakages) {
    const broken = clone(base);
    change(broken);
    assert.ok(gate(broken).length > 0, `the gate accepts: ${name}`);
    files.set(`${name.replaceAll(' ', '-')}.json`, JSON.stringify(broken));
  }
  const run = envoyValidate(files);
  assert.not.ok(run.ok);
  // One finding line at least per broken file: the oracle rejects each of them too.
  for (const file of files.keys()) assert.match(run.output, `${file}:0`, `envoy-validate accepts ${file}:\n${run.output}`);
});

test('gate: messages name the path and the rule', () => {
  const problems = validateEnvoyMessage('envoy.config.cluster.v3.Cluster', { name: 'c', connect_timeout: '0s', type: 'STATIC', lb_polic: 'RANDOM' });
  assert.equal(problems, ['connect_timeout: must be more than 0s', 'lb_polic: unknown field of Cluster']);
  assert.equal(validateEnvoyMessage('envoy.config.cluster.v3.Cluster', { name: 'c', connectTimeout: '1s' }), [], 'lowerCamelCase JSON names are accepted');
});

test('gate: a failure is an internal error (exit 3) and nothing is written', async () => {
  const dir = project({ 'a.mesh': 'service a {\n  port 80 http\n}\n' });
  const real = compileProgram;
  const failing: Compiler = {
    VERSION: '0.0.0-test',
    checkProgram: () => ({ diagnostics: [] }),
    formatText: (text: string) => ({ value: text, diagnostics: [] }),
    compileProgram: (files: SourceText[]) => {
      const compiled = real(files, { targets: ['envoy'] });
      const result = standInCompileOutput(compiled.outputs);
      const broken = parse(compiled.outputs.find((o) => o.path.endsWith('clusters.yaml'))!.content);
      broken.resources[0].connect_timeout = '-1s';
      // The gate, before anything is written: here on a document that a bug broke.
      return { ...result, gate: async () => (assertValid('envoy/outbound/clusters.yaml', gate(broken)), result.gate()) };
    },
  };
  const run = await runInProcess(['compile', '--target', 'envoy', '--out', 'out'], dir, { compiler: failing });
  assert.is(run.code, 3);
  assert.match(run.stderr, 'generated envoy/outbound/clusters.yaml failed validation');
  assert.match(run.stderr, 'connect_timeout: must be more than 0s');
  assert.not.ok(existsSync(join(dir, 'out')));
});

test.run();
