/**
 * Real traffic through a real xDS client. `test/e2e/mesh/e2e.mesh` is compiled by the real
 * compiler for `--target envoy`; a test ADS server on 127.0.0.1 serves the output to
 * `@grpc/grpc-js-xds` clients and to an xDS-enabled gRPC server (proxyless gRPC), with backends on
 * 127.0.0.1 that answer with their version. The run happens in a child process
 * (`harness/run.ts`), bounded in time, which stops everything it started and exits.
 *
 * What the harness changes in the output before gRPC consumes it, and what gRPC cannot consume at
 * all, is listed with the reasons in `harness/adaptations.ts`; the Listener wrappers are adapted,
 * RouteConfigurations, Clusters and the RBAC and fault contents are served as compiled. A NACK of
 * compiled output is a failure, with its text.
 */
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADAPTATIONS } from './harness/adaptations.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const started = Date.now();
const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/harness/run.ts'], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
const elapsed = Date.now() - started;
const lastLine = run.stdout.trim().split('\n').pop() ?? '';
let result: Json = {};
try {
  result = JSON.parse(lastLine);
} catch {
  result = { error: `no result (exit ${run.status}, signal ${run.signal}): ${run.stdout.slice(-2000)}${run.stderr.slice(-2000)}` };
}

const count = (tally: Record<string, number> | undefined, prefix: string): number =>
  Object.entries(tally ?? {}).reduce((n, [k, v]) => (k.startsWith(prefix) ? n + v : n), 0);
const total = (tally: Record<string, number> | undefined): number => Object.values(tally ?? {}).reduce((a, b) => a + b, 0);

test('e2e: the run finished within its bounds, and the client ACKed every kind of resource', () => {
  assert.is(result.error, undefined, result.error);
  assert.is(run.status, 0, run.stderr.slice(-2000));
  assert.ok(elapsed < 60_000, `took ${elapsed} ms`);
  assert.equal(result.acked, ['Cluster', 'ClusterLoadAssignment', 'Listener', 'RouteConfiguration']);
  console.log(
    `  e2e (${elapsed} ms): split ${count(result.split, 'ok:v1')}/${total(result.split)} v1, ` +
      `fault ${count(result.fault, 'error:14:Fault injected')}/${total(result.fault)} aborted, ` +
      `retries ${count(result.retries, 'ok:')}/${total(result.retries)} ok (without: ${count(result.noRetries, 'ok:')}/${total(result.noRetries)})`,
  );
});

test('e2e: no NACK of compiled output', () => {
  assert.equal(
    (result.nacks ?? []).map((n: Json) => `${n.typeUrl}: ${n.message}`),
    [],
    'the xDS client NACKed compiled output',
  );
});

test('e2e (a): a 90/10 split measured over 2000 calls is 90 % within ±3 points', () => {
  assert.is(total(result.split), 2000);
  const v1 = count(result.split, 'ok:v1');
  const v3 = count(result.split, 'ok:v3');
  assert.is(v1 + v3, 2000, JSON.stringify(result.split));
  assert.ok(Math.abs((100 * v1) / 2000 - 90) <= 3, `v1 got ${v1} of 2000`);
});

test('e2e (b): a header match sends 100 % to one version', () => {
  assert.equal(result.header, { 'ok:v2': 200 });
});

test('e2e (c): a fault abort of 50 % aborts 50 % within ±5 points (2000 calls)', () => {
  assert.is(total(result.fault), 2000);
  const aborted = count(result.fault, 'error:14:Fault injected');
  assert.is(aborted + count(result.fault, 'ok:v1'), 2000, JSON.stringify(result.fault));
  assert.ok(Math.abs(aborted / 20 - 50) <= 5, `${aborted} of 2000 aborted`);
});

test('e2e (d): server-side RBAC admits the listed caller and method, refuses others', () => {
  assert.equal(result.rbac?.allowed, { 'ok:orders': 20 });
  assert.equal(result.rbac?.otherCaller, { 'error:7:Unauthorized RPC rejected': 20 }, 'a caller the rule does not list');
  assert.equal(result.rbac?.otherMethod, { 'error:7:Unauthorized RPC rejected': 20 }, 'a method the rule does not list');
});

test('e2e (e): retries on `unavailable` mask a failing first attempt; without them every call fails', () => {
  assert.equal(result.retries, { 'ok:v1': 100 });
  assert.equal(result.noRetries, { 'error:14:first attempt fails': 100 });
});

test('e2e: the adaptations are needed (served as compiled, the client NACKs the Listener) and each has its reason', () => {
  const nacks: string[] = (result.unadaptedNacks ?? []).map((n: Json) => n.message);
  assert.ok(nacks.some((m) => m.includes('envoy.filters.http.cors filter validation failed')), nacks.join('\n'));
  assert.equal(result.unadapted?.code, 4, 'the call waits for a usable Listener until its deadline');
  for (const entry of [...ADAPTATIONS.changes, ...ADAPTATIONS.notConsumable]) assert.ok(entry.what.length > 0 && entry.why.length > 0);
});

test.run();
