/**
 * networking.istio.io/v1: VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar.
 */
import type * as I from '../../ir/types.ts';
import { duration, nonEmpty, object, prune, type K8sObject } from '../k8s.ts';

const NETWORKING = 'networking.istio.io/v1';

// ---- VirtualService -----------------------------------------------------------------------------

export function virtualService(name: string, namespace: string, hosts: string[], routes: I.IRRoutes, gateways?: string[]): K8sObject | undefined {
  if (routes.http.length === 0 && routes.tcp.length === 0 && routes.tls.length === 0) return undefined;
  return object(NETWORKING, 'VirtualService', name, namespace, prune({
    hosts,
    gateways,
    http: routes.http.map(httpRoute),
    tls: routes.tls.map((r) => prune({ match: r.matches.map(l4Match), route: r.destinations.map(routeDestination) })),
    tcp: routes.tcp.map((r) => prune({ match: r.matches.map(l4Match), route: r.destinations.map(routeDestination) })),
  }));
}

function httpRoute(rule: I.IRHttpRule): Record<string, unknown> {
  const route: Record<string, unknown> = { match: rule.matches.map(httpMatch) };
  const a = rule.action;
  if (a.kind === 'forward') route.route = a.destinations.map(routeDestination);
  else if (a.kind === 'redirect') {
    route.redirect = prune({ uri: a.path, authority: a.host, scheme: a.scheme, port: a.port, redirectCode: a.code });
  } else {
    route.directResponse = prune({ status: a.status, body: a.body !== undefined ? { string: a.body } : undefined });
  }
  if (rule.rewrite) route.rewrite = prune({ uri: rule.rewrite.path, authority: rule.rewrite.host });
  if (rule.timeoutMs !== undefined) route.timeout = duration(rule.timeoutMs);
  if (rule.retries) {
    route.retries =
      rule.retries.attempts === 0
        ? { attempts: 0 }
        : prune({
            attempts: rule.retries.attempts,
            perTryTimeout: rule.retries.perTryTimeoutMs !== undefined ? duration(rule.retries.perTryTimeoutMs) : undefined,
            retryOn: rule.retries.retryOn.length > 0 ? rule.retries.retryOn.join(',') : undefined,
          });
  }
  if (rule.fault) {
    route.fault = prune({
      delay: rule.fault.delay && { fixedDelay: duration(rule.fault.delay.ms), percentage: { value: rule.fault.delay.percent } },
      abort: rule.fault.abort && { httpStatus: rule.fault.abort.status, percentage: { value: rule.fault.abort.percent } },
    });
  }
  if (rule.mirror) {
    route.mirror = destination(rule.mirror.destination);
    route.mirrorPercentage = { value: rule.mirror.percent };
  }
  if (rule.cors) {
    const c = rule.cors;
    route.corsPolicy = prune({
      allowOrigins: c.origins.map((o) => ({ [o.op]: o.value })),
      allowMethods: c.methods,
      allowHeaders: c.allowHeaders,
      exposeHeaders: c.exposeHeaders,
      maxAge: c.maxAgeMs !== undefined ? duration(c.maxAgeMs) : undefined,
      allowCredentials: c.credentials,
    });
  }
  const headers = nonEmpty({ request: headerOps(rule.requestHeaders), response: headerOps(rule.responseHeaders) });
  if (headers) route.headers = prune(headers);
  return prune(route);
}

function headerOps(ops: I.IRHttpRule['requestHeaders']): Record<string, unknown> | undefined {
  if (!ops) return undefined;
  return nonEmpty({
    set: ops.set.length > 0 ? Object.fromEntries(ops.set) : undefined,
    add: ops.add.length > 0 ? Object.fromEntries(ops.add) : undefined,
    remove: ops.remove,
  });
}

function stringMatch(op: 'exact' | 'prefix' | 'regex' | 'present' | 'absent', value: string | undefined): Record<string, string> {
  return op === 'present' || op === 'absent' || value === undefined ? {} : { [op]: value };
}

