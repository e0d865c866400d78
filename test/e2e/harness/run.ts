/**
 * The xDS end-to-end run, in a process of its own (test/e2e/xds.test.ts starts it): gRPC's xDS
 * flags are read when the package loads, and its clients keep timers and streams that only the
 * end of the process stops for sure. Prints one JSON line with what it measured, then exits.
 *
 * Everything listens on 127.0.0.1 on free ports; every call has a deadline; the whole run ends
 * itself after RUN_LIMIT_MS whatever happens.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { parse } from 'yaml';
import { compileProgram } from '../../../compiler/index.ts';
import { AdsServer } from './ads.ts';
import { ADAPTATIONS } from './adaptations.ts';

// gRPC reads these when it loads: RBAC is off by default for xDS servers.
process.env.GRPC_XDS_EXPERIMENTAL_RBAC = 'true';
process.env.GRPC_XDS_EXPERIMENTAL_FAULT_INJECTION = 'true';
process.env.GRPC_XDS_EXPERIMENTAL_ENABLE_RETRY = 'true';
const grpc = await import('@grpc/grpc-js');
const xds = await import('@grpc/grpc-js-xds');
xds.register();

const RUN_LIMIT_MS = 50_000;
const limit = setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ error: `the run took over ${RUN_LIMIT_MS} ms` })}\n`);
  process.exit(2);
}, RUN_LIMIT_MS);
limit.unref();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SOURCE = 'test/e2e/mesh/e2e.mesh';
const NODE = 'meshc-e2e';
const PORT = 9080;
const METHOD = '/meshc.e2e.Echo/Call';

// ---- Compile with the real compiler -------------------------------------------------------------

const compiled = compileProgram([{ path: SOURCE, text: readFileSync(SOURCE, 'utf8') }], { targets: ['envoy'] });
const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) throw new Error(`${SOURCE} does not compile: ${errors.map((d) => d.message).join('; ')}`);
const file = (p: string): Json => parse(compiled.outputs.find((o) => o.path === p)!.content);
const outboundListeners: Json[] = file('envoy/outbound/listeners.yaml').resources;
const outboundRoutes: Json[] = file('envoy/outbound/routes.yaml').resources;
const outboundClusters: Json[] = file('envoy/outbound/clusters.yaml').resources;
const ordersListener: Json = file('envoy/default/sidecar-orders.listeners.yaml').resources[0];

// ---- Backends: gRPC servers on 127.0.0.1 that answer with their version --------------------------

const json = {
  serialize: (v: unknown) => Buffer.from(JSON.stringify(v)),
  deserialize: (b: Buffer) => JSON.parse(b.toString() || '{}'),
};
function method(path: string) {
  return { path, requestStream: false, responseStream: false, requestSerialize: json.serialize, requestDeserialize: json.deserialize, responseSerialize: json.serialize, responseDeserialize: json.deserialize };
}
const echoService = { Call: method(METHOD), Other: method('/meshc.e2e.Echo/Other') };
const EchoClient = grpc.makeGenericClientConstructor(echoService as never, 'Echo');

type Handler = (call: { request: unknown; metadata: { get(key: string): unknown[] } }, callback: (error: Partial<Json> | null, value?: unknown) => void) => void;
const started: { shutdown(): void }[] = [];

async function backend(version: string, flaky = false): Promise<number> {
  const server = new grpc.Server();
  const answer: Handler = (call, callback) => {
    // A flaky backend fails the first attempt of every call: gRPC marks retried attempts with
    // `grpc-previous-rpc-attempts`.
    if (flaky && call.metadata.get('grpc-previous-rpc-attempts').length === 0) callback({ code: grpc.status.UNAVAILABLE, details: 'first attempt fails' });
    else callback(null, { version });
  };
  server.addService(echoService as never, { Call: answer, Other: answer });
  started.push({ shutdown: () => server.forceShutdown() });
  return new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port))));
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

// ---- What the ADS server serves -----------------------------------------------------------------

const ads = new AdsServer(grpc);
const adsPort = await ads.start();
started.push({ shutdown: () => ads.stop() });
const bootstrap = JSON.stringify({
  xds_servers: [{ server_uri: `127.0.0.1:${adsPort}`, channel_creds: [{ type: 'insecure' }] }],
  node: { id: NODE, locality: {} },
  server_listener_resource_name_template: 'grpc/server?xds.resource.listening_address=%s',
});
const BOOTSTRAP_OPTION = 'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config';

const endpoints = new Map<string, number[]>();
const ports = {
  reviews: { v1: await backend('v1'), v2: await backend('v2'), v3: await backend('v3') },
  ratings: await backend('v1'),
  details: await backend('v1', true),
  catalog: await backend('v1', true),
};
endpoints.set('outbound|9080|v1|reviews.default.svc.cluster.local', [ports.reviews.v1]);
endpoints.set('outbound|9080|v2|reviews.default.svc.cluster.local', [ports.reviews.v2]);
endpoints.set('outbound|9080|v3|reviews.default.svc.cluster.local', [ports.reviews.v3]);
endpoints.set('outbound|9080|v1|ratings.default.svc.cluster.local', [ports.ratings]);
endpoints.set('outbound|9080|v1|details.default.svc.cluster.local', [ports.details]);
endpoints.set('outbound|9080|v1|catalog.default.svc.cluster.local', [ports.catalog]);

const hosts = ['reviews', 'ratings', 'details', 'catalog'].map((s) => `${s}.default.svc.cluster.local`);
const compiledHcm: Json = outboundListeners.find((l) => l.name === `0.0.0.0_${PORT}`)!.filter_chains[0].filters[0].typed_config;

/** ADAPTATIONS.changes[0] and [1]: the client's Listener wraps the compiled HTTP connection manager. */
function clientListener(host: string): Json {
  const hcm = structuredClone(compiledHcm);
  for (const f of hcm.http_filters) if (ADAPTATIONS.optionalFilters.includes(f.name)) f.is_optional = true;
  return {
    '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener',
    name: `${host}:${PORT}`,
    api_listener: { api_listener: hcm },
  };
}

