/**
 * The checked model: what a meshc program means, after names are resolved, values are typed and
 * defaults are applied. It is the input of the analyses and of the IR (`compiler/ir/`).
 *
 * Every collection is sorted by a stable key (declarations by name, ports by number, versions by
 * name) except where order is meaning (route rules), so that nothing downstream depends on file
 * or declaration order. Every element keeps the source location it came from, for diagnostics and
 * for the language server.
 */
import type { Range } from '../diagnostics/types.ts';

export interface Loc {
  file: string;
  range: Range;
}

export type MtlsMode = 'strict' | 'permissive' | 'disable';
export type Protocol = 'http' | 'http2' | 'grpc' | 'tcp' | 'tls' | 'mongo' | 'mysql' | 'redis' | 'https';
export type Labels = Readonly<Record<string, string>>;

export interface Program {
  mesh: Mesh;
  services: Service[];
  gateways: Gateway[];
  externals: External[];
}

export interface Mesh {
  /** The namespace of declarations that do not name one. */
  namespace: string;
  /** Every namespace the mesh knows, the default included, sorted. */
  namespaces: string[];
  /** True when `namespaces` was declared, so that other namespaces are mistakes. */
  namespacesDeclared: boolean;
  trustDomain: string;
  mtls: MtlsMode;
  outbound: 'registry-only' | 'allow-any';
  access: 'allow-by-default' | 'deny-by-default';
  loc?: Loc;
}

export interface Port {
  number: number;
  protocol: Protocol;
  /** The container port, when it differs from the service port. */
  target?: number;
  loc: Loc;
}

export interface Version {
  name: string;
  labels: Labels;
  policy: TrafficPolicy;
  loc: Loc;
}

export interface Service {
  kind: 'service';
  name: string;
  namespace: string;
  ports: Port[];
  /** Workload labels (default `app: NAME`). */
  labels: Labels;
  /** Kubernetes service account (default: the service name). */
  account: string;
  versions: Version[];
  routes: Route[];
  policy: TrafficPolicy;
  security: Security;
  loc: Loc;
  nameLoc: Loc;
}

export interface Gateway {
  kind: 'gateway';
  name: string;
  namespace: string;
  selector: Labels;
  listeners: Listener[];
  routes: Route[];
  security: Security;
  loc: Loc;
  nameLoc: Loc;
}

export interface Listener {
  port: number;
  protocol: Protocol;
  hosts: string[];
  tls?: { mode: 'simple' | 'mutual' | 'passthrough'; secret?: string };
  redirectHttps: boolean;
  loc: Loc;
}

export interface External {
  kind: 'external';
  name: string;
  namespace: string;
  hosts: string[];
  ports: Port[];
  resolution: 'dns' | 'static' | 'none';
  location: 'mesh-external' | 'mesh-internal';
  addresses: string[];
  endpoints: string[];
  policy: TrafficPolicy;
  routes: Route[];
  loc: Loc;
  nameLoc: Loc;
}

export type Declaration = Service | Gateway | External;

// ---- Routes -------------------------------------------------------------------------------------

export interface Route {
  /** Hosts the route applies to (gateways only; empty = every host the gateway listens for). */
  hosts: string[];
  /** Ordered: the first rule that matches wins. */
  rules: Rule[];
  loc: Loc;
}

export type StringMatchOp = 'exact' | 'prefix' | 'regex';

export type Condition =
  | { kind: 'path'; op: StringMatchOp; value: string; loc: Loc }
  | { kind: 'method'; method: string; loc: Loc }
  | { kind: 'header'; name: string; op: StringMatchOp | 'present' | 'absent'; value?: string; loc: Loc }
  | { kind: 'query'; name: string; op: StringMatchOp | 'present' | 'absent'; value?: string; loc: Loc }
  /** Requests from the workloads of a service (its labels, in its namespace). */
  | { kind: 'source-service'; service: string; namespace: string; labels: Labels; loc: Loc }
  | { kind: 'source-namespace'; namespace: string; loc: Loc }
  | { kind: 'port'; port: number; loc: Loc }
  | { kind: 'sni'; host: string; loc: Loc };

/** All conditions must hold. A rule matches when any of its clauses does. */
export interface Clause {
  conditions: Condition[];
  loc: Loc;
}

export interface Destination {
  /** A declared service or external. */
  target: string;
  targetKind: 'service' | 'external';
  version?: string;
  port?: number;
  /** Percent of traffic, 0–100. */
  weight: number;
  loc: Loc;
}