/** Escapes RE2 metacharacters, so that a literal prefix can be written as a regex. */
function quoteRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

function httpMatch(m: I.IRMatch): Record<string, unknown> {
  const headers = m.headers.filter((h) => h.op !== 'absent');
  const without = m.headers.filter((h) => h.op === 'absent');
  return prune({
    uri: m.path && { [m.path.op]: m.path.value },
    method: m.method !== undefined ? { exact: m.method } : undefined,
    headers: headers.length > 0 ? Object.fromEntries(headers.map((h) => [h.name, stringMatch(h.op, h.value)])) : undefined,
    withoutHeaders: without.length > 0 ? Object.fromEntries(without.map((h) => [h.name, {}])) : undefined,
    // NOTE: Istio matches query parameters only exactly or by regex (a `prefix` is ignored), and
    // has no presence match: a prefix and `present` become the equivalent regexes.
    queryParams:
      m.query.length > 0
        ? Object.fromEntries(
            m.query.map((q) => [
              q.name,
              q.op === 'prefix' ? { regex: `^${quoteRegex(q.value!)}.*` } : q.op === 'present' ? { regex: '.*' } : stringMatch(q.op, q.value),
            ]),
          )
        : undefined,
    port: m.port,
    sourceLabels: m.sourceLabels,
    sourceNamespace: m.sourceNamespace,
  });
}

function l4Match(m: I.IRMatch): Record<string, unknown> {
  return prune({ sniHosts: m.sniHosts, port: m.port, sourceLabels: m.sourceLabels, sourceNamespace: m.sourceNamespace });
}

function destination(d: I.IRDestination): Record<string, unknown> {
  return prune({ host: d.host, subset: d.subset, port: d.port !== undefined ? { number: d.port } : undefined });
}

function routeDestination(d: I.IRDestination, _i: number, all: I.IRDestination[]): Record<string, unknown> {
  // A single destination takes all traffic; Istio's default weight says so without a number.
  if (all.length === 1 && d.weight === 100) return { destination: destination(d) };
  return { destination: destination(d), weight: Math.round(d.weight * weightScale(all)) };
}

/**
 * Istio's weights are integers, and relative to their sum. Percentages with decimals
 * (`66.6667%, 33.3333%`) are scaled by the power of ten that makes them whole, which keeps the
 * shares exact; whole percentages are written as they are.
 */
function weightScale(all: I.IRDestination[]): number {
  let decimals = 0;
  for (const d of all) {
    const text = String(d.weight);
    const dot = text.indexOf('.');
    if (dot >= 0) decimals = Math.max(decimals, text.length - dot - 1);
  }
  return 10 ** Math.min(decimals, 6);
}

// ---- DestinationRule ----------------------------------------------------------------------------

export function destinationRule(name: string, namespace: string, host: string, policy: I.IRPolicy, subsets: I.IRSubset[]): K8sObject | undefined {
  const trafficPolicy = trafficPolicyOf(policy);
  if (!trafficPolicy && subsets.length === 0) return undefined;
  return object(NETWORKING, 'DestinationRule', name, namespace, prune({
    host,
    trafficPolicy,
    subsets: subsets.map((s) => prune({ name: s.name, labels: s.labels, trafficPolicy: trafficPolicyOf(s.policy) })),
  }));
}

const simpleLb = { 'round-robin': 'ROUND_ROBIN', 'least-request': 'LEAST_REQUEST', random: 'RANDOM', passthrough: 'PASSTHROUGH' } as const;
const tlsModes = { disable: 'DISABLE', simple: 'SIMPLE', mutual: 'MUTUAL', 'istio-mutual': 'ISTIO_MUTUAL' } as const;

