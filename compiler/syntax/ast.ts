/**
 * The syntax tree of one `.mesh` file.
 *
 * Built by `compiler/syntax/parse.ts` from the chevrotain parse of `grammar/parser.ts`. It records
 * what was written, not what it means: a `Stmt` may appear in a block where it is not allowed, a
 * value may be out of range, a name may not resolve — the checker (`compiler/check/`) decides.
 * Every node has an exact `range` (UTF-16 offsets, end exclusive). Comments are kept on the file
 * so that the formatter can put them back.
 *
 * **Invariant:** after error recovery a node may lack parts: those fields are optional and absent,
 * never filled with invented values.
 */
import type { Range } from '../diagnostics/types.ts';

export type { Range };

interface NodeBase {
  range: Range;
}

// ---- Leaves ------------------------------------------------------------------------------------

/** A name or keyword used as a name: `reviews`, `v2-mysql`, `end-user`, `GET`. */
export interface Ident extends NodeBase {
  kind: 'Ident';
  text: string;
}

export interface Str extends NodeBase {
  kind: 'Str';
  /** The value with `\"` and `\\` unescaped; other backslashes are kept as written (regexes). */
  value: string;
  /** False for a string that runs to the end of its line without a closing quote. */
  terminated: boolean;
}

export interface Num extends NodeBase {
  kind: 'Num';
  value: number;
  raw: string;
}

export interface Pct extends NodeBase {
  kind: 'Pct';
  /** The number before `%`, for example 12.5 for `12.5%`. */
  value: number;
  raw: string;
}

/** A number followed by letters: a duration (`6s`, `1m30s`) or a status class (`5xx`). */
export interface Qty extends NodeBase {
  kind: 'Qty';
  raw: string;
}

export type Literal = Ident | Str | Num | Pct | Qty;

export interface Comment extends NodeBase {
  kind: 'Comment';
  /** The text after `#`. */
  text: string;
}

// ---- File and declarations ----------------------------------------------------------------------

export interface SourceFile extends NodeBase {
  kind: 'File';
  path: string;
  decls: Decl[];
  comments: Comment[];
}

export type DeclKind = 'mesh' | 'service' | 'gateway' | 'external';

export interface Decl extends NodeBase {
  kind: 'Decl';
  declKind: DeclKind;
  keyword: Range;
  /** Absent for `mesh`, and when recovery could not find one. */
  name?: Ident;
  body: Stmt[];
}

// ---- Statements ---------------------------------------------------------------------------------

interface StmtBase extends NodeBase {
  /** The range of the statement's leading keyword, where "not allowed here" is reported. */
  keyword: Range;
}