/** Endpoints are known only at run time: the harness is the control plane that knows them. */
function assignment(cluster: string, portsOf: number[]): Json {
  return {
    '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
    cluster_name: cluster,
    endpoints: [{ locality: { region: 'loopback' }, load_balancing_weight: 1, lb_endpoints: portsOf.map((p) => ({ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: p } } } })) }],
  };
}

// (d) The server Listener: the compiled inbound filter chain of `orders`, re-addressed.
const ordersPort = await freePort();
function serverListener(): Json {
  const chain = structuredClone(ordersListener.filter_chains.find((c: Json) => c.filter_chain_match?.transport_protocol === 'raw_buffer'));
  delete chain.filter_chain_match.destination_port; // ADAPTATIONS.server: destination_port
  const hcm = chain.filters[0].typed_config;
  for (const vh of hcm.route_config.virtual_hosts) {
    for (const r of vh.routes) {
      delete r.route; // ADAPTATIONS.server: non_forwarding_action
      r.non_forwarding_action = {};
    }
  }
  return {
    '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener',
    name: `grpc/server?xds.resource.listening_address=127.0.0.1:${ordersPort}`,
    address: { socket_address: { address: '127.0.0.1', port_value: ordersPort } },
    filter_chains: [chain],
  };
}

ads.set(NODE, [
  ...hosts.map(clientListener),
  ...outboundRoutes.filter((r) => r.name === String(PORT)),
  ...outboundClusters.filter((c) => endpoints.has(c.name)),
  ...[...endpoints].map(([c, p]) => assignment(c, p)),
  serverListener(),
]);

// Served as compiled, without marking CORS optional: the client NACKs the Listener.
const RAW_NODE = 'meshc-e2e-unadapted';
ads.set(RAW_NODE, [{ '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name: `${hosts[0]}:${PORT}`, api_listener: { api_listener: compiledHcm } }]);
const rawBootstrap = bootstrap.replace(`"id":"${NODE}"`, `"id":"${RAW_NODE}"`);

// ---- Calls --------------------------------------------------------------------------------------

interface Outcome {
  ok: boolean;
  version?: string;
  code?: number;
  details?: string;
}

function client(target: string, config = bootstrap): InstanceType<typeof EchoClient> {
  const c = new EchoClient(target, grpc.credentials.createInsecure(), { [BOOTSTRAP_OPTION]: config });
  started.push({ shutdown: () => c.close() });
  return c;
}

function call(c: InstanceType<typeof EchoClient>, name: 'Call' | 'Other', metadata: Record<string, string> = {}, waitForReady = false): Promise<Outcome> {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(metadata)) md.set(k, v);
  return new Promise((resolve) => {
    (c as unknown as Record<string, (...a: unknown[]) => void>)[name]!({}, md, { deadline: Date.now() + (waitForReady ? 15_000 : 5_000), waitForReady }, (error: Json | null, value: Json) => {
      if (error) resolve({ ok: false, code: error.code, details: error.details });
      else resolve({ ok: true, version: value.version });
    });
  });
}

async function many(c: InstanceType<typeof EchoClient>, n: number, metadata: Record<string, string> = {}): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (let done = 0; done < n; ) {
    const batch = Math.min(50, n - done);
    out.push(...(await Promise.all(Array.from({ length: batch }, () => call(c, 'Call', metadata)))));
    done += batch;
  }
  return out;
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.ok ? `ok:${o.version}` : `error:${o.code}:${o.details}`;
    t[key] = (t[key] ?? 0) + 1;
  }
  return t;
}

