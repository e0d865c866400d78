/**
 * Clusters: one per port of every service and external (`outbound|PORT||HOST`), one more per
 * version subset (`outbound|PORT|SUBSET|HOST`), and a sidecar's inbound clusters (`inbound|PORT||`).
 *
 * Endpoints of services are known only at run time, so their clusters are EDS over ADS (the
 * control plane serves `ClusterLoadAssignment`s named after the cluster, with the subset's pods).
 * Externals say where they are: `resolution dns` is a STRICT_DNS cluster with its hosts (or
 * endpoints), `resolution static` a cluster of its endpoints (EDS with a `ClusterLoadAssignment`
 * in xDS lists, STATIC in a Bootstrap), `resolution none` an ORIGINAL_DST cluster.
 */
import type * as I from '../../ir/types.ts';
import {
  ADS_SOURCE, HTTP2_OPTIONS, TYPES, any, duration, isH2, meshTlsContext, outboundCluster, outboundSni, prune, sdsSecret, socketAddress,
  type Json,
} from './common.ts';

/** Which form a cluster with declared endpoints takes: xDS lists use EDS, a Bootstrap inlines them. */
export type Form = 'xds' | 'bootstrap';

export interface ClusterSet {
  clusters: Json[];
  /** ClusterLoadAssignments of clusters whose endpoints the source declares (xDS form only). */
  endpoints: Json[];
}

const simpleLb = { 'round-robin': 'ROUND_ROBIN', 'least-request': 'LEAST_REQUEST', random: 'RANDOM' } as const;

/** The subset's policy over the service's, field by field, as Istio merges a subset's trafficPolicy. */
export function mergedPolicy(base: I.IRPolicy, subset: I.IRPolicy | undefined): I.IRPolicy {
  return subset ? { ...base, ...prune(subset) } : base;
}

/** The clusters of one service: per port, the whole service and each version. */
export function serviceClusters(s: I.IRService, trustDomain: string): Json[] {
  const out: Json[] = [];
  const principal = `${trustDomain}/ns/${s.namespace}/sa/${s.account}`;
  for (const port of s.ports) {
    out.push(cluster(outboundCluster(port.number, undefined, s.host), port, s.policy, edsCluster, { host: s.host, principal }));
    for (const subset of s.subsets) {
      out.push(cluster(outboundCluster(port.number, subset.name, s.host), port, mergedPolicy(s.policy, subset.policy), edsCluster, { host: s.host, subset: subset.name, principal }));
    }
  }
  return out;
}

/** The clusters (and, in xDS form, the endpoints) of one external, per port and host. */
export function externalClusters(e: I.IRExternal, form: Form): ClusterSet {
  const set: ClusterSet = { clusters: [], endpoints: [] };
  for (const port of e.ports) {
    for (const host of e.hosts) {
      const name = outboundCluster(port.number, undefined, host);
      const target = port.targetPort ?? port.number;
      const addresses = e.endpoints.length > 0 ? e.endpoints : [host];
      const assignment = { cluster_name: name, endpoints: [{ locality: {}, lb_endpoints: addresses.map((a) => ({ endpoint: { address: socketAddress(a, target) } })) }] };
      let discovery: (name: string) => Json;
      if (e.resolution === 'none') discovery = () => ({ type: 'ORIGINAL_DST', lb_policy: 'CLUSTER_PROVIDED' });
      else if (e.resolution === 'dns') discovery = () => ({ type: 'STRICT_DNS', dns_lookup_family: 'V4_ONLY', load_assignment: assignment });
      else if (form === 'bootstrap') discovery = () => ({ type: 'STATIC', load_assignment: assignment });
      else {
        discovery = edsCluster;
        set.endpoints.push(assignment);
      }
      set.clusters.push(cluster(name, port, e.policy, discovery, { host }));
    }
  }
  return set;
}

/** A sidecar's inbound cluster: the application on the pod's loopback, at the target port. */
export function inboundClusterOf(name: string, port: I.IRPort): Json {
  const target = port.targetPort ?? port.number;
  return prune({
    name,
    type: 'STATIC',
    connect_timeout: '10s',
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress('127.0.0.1', target) } }] }] },
    typed_extension_protocol_options: isH2(port.protocol) ? { [TYPES.httpProtocolOptions]: any(TYPES.httpProtocolOptions, HTTP2_OPTIONS) } : undefined,
  });
}

/** A cluster reached by DNS over TLS, for a JWKS URI (`outbound|443||auth.example.com`). */
export function dnsTlsCluster(name: string, host: string, port: number, tls: boolean): Json {
  return prune({
    name,
    type: 'STRICT_DNS',
    connect_timeout: '10s',
    dns_lookup_family: 'V4_ONLY',
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(host, port) } }] }] },
    transport_socket: tls ? { name: 'envoy.transport_sockets.tls', typed_config: any(TYPES.upstreamTls, { sni: host }) } : undefined,
  });
}

/**
 * The cluster of TCP services that share a port and have no declared addresses: connections go on
 * to the address the client dialled (the Service's cluster IP), with the client TLS the services
 * share; under mesh mTLS the server may be any of them.
 */
