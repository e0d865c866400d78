/**
 * What the Envoy backend's builders share: proto3 JSON helpers, Istio's naming, SDS references.
 *
 * Everything here is written in the proto3 JSON form with the `.proto` field names (snake_case),
 * which Envoy, `envoy-validate` and xDS clients all read.
 */
import type * as I from '../../ir/types.ts';
import { sharedValue } from '../../emit/plain-yaml.ts';

export type Json = Record<string, unknown>;

export const TYPES = {
  listener: 'envoy.config.listener.v3.Listener',
  route: 'envoy.config.route.v3.RouteConfiguration',
  cluster: 'envoy.config.cluster.v3.Cluster',
  endpoint: 'envoy.config.endpoint.v3.ClusterLoadAssignment',
  hcm: 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  tcpProxy: 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
  networkRbac: 'envoy.extensions.filters.network.rbac.v3.RBAC',
  router: 'envoy.extensions.filters.http.router.v3.Router',
  rbac: 'envoy.extensions.filters.http.rbac.v3.RBAC',
  jwt: 'envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication',
  fault: 'envoy.extensions.filters.http.fault.v3.HTTPFault',
  cors: 'envoy.extensions.filters.http.cors.v3.Cors',
  corsPolicy: 'envoy.config.route.v3.CorsPolicy',
  localRateLimit: 'envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
  tlsInspector: 'envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
  originalDst: 'envoy.extensions.filters.listener.original_dst.v3.OriginalDst',
  httpInspector: 'envoy.extensions.filters.listener.http_inspector.v3.HttpInspector',
  upstreamTls: 'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
  downstreamTls: 'envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
  httpProtocolOptions: 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
} as const;

/** HTTP filter names, as Istio writes them; `typed_per_filter_config` is keyed by them. */
export const FILTERS = {
  jwt: 'envoy.filters.http.jwt_authn',
  rbac: 'envoy.filters.http.rbac',
  fault: 'envoy.filters.http.fault',
  cors: 'envoy.filters.http.cors',
  localRateLimit: 'envoy.filters.http.local_ratelimit',
  router: 'envoy.filters.http.router',
} as const;

/** A `google.protobuf.Any` in proto3 JSON: the payload's fields beside `@type`. */
export function any(type: string, payload: Json = {}): Json {
  return { '@type': `type.googleapis.com/${type}`, ...payload };
}

/** proto3 JSON duration: `5s`, `0.25s`. */
export function duration(ms: number): string {
  return `${ms / 1000}s`;
}

/** A percentage as Envoy's FractionalPercent, per million as Istio writes it (0.1 % is expressible). */
export function fraction(percent: number): Json {
  return { numerator: Math.round(percent * 10000), denominator: 'MILLION' };
}

/** Removes undefined values and empty arrays of one object (shallow, like the Kubernetes `prune`). */
export function prune<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined || (Array.isArray(inner) && inner.length === 0)) continue;
    out[key] = inner;
  }
  return out as T;
}

export function byString<T>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

// ---- Names (Istio's, so that output reads like `istioctl proxy-config`) --------------------------

export function outboundCluster(port: number, subset: string | undefined, host: string): string {
  return `outbound|${port}|${subset ?? ''}|${host}`;
}

export function inboundCluster(port: number): string {
  return `inbound|${port}||`;
}

/** Istio's SNI for mesh mTLS, which names the cluster the client meant. */
export function outboundSni(port: number, subset: string | undefined, host: string): string {
  return `outbound_.${port}_.${subset ?? ''}_.${host}`;
}

export function rbacPolicyName(namespace: string, policy: string, rule: number): string {
  return `ns[${namespace}]-policy[${policy}]-rule[${rule}]`;
}

export function spiffe(principal: string): string {
  return `spiffe://${principal}`;
}

// ---- Secrets (SDS, as Istio's agent serves them) -------------------------------------------------

/** The cluster of the node agent's SDS socket, defined in every Bootstrap. */
export const SDS_CLUSTER = 'sds-grpc';
/** The cluster of the control plane's ADS stream, defined in every Bootstrap. */
export const XDS_CLUSTER = 'xds-grpc';

/**
 * An SDS secret reference. One object per name, shared by every place that names the secret:
 * builders never change what they built, and the gate checks a shared object once.
 */
const secrets = new Map<string, Json>();
export function sdsSecret(name: string): Json {
  let secret = secrets.get(name);
  if (!secret) {
    secret = sharedValue({
      name,
      sds_config: {
        api_config_source: { api_type: 'GRPC', transport_api_version: 'V3', grpc_services: [{ envoy_grpc: { cluster_name: SDS_CLUSTER } }] },
        resource_api_version: 'V3',
      },
    });
    if (secrets.size < 10_000) secrets.set(name, secret);
  }
  return secret;
}

/** The workload certificate and the mesh root, Istio's SDS names `default` and `ROOTCA`. */
const MESH_ALPN = ['istio-peer-exchange', 'istio', 'h2', 'http/1.1'];
/** By the peers it accepts: a service's clusters (one per port and version) share one context. */
const meshContexts = new Map<string, Json>();
export function meshTlsContext(peerPrincipals: string[] | undefined): Json {
  const key = (peerPrincipals ?? []).join(' ');
  let context = meshContexts.get(key);
  if (context) return context;
  const validation: Json = {};
  if (peerPrincipals && peerPrincipals.length > 0) {
    validation.match_typed_subject_alt_names = peerPrincipals.map((p) => ({ san_type: 'URI', matcher: { exact: spiffe(p) } }));
  }
  context = sharedValue({
    alpn_protocols: MESH_ALPN,
    tls_certificate_sds_secret_configs: [sdsSecret('default')],
    combined_validation_context: { default_validation_context: validation, validation_context_sds_secret_config: sdsSecret('ROOTCA') },
  });
  if (meshContexts.size < 100_000) meshContexts.set(key, context);
  return context;
}

export const ADS_SOURCE: Json = sharedValue({ ads: {}, resource_api_version: 'V3' });

export function socketAddress(address: string, port: number): Json {
  return { socket_address: { address, port_value: port } };
}

/** HTTP/2 upstream, for gRPC and HTTP/2 ports. */
export const HTTP2_OPTIONS: Json = { explicit_http_config: sharedValue({ http2_protocol_options: {} }) };

export function isHttp(protocol: I.Protocol): boolean {
  return protocol === 'http' || protocol === 'http2' || protocol === 'grpc' || protocol === 'https';
}

export function isTcp(protocol: I.Protocol): boolean {
  return protocol === 'tcp' || protocol === 'mongo' || protocol === 'mysql' || protocol === 'redis';
}

export function isH2(protocol: I.Protocol): boolean {
  return protocol === 'http2' || protocol === 'grpc';
}
