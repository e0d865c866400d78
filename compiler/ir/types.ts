/**
 * The IR: the checked model lowered to what every target needs, with nothing left to decide.
 *
 * Names are resolved to hosts (`reviews.shop.svc.cluster.local`), callers to principals, ports to
 * named ports, rule defaults merged into each rule, route rules split by the traffic they apply to
 * (HTTP, TCP, TLS), and client-side TLS made explicit from the destination's mTLS mode. Backends
 * (`compiler/backends/*`) only translate this into their vocabulary.
 *
 * **Invariant:** every list is in a stable order (declarations by namespace then name, ports by
 * number, subsets by name; rules in source order, which is their meaning), so output never depends
 * on file or declaration order.
 */
import type * as M from '../check/model.ts';

export type { Labels, MtlsMode, Protocol } from '../check/model.ts';

export interface IR {
  trustDomain: string;
  namespaces: IRNamespace[];
  services: IRService[];
  gateways: IRGateway[];
  externals: IRExternal[];
}

/** Namespace-wide settings, for every namespace that holds a declaration. */
export interface IRNamespace {
  name: string;
  mtls: M.MtlsMode;
  /** `access deny-by-default`: workloads accept only what an allow rule lets in. */
  denyByDefault: boolean;
  /** `outbound registry-only`: calls to hosts the mesh does not know are blocked. */
  registryOnly: boolean;
}

export interface IRPort {
  number: number;
  protocol: M.Protocol;
  /** The port name, which tells Istio the protocol: `http-9080`, `grpc-9090`, `tcp-5432`. */
  name: string;
  targetPort?: number;
  /** Where the port is declared, for diagnostics of a target that cannot express something about it. */
  loc?: M.Loc;
}

export interface IRDestination {
  /** The destination's host: a service FQDN or an external's host. */
  host: string;
  /** The meshc name of the target declaration. */
  target: string;
  subset?: string;
  port?: number;
  weight: number;
}

export interface IRMatch {
  path?: { op: M.StringMatchOp; value: string };
  method?: string;
  headers: { name: string; op: M.StringMatchOp | 'present' | 'absent'; value?: string }[];
  query: { name: string; op: M.StringMatchOp | 'present' | 'absent'; value?: string }[];
  sourceLabels?: M.Labels;
  sourceNamespace?: string;
  port?: number;
  sniHosts: string[];
}

export type IRAction =
  | { kind: 'forward'; destinations: IRDestination[] }
  | { kind: 'redirect'; path?: string; host?: string; scheme?: string; port?: number; code: number }
  | { kind: 'respond'; status: number; body?: string };

export interface IRHttpRule {
  /** OR of matches; empty means every request. */
  matches: IRMatch[];
  action: IRAction;
  timeoutMs?: number;
  retries?: M.Retries;
  fault?: M.Fault;
  mirror?: { destination: IRDestination; percent: number };
  rewrite?: { path?: string; host?: string };
  requestHeaders?: M.HeaderOps;
  responseHeaders?: M.HeaderOps;
  cors?: M.Cors;
  loc: M.Loc;
}

/** A rule for TCP or TLS traffic: only L4 matches and a weighted forward. */
export interface IRStreamRule {
  matches: IRMatch[];
  destinations: IRDestination[];
  loc: M.Loc;
}

export interface IRRoutes {
  http: IRHttpRule[];
  tcp: IRStreamRule[];
  tls: IRStreamRule[];
}

export interface IRPolicy {
  lb?: M.LoadBalancer;
  pool?: Omit<M.ConnectionPool, 'loc'>;
  outlier?: Omit<M.OutlierDetection, 'loc'>;
  tls?: Omit<M.ClientTls, 'loc'>;
}

export interface IRSubset {
  name: string;
  labels: M.Labels;
  policy: IRPolicy;
}

/**
 * One authorization rule. The three kinds of caller are alternatives (a request from any listed
 * principal, namespace or address), while the operation fields and `when` conditions must all
 * hold, so a backend must not put callers of different kinds in one AND-ed source.
 */
export interface IRAuthzRule {
  principals: string[];
  namespaces: string[];
  ipBlocks: string[];
  methods: string[];
  paths: string[];
  ports: number[];
  when: { key: string; values: string[] }[];
}

/** One authorization policy: rules of one action, all dry-run or none. */
export interface IRAuthzPolicy {
  action: 'allow' | 'deny' | 'audit';
  dryRun: boolean;
  rules: IRAuthzRule[];
}

export interface IRSecurity {
  /** The workload's mTLS mode when it differs from its namespace's, else undefined. */
  mtlsOverride?: M.MtlsMode;
  policies: IRAuthzPolicy[];
  jwt: M.JwtRule[];
  rateLimit?: M.RateLimit;
}

export interface IRService {
  name: string;
  namespace: string;
  host: string;
  ports: IRPort[];
  /** Workload labels: the selector of the service's pods. */
  labels: M.Labels;
  account: string;
  subsets: IRSubset[];
  policy: IRPolicy;
  routes: IRRoutes;
  security: IRSecurity;
}

export interface IRListener {
  port: number;
  protocol: M.Protocol;
  name: string;
  hosts: string[];
  tls?: { mode: 'simple' | 'mutual' | 'passthrough'; secret?: string };
  redirectHttps: boolean;
}

export interface IRGatewayRoute {
  /** The hosts this route table serves. */
  hosts: string[];
  routes: IRRoutes;
}

export interface IRGateway {
  name: string;
  namespace: string;
  selector: M.Labels;
  listeners: IRListener[];
  routes: IRGatewayRoute[];
  security: IRSecurity;
}

export interface IRExternal {
  name: string;
  namespace: string;
  hosts: string[];
  ports: IRPort[];
  resolution: M.External['resolution'];
  location: M.External['location'];
  addresses: string[];
  endpoints: string[];
  policy: IRPolicy;
  routes: IRRoutes;
}