export interface NamespaceStmt extends StmtBase { kind: 'Namespace'; name?: Ident }
export interface NamespacesStmt extends StmtBase { kind: 'Namespaces'; names: Ident[] }
export interface TrustDomainStmt extends StmtBase { kind: 'TrustDomain'; value?: Ident | Str }
/** `mtls strict|permissive|disable` */
export interface MtlsStmt extends StmtBase { kind: 'Mtls'; mode?: Ident }
/** `outbound registry-only|allow-any` */
export interface OutboundStmt extends StmtBase { kind: 'Outbound'; mode?: Ident }
/** `access allow|deny`: whether services without `allow` rules accept any caller. */
export interface AccessStmt extends StmtBase { kind: 'Access'; mode?: Ident }
/** `port 9080 http [target 8080]` */
export interface PortStmt extends StmtBase { kind: 'Port'; number?: Num; protocol?: Ident; target?: Num }
export interface LabelEntry extends NodeBase { key: Ident | Str; value?: Ident | Str | Num }
export interface LabelMap extends NodeBase { entries: LabelEntry[] }
/** `labels { app: reviews }` (service workload labels, version labels). */
export interface LabelsStmt extends StmtBase { kind: 'Labels'; map?: LabelMap }
/** `selector { istio: ingressgateway }` (gateway workload). */
export interface SelectorStmt extends StmtBase { kind: 'Selector'; map?: LabelMap }
export interface AccountStmt extends StmtBase { kind: 'Account'; name?: Ident }
/** `versions v1, v2, v3` — each with labels `version: NAME`. */
export interface VersionsStmt extends StmtBase { kind: 'Versions'; names: Ident[] }
/** `version v2 { labels {…} lb … }` */
export interface VersionStmt extends StmtBase { kind: 'Version'; name?: Ident; body: Stmt[] }
/** `route { rules }`, `route hosts "a.com" { rules }` or the shorthand `route -> v1`. */
export interface RouteStmt extends StmtBase {
  kind: 'Route';
  hosts: Str[];
  rules: Rule[];
  /** True for `route -> action`, which is one `otherwise` rule. */
  shorthand: boolean;
}
export interface TimeoutStmt extends StmtBase { kind: 'Timeout'; value?: Qty }
/** `retries 3 per-try 2s on 5xx, reset` or `retries off`. */
export interface RetriesStmt extends StmtBase {
  kind: 'Retries';
  off: boolean;
  attempts?: Num;
  perTry?: Qty;
  on: (Ident | Qty | Num)[];
}
/** `fault delay 7s 100%`, `fault abort 503 10%`, or both. */
export interface FaultStmt extends StmtBase {
  kind: 'Fault';
  delay?: { range: Range; duration?: Qty; percent?: Pct };
  abort?: { range: Range; status?: Num; percent?: Pct };
}
export interface MirrorStmt extends StmtBase { kind: 'Mirror'; target?: Target; percent?: Pct }
/** `rewrite path "/v2" host "new.example.com"` */
export interface RewriteStmt extends StmtBase { kind: 'Rewrite'; path?: Str; host?: Str }
/** `request-headers { … }`, `response-headers { … }` */
export interface HeadersStmt extends StmtBase { kind: 'Headers'; direction: 'request' | 'response'; body: Stmt[] }
/** `set NAME "value"` / `add NAME "value"` inside a headers block. */
export interface HeaderSetStmt extends StmtBase { kind: 'HeaderSet'; op: 'set' | 'add'; name?: Ident | Str; value?: Str }
export interface HeaderRemoveStmt extends StmtBase { kind: 'HeaderRemove'; names: (Ident | Str)[] }
export interface Setting extends NodeBase { key: Ident; values: Literal[] }
/** Blocks of `key value` settings: `cors {…}`, `pool {…}`, `outlier {…}`, `require jwt {…}`. */
export interface SettingsStmt extends StmtBase {
  kind: 'Settings';
  block: 'cors' | 'pool' | 'outlier' | 'jwt';
  entries: Setting[];
}
/** `lb least-request` or `lb hash header x-user` / `hash cookie s ttl 1h` / `hash source-ip` / `hash query q`. */
export interface LbStmt extends StmtBase {
  kind: 'Lb';
  policy?: Ident;
  hash?: { range: Range; by?: 'header' | 'cookie' | 'query' | 'source-ip'; byRange?: Range; name?: Ident | Str; ttl?: Qty };
}
/** `tls simple [sni "host"] [secret "name"]` — TLS towards the destination. */
export interface TlsStmt extends StmtBase { kind: 'Tls'; mode?: Ident; sni?: Str; secret?: Str }
export type AuthzSource =
  | { range: Range; kind: 'service'; name: Ident }
  | { range: Range; kind: 'namespace'; name?: Ident }
  | { range: Range; kind: 'principal'; value?: Str }
  | { range: Range; kind: 'ip'; value?: Str };
export type AuthzTarget =
  | { range: Range; kind: 'method'; name: Ident }
  | { range: Range; kind: 'path'; value: Str }
  | { range: Range; kind: 'port'; port?: Num };
export interface AuthzCondition extends NodeBase { on: 'claim' | 'header'; name?: Ident | Str; values: Str[] }
/** `allow|deny|audit [from …] [to …] [when …] [dry-run]` */
export interface AuthzStmt extends StmtBase {
  kind: 'Authz';
  action: 'allow' | 'deny' | 'audit';
  from: AuthzSource[];
  to: AuthzTarget[];
  when: AuthzCondition[];
  dryRun?: Range;
}
/** `rate-limit 100 per 1s [burst 200]` */
export interface RateLimitStmt extends StmtBase { kind: 'RateLimit'; requests?: Num; per?: Qty; burst?: Num }
/** `listen 443 https hosts "a.com" tls simple secret "cert" [redirect-https]` */
export interface ListenStmt extends StmtBase {
  kind: 'Listen';
  port?: Num;
  protocol?: Ident;
  hosts: Str[];
  tls?: { range: Range; mode?: Ident; secret?: Str };
  redirectHttps?: Range;
}
/** `hosts "api.example.com", "*.example.org"` (externals). */
export interface HostsStmt extends StmtBase { kind: 'Hosts'; hosts: Str[] }
export interface ResolutionStmt extends StmtBase { kind: 'Resolution'; mode?: Ident }
export interface LocationStmt extends StmtBase { kind: 'Location'; mode?: Ident }
export interface AddressesStmt extends StmtBase { kind: 'Addresses'; values: Str[] }
export interface EndpointsStmt extends StmtBase { kind: 'Endpoints'; values: Str[] }