export type Action =
  | { kind: 'forward'; destinations: Destination[]; loc: Loc }
  | {
      kind: 'redirect';
      path?: string;
      host?: string;
      scheme?: string;
      port?: number;
      /** 301 unless given. */
      code: number;
      loc: Loc;
    }
  | { kind: 'respond'; status: number; body?: string; loc: Loc };

export interface Retries {
  /** 0 means retries are off. */
  attempts: number;
  perTryTimeoutMs?: number;
  retryOn: string[];
  loc: Loc;
}

export interface Fault {
  delay?: { ms: number; percent: number };
  abort?: { status: number; percent: number };
  loc: Loc;
}

export interface HeaderOps {
  set: [string, string][];
  add: [string, string][];
  remove: string[];
  loc: Loc;
}

export interface Cors {
  origins: { op: StringMatchOp; value: string }[];
  methods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeMs?: number;
  credentials?: boolean;
  loc: Loc;
}

/** Per-rule behaviour; a service's or gateway's own settings are the defaults of its rules. */
export interface RuleSettings {
  timeoutMs?: number;
  timeoutLoc?: Loc;
  retries?: Retries;
  fault?: Fault;
  mirror?: { destination: Destination; percent: number; loc: Loc };
  rewrite?: { path?: string; host?: string; loc: Loc };
  requestHeaders?: HeaderOps;
  responseHeaders?: HeaderOps;
  cors?: Cors;
}

export interface Rule {
  clauses: Clause[];
  /** True for `otherwise` (and the `route -> …` shorthand): matches every request. */
  otherwise: boolean;
  action: Action;
  /** Effective settings: the rule's own, else its declaration's defaults. */
  settings: RuleSettings;
  loc: Loc;
}

// ---- Traffic policy -----------------------------------------------------------------------------

export type LoadBalancer =
  | { kind: 'simple'; policy: 'round-robin' | 'least-request' | 'random' | 'passthrough' }
  | { kind: 'hash'; by: 'header' | 'cookie' | 'query' | 'source-ip'; name?: string; ttlMs?: number };

export interface ConnectionPool {
  maxConnections?: number;
  connectTimeoutMs?: number;
  maxPendingRequests?: number;
  maxRequests?: number;
  maxRequestsPerConnection?: number;
  maxRetries?: number;
  idleTimeoutMs?: number;
  loc: Loc;
}

export interface OutlierDetection {
  consecutiveErrors?: number;
  consecutiveGatewayErrors?: number;
  intervalMs?: number;
  ejectionMs?: number;
  maxEjectionPercent?: number;
  minHealthPercent?: number;
  loc: Loc;
}

export interface ClientTls {
  mode: 'disable' | 'simple' | 'mutual' | 'istio-mutual';
  sni?: string;
  secret?: string;
  loc: Loc;
}

export interface TrafficPolicy {
  lb?: LoadBalancer;
  lbLoc?: Loc;
  pool?: ConnectionPool;
  outlier?: OutlierDetection;
  tls?: ClientTls;
}

// ---- Security -----------------------------------------------------------------------------------

export type AuthzSource =
  | { kind: 'service'; service: string; principal: string; loc: Loc }
  | { kind: 'namespace'; namespace: string; loc: Loc }
  | { kind: 'principal'; principal: string; loc: Loc }
  | { kind: 'ip'; cidr: string; loc: Loc };

export interface AuthzRule {
  action: 'allow' | 'deny' | 'audit';
  from: AuthzSource[];
  methods: string[];
  paths: string[];
  ports: number[];
  when: { on: 'claim' | 'header'; name: string; values: string[]; loc: Loc }[];
  dryRun: boolean;
  loc: Loc;
}

export interface JwtRule {
  issuer: string;
  jwksUri?: string;
  jwks?: string;
  audiences: string[];
  fromHeaders: { name: string; prefix?: string }[];
  fromQuery: string[];
  fromCookies: string[];
  forwardToken: boolean;
  loc: Loc;
}

export interface RateLimit {
  requests: number;
  perMs: number;
  burst: number;
  loc: Loc;
}

export interface Security {
  mtls: MtlsMode;
  /** Where the mode was set, when not inherited from the mesh. */
  mtlsLoc?: Loc;
  authz: AuthzRule[];
  jwt: JwtRule[];
  rateLimit?: RateLimit;
}