export function originalDestinationCluster(name: string, port: I.IRPort, tls: I.IRPolicy['tls'], principals: string[]): Json {
  const c: Json = { name, type: 'ORIGINAL_DST', lb_policy: 'CLUSTER_PROVIDED', connect_timeout: '10s' };
  if (tls?.mode === 'istio-mutual') {
    c.transport_socket = { name: 'envoy.transport_sockets.tls', typed_config: any(TYPES.upstreamTls, { common_tls_context: meshTlsContext(principals) }) };
  } else if (tls && tls.mode !== 'disable') {
    c.transport_socket = { name: 'envoy.transport_sockets.tls', typed_config: any(TYPES.upstreamTls, upstreamTls(tls, port, { host: '*' })!) };
  }
  return c;
}

export function edsCluster(name: string): Json {
  return { type: 'EDS', eds_cluster_config: { eds_config: ADS_SOURCE, service_name: name } };
}

interface Peer {
  host: string;
  subset?: string;
  /** The server's identity, checked against its certificate under mesh mTLS. */
  principal?: string;
}

function cluster(name: string, port: I.IRPort, policy: I.IRPolicy, discovery: (name: string) => Json, peer: Peer): Json {
  const c: Json = { name, ...discovery(name) };
  c.connect_timeout = duration(policy.pool?.connectTimeoutMs ?? 10_000);
  const lb = policy.lb;
  if (lb?.kind === 'simple' && lb.policy === 'passthrough') {
    c.type = 'ORIGINAL_DST';
    c.lb_policy = 'CLUSTER_PROVIDED';
    delete c.eds_cluster_config;
    delete c.load_assignment;
  } else if (lb?.kind === 'simple') {
    if (c.lb_policy === undefined) c.lb_policy = simpleLb[lb.policy as keyof typeof simpleLb];
  } else if (lb?.kind === 'hash') {
    if (c.lb_policy === undefined) c.lb_policy = 'RING_HASH';
  }
  const pool = policy.pool;
  if (pool) {
    const thresholds = prune({
      max_connections: pool.maxConnections,
      max_pending_requests: pool.maxPendingRequests,
      max_requests: pool.maxRequests,
      max_retries: pool.maxRetries,
    });
    if (Object.keys(thresholds).length > 0) c.circuit_breakers = { thresholds: [thresholds] };
  }
  const o = policy.outlier;
  if (o) {
    // NOTE: `enforcing_success_rate: 0` as Istio writes it; it also keeps gRPC's outlier detection
    // from crashing on a success-rate check with no settings (see docs/targets/envoy.md).
    c.outlier_detection = prune({
      consecutive_5xx: o.consecutiveErrors,
      enforcing_consecutive_5xx: o.consecutiveErrors !== undefined ? 100 : 0,
      consecutive_gateway_failure: o.consecutiveGatewayErrors,
      enforcing_consecutive_gateway_failure: o.consecutiveGatewayErrors !== undefined ? 100 : 0,
      interval: o.intervalMs !== undefined ? duration(o.intervalMs) : undefined,
      base_ejection_time: o.ejectionMs !== undefined ? duration(o.ejectionMs) : undefined,
      max_ejection_percent: o.maxEjectionPercent,
      enforcing_success_rate: 0,
    });
    if (o.minHealthPercent !== undefined) c.common_lb_config = { healthy_panic_threshold: { value: o.minHealthPercent } };
  }
  const common = prune({
    max_requests_per_connection: pool?.maxRequestsPerConnection,
    idle_timeout: pool?.idleTimeoutMs !== undefined ? duration(pool.idleTimeoutMs) : undefined,
  });
  const h2 = isH2(port.protocol);
  if (h2 || Object.keys(common).length > 0) {
    const options = prune({
      common_http_protocol_options: Object.keys(common).length > 0 ? common : undefined,
      ...(h2 ? HTTP2_OPTIONS : { explicit_http_config: { http_protocol_options: {} } }),
    });
    c.typed_extension_protocol_options = { [TYPES.httpProtocolOptions]: any(TYPES.httpProtocolOptions, options) };
  }
  const tls = upstreamTls(policy.tls, port, peer);
  if (tls) c.transport_socket = { name: 'envoy.transport_sockets.tls', typed_config: any(TYPES.upstreamTls, tls) };
  return c;
}

function upstreamTls(tls: I.IRPolicy['tls'], port: I.IRPort, peer: Peer): Json | undefined {
  if (!tls || tls.mode === 'disable') return undefined;
  if (tls.mode === 'istio-mutual') {
    return { common_tls_context: meshTlsContext(peer.principal ? [peer.principal] : undefined), sni: outboundSni(port.number, peer.subset, peer.host) };
  }
  const context: Json = {};
  if (tls.mode === 'mutual' && tls.secret) context.tls_certificate_sds_secret_configs = [sdsSecret(`kubernetes://${tls.secret}`)];
  if (tls.secret) context.validation_context_sds_secret_config = sdsSecret(`kubernetes://${tls.secret}${tls.mode === 'mutual' ? '-cacert' : ''}`);
  return prune({ common_tls_context: context, sni: tls.sni ?? (peer.host.startsWith('*') ? undefined : peer.host) });
}