export type Stmt =
  | NamespaceStmt
  | NamespacesStmt
  | TrustDomainStmt
  | MtlsStmt
  | OutboundStmt
  | AccessStmt
  | PortStmt
  | LabelsStmt
  | SelectorStmt
  | AccountStmt
  | VersionsStmt
  | VersionStmt
  | RouteStmt
  | TimeoutStmt
  | RetriesStmt
  | FaultStmt
  | MirrorStmt
  | RewriteStmt
  | HeadersStmt
  | HeaderSetStmt
  | HeaderRemoveStmt
  | SettingsStmt
  | LbStmt
  | TlsStmt
  | AuthzStmt
  | RateLimitStmt
  | ListenStmt
  | HostsStmt
  | ResolutionStmt
  | LocationStmt
  | AddressesStmt
  | EndpointsStmt;

export type StmtKind = Stmt['kind'];

// ---- Routes -------------------------------------------------------------------------------------

export type MatchOp = 'exact' | 'prefix' | 'regex' | 'present' | 'absent';

export type MatchAtom =
  | { kind: 'PathMatch'; range: Range; op?: MatchOp; value?: Str }
  | { kind: 'MethodMatch'; range: Range; method?: Ident }
  | { kind: 'HeaderMatch'; range: Range; name?: Ident | Str; op?: MatchOp; value?: Str }
  | { kind: 'QueryMatch'; range: Range; name?: Ident | Str; op?: MatchOp; value?: Str }
  /** `from NAME` (a calling service) or `from namespace NAME`. */
  | { kind: 'SourceMatch'; range: Range; namespace: boolean; name?: Ident }
  | { kind: 'PortMatch'; range: Range; port?: Num }
  | { kind: 'SniMatch'; range: Range; host?: Str };

/** One alternative of a `when` condition: all atoms must hold (AND). */
export interface MatchClause extends NodeBase {
  atoms: MatchAtom[];
}

/** A route destination: `v2`, `reviews`, `reviews.v2`, `productpage port 9080`, each with a weight. */
export interface Target extends NodeBase {
  /** A version of the enclosing service, or a service (or external) name. */
  name: Ident;
  /** After a dot: the version of `name`. */
  version?: Ident;
  port?: Num;
  weight?: Pct;
}

export type Action =
  | { kind: 'Forward'; range: Range; targets: Target[] }
  | {
      kind: 'Redirect';
      range: Range;
      path?: Str;
      host?: Str;
      scheme?: Ident;
      port?: Num;
      code?: Num;
    }
  | { kind: 'Respond'; range: Range; status?: Num; body?: Str };

export interface Rule extends NodeBase {
  kind: 'Rule';
  /** The `when` or `otherwise` keyword. */
  keyword: Range;
  /** `when A and B or C`: OR of ANDs. Empty for `otherwise`. */
  when: MatchClause[];
  otherwise: boolean;
  action?: Action;
  /** Per-rule settings: timeout, retries, fault, mirror, rewrite, headers, cors. */
  body: Stmt[];
}

// ---- Helpers ------------------------------------------------------------------------------------

/** Every statement kind, for exhaustive tables in the checker and formatter. */
export const stmtKinds: readonly StmtKind[] = [
  'Namespace', 'Namespaces', 'TrustDomain', 'Mtls', 'Outbound', 'Access', 'Port', 'Labels', 'Selector',
  'Account', 'Versions', 'Version', 'Route', 'Timeout', 'Retries', 'Fault', 'Mirror', 'Rewrite',
  'Headers', 'HeaderSet', 'HeaderRemove', 'Settings', 'Lb', 'Tls', 'Authz', 'RateLimit', 'Listen',
  'Hosts', 'Resolution', 'Location', 'Addresses', 'Endpoints',
];