function trafficPolicyOf(p: I.IRPolicy): Record<string, unknown> | undefined {
  const ms = (v: number | undefined) => (v !== undefined ? duration(v) : undefined);
  let loadBalancer: Record<string, unknown> | undefined;
  if (p.lb?.kind === 'simple') loadBalancer = { simple: simpleLb[p.lb.policy] };
  else if (p.lb?.kind === 'hash') {
    const by = p.lb;
    const consistentHash =
      by.by === 'header'
        ? { httpHeaderName: by.name }
        : by.by === 'cookie'
          ? { httpCookie: prune({ name: by.name, ttl: by.ttlMs !== undefined ? duration(by.ttlMs) : undefined }) }
          : by.by === 'query'
            ? { httpQueryParameterName: by.name }
            : { useSourceIp: true };
    loadBalancer = { consistentHash };
  }
  const pool = p.pool;
  const connectionPool = pool
    ? nonEmpty({
        tcp: nonEmpty({ maxConnections: pool.maxConnections, connectTimeout: ms(pool.connectTimeoutMs) }),
        http: nonEmpty({
          http1MaxPendingRequests: pool.maxPendingRequests,
          http2MaxRequests: pool.maxRequests,
          maxRequestsPerConnection: pool.maxRequestsPerConnection,
          maxRetries: pool.maxRetries,
          idleTimeout: ms(pool.idleTimeoutMs),
        }),
      })
    : undefined;
  const o = p.outlier;
  const outlierDetection = o
    ? nonEmpty({
        consecutive5xxErrors: o.consecutiveErrors,
        consecutiveGatewayErrors: o.consecutiveGatewayErrors,
        interval: ms(o.intervalMs),
        baseEjectionTime: ms(o.ejectionMs),
        maxEjectionPercent: o.maxEjectionPercent,
        minHealthPercent: o.minHealthPercent,
      })
    : undefined;
  const tls = p.tls ? prune({ mode: tlsModes[p.tls.mode], sni: p.tls.sni, credentialName: p.tls.secret }) : undefined;
  const policy = nonEmpty({ loadBalancer, connectionPool, outlierDetection, tls });
  return policy && prune(policy);
}

// ---- Gateway ------------------------------------------------------------------------------------

const serverProtocols: Record<string, string> = { http: 'HTTP', https: 'HTTPS', http2: 'HTTP2', grpc: 'GRPC', tcp: 'TCP', tls: 'TLS' };

export function gateway(g: I.IRGateway): K8sObject {
  return object(NETWORKING, 'Gateway', g.name, g.namespace, {
    selector: g.selector,
    servers: g.listeners.map((l) =>
      prune({
        port: { number: l.port, name: l.name, protocol: serverProtocols[l.protocol] },
        hosts: l.hosts,
        tls: l.tls
          ? prune({ mode: l.tls.mode.toUpperCase(), credentialName: l.tls.secret })
          : l.redirectHttps
            ? { httpsRedirect: true }
            : undefined,
      }),
    ),
  });
}

// ---- ServiceEntry -------------------------------------------------------------------------------

const portProtocols: Record<string, string> = {
  http: 'HTTP', https: 'HTTPS', http2: 'HTTP2', grpc: 'GRPC', tcp: 'TCP', tls: 'TLS', mongo: 'MONGO', mysql: 'MYSQL', redis: 'REDIS',
};

export function serviceEntry(e: I.IRExternal): K8sObject {
  return object(NETWORKING, 'ServiceEntry', e.name, e.namespace, prune({
    hosts: e.hosts,
    addresses: e.addresses,
    ports: e.ports.map((p) => prune({ number: p.number, name: p.name, protocol: portProtocols[p.protocol], targetPort: p.targetPort })),
    location: e.location === 'mesh-external' ? 'MESH_EXTERNAL' : 'MESH_INTERNAL',
    resolution: e.resolution.toUpperCase(),
    endpoints: e.endpoints.map((address) => ({ address })),
  }));
}

// ---- Sidecar ------------------------------------------------------------------------------------

/** `outbound registry-only`: the namespace's proxies send nothing to hosts the mesh does not know. */
export function registryOnlySidecar(namespace: string): K8sObject {
  return object(NETWORKING, 'Sidecar', 'default', namespace, {
    egress: [{ hosts: ['*/*'] }],
    outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
  });
}