const result: Json = { adsPort, timings: {} };
const time = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
  const t0 = Date.now();
  const v = await f();
  result.timings[name] = Date.now() - t0;
  return v;
};

try {
  const reviews = client(`xds:///reviews.default.svc.cluster.local:${PORT}`);
  result.first = await time('first call', () => call(reviews, 'Call', {}, true));
  result.split = tally(await time('split', () => many(reviews, 2000)));
  result.header = tally(await time('header', () => many(reviews, 200, { 'end-user': 'jason' })));

  const ratings = client(`xds:///ratings.default.svc.cluster.local:${PORT}`);
  await call(ratings, 'Call', {}, true);
  result.fault = tally(await time('fault', () => many(ratings, 2000)));

  const details = client(`xds:///details.default.svc.cluster.local:${PORT}`);
  const catalog = client(`xds:///catalog.default.svc.cluster.local:${PORT}`);
  await Promise.all([call(details, 'Call', {}, true), call(catalog, 'Call', {}, true)]);
  result.retries = tally(await time('retries', () => many(details, 100)));
  result.noRetries = tally(await time('no retries', () => many(catalog, 100)));

  // Without the adaptation: the call waits for a Listener that never becomes usable.
  const raw = client(`xds:///reviews.default.svc.cluster.local:${PORT}`, rawBootstrap);
  const t0 = Date.now();
  result.unadapted = await new Promise<Outcome>((resolve) => {
    (raw as unknown as Record<string, (...a: unknown[]) => void>).Call!({}, new grpc.Metadata(), { deadline: Date.now() + 1500 }, (error: Json | null) => resolve({ ok: !error, code: error?.code, details: error?.details }));
  });
  result.timings.unadapted = Date.now() - t0;

  // (d) An xDS-enabled gRPC server that enforces the compiled RBAC filter.
  const server = new xds.XdsServer({ [BOOTSTRAP_OPTION]: bootstrap, drainGraceTimeMs: 100 } as never);
  const answer: Handler = (_call, callback) => callback(null, { version: 'orders' });
  server.addService(echoService as never, { Call: answer, Other: answer });
  started.push({ shutdown: () => server.forceShutdown() });
  await time('xds server start', () => new Promise<void>((resolve, reject) => server.bindAsync(`127.0.0.1:${ordersPort}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve()))));
  const orders = client(`127.0.0.1:${ordersPort}`);
  await call(orders, 'Call', { 'x-caller': 'productpage' }, true);
  result.rbac = {
    allowed: tally(await Promise.all(Array.from({ length: 20 }, () => call(orders, 'Call', { 'x-caller': 'productpage' })))),
    otherCaller: tally(await Promise.all(Array.from({ length: 20 }, () => call(orders, 'Call', { 'x-caller': 'mallory' })))),
    otherMethod: tally(await Promise.all(Array.from({ length: 20 }, () => call(orders, 'Other', { 'x-caller': 'productpage' })))),
  };
} catch (error) {
  result.error = String((error as Error).stack ?? error);
}
result.nacks = ads.nacks.filter((n) => n.node === NODE);
result.unadaptedNacks = ads.nacks.filter((n) => n.node === RAW_NODE);
result.acked = [...new Set(ads.acks.filter((a) => a.names.length > 0).map((a) => a.typeUrl.slice(a.typeUrl.lastIndexOf('.') + 1)))].sort();
process.stdout.write(`${JSON.stringify(result)}\n`);
for (const s of started.reverse()) {
  try {
    s.shutdown();
  } catch {
    // Stopping is best effort; the process exits next.
  }
}
process.exit(0);
