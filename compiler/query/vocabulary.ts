/**
 * The words of the language, with a sentence of documentation each: keywords (for hover and
 * completion) and the values of enumerations (protocols, modes, methods, retry conditions).
 *
 * The lists of allowed values come from the checker, so that completion offers exactly what
 * `meshc check` accepts; only the sentences are written here. The texts follow
 * `docs/language.md`, where each construct is documented in full.
 */
import { keywords as keywordTokens } from '../../grammar/tokens.ts';
import { externalProtocols, listenerProtocols, serviceProtocols } from '../check/declarations.ts';
import { clientTlsModes, lbPolicies } from '../check/policy.ts';
import { retryOnConditions } from '../check/routes.ts';
import { mtlsModes } from '../check/security.ts';
import { settingSchemas } from '../check/settings.ts';
import { HTTP_METHODS } from '../check/values.ts';
import { isAllowed, type BlockContext } from '../check/scopes.ts';
import type { Stmt } from '../syntax/ast.ts';

export interface KeywordDoc {
  /** What the keyword does, in a sentence or two. */
  summary: string;
  /** Its syntax, as in the language reference. */
  syntax?: string;
  /** The Istio field it replaces. */
  istio?: string;
  /** The anchor of its section in `docs/language.md`. */
  section?: string;
}

/** Every keyword of the grammar, in the order of `grammar/tokens.ts`. */
export const KEYWORDS: readonly string[] = Object.keys(keywordTokens);

export const keywordDocs: Readonly<Record<string, KeywordDoc>> = {
  mesh: { summary: 'The mesh-wide settings: default namespace, mTLS, outbound and access policy. At most one per program.', syntax: 'mesh { namespace NAME  mtls MODE  outbound MODE  access MODE … }', istio: 'metadata.namespace, mesh-wide PeerAuthentication, MeshConfig outboundTrafficPolicy', section: 'mesh' },
  service: { summary: 'A service of the mesh: its ports, versions, routes, rule defaults, traffic policy and security, all in one block.', syntax: 'service NAME { port NUMBER PROTOCOL … }', istio: 'Kubernetes Service, DestinationRule, VirtualService, PeerAuthentication, AuthorizationPolicy, RequestAuthentication', section: 'service' },
  gateway: { summary: 'An ingress gateway: what it accepts from outside the mesh (`listen`) and where it sends it (`route`).', syntax: 'gateway NAME { listen PORT PROTOCOL [hosts "H", …] [tls MODE secret "S"]  route { … } }', istio: 'Gateway `servers[]` and a VirtualService with `gateways: [NAME]`', section: 'gateway' },
  external: { summary: 'A host outside the mesh that workloads call (a SaaS API, a database).', syntax: 'external NAME { hosts "HOST", …  port NUMBER PROTOCOL … }', istio: 'ServiceEntry (and a DestinationRule / VirtualService for its policy and routes)', section: 'external' },
  namespace: { summary: 'The Kubernetes namespace: in the mesh block, the default of every declaration; in a declaration, its own. In `from namespace NAME`, requests from workloads in that namespace.', syntax: 'namespace NAME', istio: 'metadata.namespace; `sourceNamespace`, `source.namespaces`', section: 'mesh' },
  namespaces: { summary: 'The namespaces the program may use; any other namespace is an error (M2004).', syntax: 'namespaces NAME, …', section: 'mesh' },
  'trust-domain': { summary: 'The trust domain of workload identities, `DOMAIN/ns/NS/sa/ACCOUNT`. Default `cluster.local`.', syntax: 'trust-domain "DOMAIN"', istio: 'MeshConfig trustDomain, as in AuthorizationPolicy `source.principals`', section: 'mesh' },
  mtls: { summary: 'Mutual TLS between workloads: `strict` accepts only mTLS (the default), `permissive` also plaintext, `disable` turns it off.', syntax: 'mtls strict | permissive | disable', istio: 'PeerAuthentication `mtls.mode` and DestinationRule `trafficPolicy.tls.mode`', section: 'mtls' },
  outbound: { summary: 'Whether workloads may call hosts the mesh does not know: `allow-any` (default) or `registry-only`.', syntax: 'outbound allow-any | registry-only', istio: 'MeshConfig / Sidecar `outboundTrafficPolicy.mode`', section: 'mesh' },
  access: { summary: 'Whether a service that declares no `allow` accepts any caller: `allow-by-default` (default) or `deny-by-default`.', syntax: 'access allow-by-default | deny-by-default', istio: 'an allow-nothing AuthorizationPolicy per namespace', section: 'mesh' },
  port: { summary: 'In a service or external: a port it serves, with its protocol. In a route condition: requests to that port. In `allow … on port`: the destination port.', syntax: 'port NUMBER PROTOCOL [target NUMBER]', istio: 'Kubernetes Service `ports[]`; ServiceEntry `ports[]`; `match[].port`', section: 'port' },
  target: { summary: 'The container port, when it differs from the service port.', syntax: 'port NUMBER PROTOCOL target NUMBER', istio: 'Service `targetPort`', section: 'port' },
  labels: { summary: 'The labels that select the workloads of a service (default `app: NAME`) or of a version (default `version: NAME`). A `labels` map replaces the default entirely.', syntax: 'labels { KEY: VALUE, … }', istio: '`selector.matchLabels`; DestinationRule `subsets[].labels`', section: 'labels' },
  selector: { summary: 'The labels of a gateway\'s proxy workloads. Default `{ istio: ingressgateway }`.', syntax: 'selector { KEY: VALUE, … }', istio: 'Gateway `spec.selector`', section: 'gateway' },
  account: { summary: 'The Kubernetes service account of the service\'s workloads (default: the service name); part of the identity callers are allowed by.', syntax: 'account NAME', istio: 'the `sa/ACCOUNT` of `source.principals`', section: 'account' },
  versions: { summary: 'Versions (subsets) of the service, each selected by the label `version: NAME`.', syntax: 'versions NAME, …', istio: 'DestinationRule `subsets[]`', section: 'versions-and-version' },
  version: { summary: 'One version (subset) of the service with its own labels and traffic policy.', syntax: 'version NAME { labels { … }  lb …  pool { … }  outlier { … }  tls … }', istio: 'DestinationRule `subsets[]` with `trafficPolicy`', section: 'versions-and-version' },
  route: { summary: 'Where requests go. Rules are tried in order and the first that matches wins; `otherwise` matches every request. `route -> ACTION` is one rule that matches everything.', syntax: 'route -> ACTION\nroute [hosts "H", …] { when CONDITION -> ACTION  …  otherwise -> ACTION }', istio: 'VirtualService `http[]` (one entry per rule, in order)', section: 'routes' },
  timeout: { summary: 'The time allowed for a request, retries included. On a declaration, the default of every rule.', syntax: 'timeout DURATION', istio: '`http[].timeout`', section: 'timeout' },
  retries: { summary: 'Retry failed requests up to ATTEMPTS times, each try limited to `per-try`, on the listed conditions. `retries off` turns retries off.', syntax: 'retries ATTEMPTS [per-try DURATION] [on CONDITION, …]\nretries off', istio: '`http[].retries`: `attempts`, `perTryTimeout`, `retryOn`', section: 'retries' },
  'per-try': { summary: 'The time limit of each try of a retried request.', syntax: 'retries ATTEMPTS per-try DURATION', istio: '`retries.perTryTimeout`', section: 'retries' },
  on: { summary: 'In `retries`: the conditions to retry on. In `allow … on port N`: the destination ports.', syntax: 'retries N on CONDITION, …', istio: '`retries.retryOn`; `to[].operation.ports`', section: 'retries' },
  off: { summary: 'Turns retries off.', syntax: 'retries off', istio: '`retries.attempts: 0`', section: 'retries' },
  fault: { summary: 'Inject faults: delay a share of requests, or answer them with an error status. Istio turns off retries and timeouts on a route that injects a fault.', syntax: 'fault [delay DURATION [PERCENT%]] [abort STATUS [PERCENT%]]', istio: '`http[].fault`', section: 'fault' },
  delay: { summary: 'Delay a share of requests (default 100%) by a fixed time.', syntax: 'fault delay DURATION [PERCENT%]', istio: '`fault.delay.fixedDelay`, `fault.delay.percentage`', section: 'fault' },
  abort: { summary: 'Answer a share of requests (default 100%) with an error status instead of forwarding them.', syntax: 'fault abort STATUS [PERCENT%]', istio: '`fault.abort.httpStatus`, `fault.abort.percentage`', section: 'fault' },
  mirror: { summary: 'Send a copy of a share of requests (default 100%) to another destination, without waiting for its answer.', syntax: 'mirror DESTINATION [PERCENT%]', istio: '`http[].mirror`, `mirrorPercentage`', section: 'mirror' },
  rewrite: { summary: 'Rewrite the path prefix and/or the host before forwarding. Only in a rule.', syntax: 'rewrite [path "/P"] [host "H"]', istio: '`http[].rewrite`: `uri`, `authority`', section: 'rewrite' },
  'request-headers': { summary: 'Change headers on the way to the destination.', syntax: 'request-headers { set NAME "V"  add NAME "V"  remove NAME, … }', istio: '`http[].headers.request`', section: 'request-headers-and-response-headers' },
  'response-headers': { summary: 'Change headers on the response.', syntax: 'response-headers { set NAME "V"  add NAME "V"  remove NAME, … }', istio: '`http[].headers.response`', section: 'request-headers-and-response-headers' },
  set: { summary: 'Set a header, replacing any value it had.', syntax: 'set NAME "VALUE"', istio: '`headers.*.set`', section: 'request-headers-and-response-headers' },
  add: { summary: 'Append a value to a header.', syntax: 'add NAME "VALUE"', istio: '`headers.*.add`', section: 'request-headers-and-response-headers' },
  remove: { summary: 'Remove headers.', syntax: 'remove NAME, …', istio: '`headers.*.remove`', section: 'request-headers-and-response-headers' },
  cors: { summary: 'The CORS policy: allowed origins, methods and headers.', syntax: 'cors { origins "O", …  methods M, …  allow-headers H, …  max-age DURATION  credentials true|false }', istio: '`http[].corsPolicy`', section: 'cors' },
  lb: { summary: 'The load balancer used by callers\' proxies: a simple policy, or consistent hashing on a header, cookie, query parameter or source IP.', syntax: 'lb round-robin | least-request | random | passthrough\nlb hash header NAME | hash cookie NAME [ttl DURATION] | hash query NAME | hash source-ip', istio: 'DestinationRule `trafficPolicy.loadBalancer`', section: 'lb' },
  hash: { summary: 'Consistent hashing: requests with the same key go to the same workload.', syntax: 'lb hash header NAME | cookie NAME [ttl DURATION] | query NAME | source-ip', istio: '`loadBalancer.consistentHash`', section: 'lb' },
  cookie: { summary: 'Hash on a cookie (created with `ttl` when missing).', syntax: 'lb hash cookie NAME [ttl DURATION]', istio: '`consistentHash.httpCookie`', section: 'lb' },
  ttl: { summary: 'The lifetime of the hash cookie.', syntax: 'lb hash cookie NAME ttl DURATION', istio: '`httpCookie.ttl`', section: 'lb' },
  pool: { summary: 'Connection pool limits towards the service.', syntax: 'pool { max-connections N  connect-timeout DURATION  max-pending-requests N … }', istio: 'DestinationRule `trafficPolicy.connectionPool`', section: 'pool' },
  outlier: { summary: 'Outlier detection: eject workloads that keep failing.', syntax: 'outlier { consecutive-errors N  interval DURATION  ejection DURATION  max-ejection PERCENT% … }', istio: 'DestinationRule `trafficPolicy.outlierDetection`', section: 'outlier' },
  tls: { summary: 'In a service, version or external: TLS from the caller\'s proxy to the destination. In `listen`: how the gateway handles TLS.', syntax: 'tls disable | simple | mutual | istio-mutual [sni "HOST"] [secret "NAME"]\nlisten … tls simple | mutual | passthrough [secret "NAME"]', istio: 'DestinationRule `trafficPolicy.tls`; Gateway `servers[].tls`', section: 'tls' },
  sni: { summary: 'In `tls`: the server name sent to the destination. In a route condition: TLS connections for that server name.', syntax: 'tls simple sni "HOST"\nwhen sni "HOST" -> …', istio: '`tls.sni`; `tls[].match[].sniHosts`', section: 'tls' },
  secret: { summary: 'A Kubernetes secret holding a certificate: the server certificate of a gateway listener, or the client certificate of `tls mutual`.', syntax: 'secret "NAME"', istio: '`credentialName`', section: 'tls' },
  allow: { summary: 'Who may call the service or gateway, and what they may do. Once there is an `allow` rule, every request that no `allow` rule matches is denied.', syntax: 'allow [from SOURCE, …] [to METHOD-OR-PATH, …] [on port N, …] [when CONDITION …] [dry-run]', istio: 'AuthorizationPolicy `action: ALLOW`', section: 'allow-deny-and-audit' },
  deny: { summary: 'Requests to refuse. `deny` rules win over `allow` rules.', syntax: 'deny [from SOURCE, …] [to METHOD-OR-PATH, …] [on port N, …] [when CONDITION …] [dry-run]', istio: 'AuthorizationPolicy `action: DENY`', section: 'allow-deny-and-audit' },
  audit: { summary: 'Requests to log for audit; changes nothing else.', syntax: 'audit [from SOURCE, …] [to …] [when …]', istio: 'AuthorizationPolicy `action: AUDIT`', section: 'allow-deny-and-audit' },
  from: { summary: 'The callers: a service (by its identity), `namespace NAME`, `principal "ID"` or `ip "CIDR"`. In a route condition, requests from a service\'s workloads or a namespace.', syntax: 'from SERVICE | namespace NAME | principal "ID" | ip "CIDR", …', istio: '`from[].source`; route `sourceLabels` / `sourceNamespace`', section: 'allow-deny-and-audit' },
  to: { summary: 'The methods and paths a rule is about; a path may follow a method: `to GET "/reviews/*"`.', syntax: 'to METHOD | "PATH", …', istio: '`to[].operation.methods`, `.paths`', section: 'allow-deny-and-audit' },
  principal: { summary: 'A caller identity written out, `TRUST-DOMAIN/ns/NS/sa/ACCOUNT`.', syntax: 'from principal "IDENTITY"', istio: '`source.principals`', section: 'allow-deny-and-audit' },
  ip: { summary: 'Callers by IP address or range.', syntax: 'from ip "CIDR"', istio: '`source.ipBlocks`', section: 'allow-deny-and-audit' },
  claim: { summary: 'A condition on a claim of the request\'s JWT.', syntax: 'when claim NAME == "VALUE", …', istio: '`when[].key: request.auth.claims[NAME]`', section: 'allow-deny-and-audit' },
  'dry-run': { summary: 'Evaluate and log the rule without enforcing it.', syntax: 'allow … dry-run', istio: 'annotation `istio.io/dry-run: "true"`', section: 'allow-deny-and-audit' },
  require: { summary: 'Require a valid JSON Web Token; requests without a token are refused, not just requests with a bad one.', syntax: 'require jwt { issuer "URL"  jwks-uri "URL"  audiences "A", … }', istio: 'RequestAuthentication `jwtRules[]` and an AuthorizationPolicy requiring `requestPrincipals`', section: 'require-jwt' },
  jwt: { summary: 'A JSON Web Token issuer whose tokens the service requires.', syntax: 'require jwt { issuer "URL" … }', istio: 'RequestAuthentication `jwtRules[]`', section: 'require-jwt' },
  'rate-limit': { summary: 'Limit the requests each proxy of the service or gateway accepts.', syntax: 'rate-limit REQUESTS per DURATION [burst N]', istio: 'EnvoyFilter with `envoy.filters.http.local_ratelimit`', section: 'rate-limit' },
  per: { summary: 'The interval of a rate limit.', syntax: 'rate-limit REQUESTS per DURATION', istio: '`token_bucket.fill_interval`', section: 'rate-limit' },
  burst: { summary: 'The largest burst a rate limit lets through (default: REQUESTS).', syntax: 'rate-limit REQUESTS per DURATION burst N', istio: '`token_bucket.max_tokens`', section: 'rate-limit' },
  listen: { summary: 'A port the gateway accepts, with its protocol, hosts and TLS settings.', syntax: 'listen PORT PROTOCOL [hosts "H", …] [tls simple|mutual|passthrough [secret "NAME"]] [redirect-https]', istio: 'Gateway `servers[]`', section: 'gateway' },
  host: { summary: 'A new host for a redirect or rewrite.', syntax: 'redirect host "H"\nrewrite host "H"', istio: '`redirect.authority`, `rewrite.authority`', section: 'actions-redirect-and-respond' },
  hosts: { summary: 'Host names: of an external, of a gateway listener, or the hosts a gateway route applies to.', syntax: 'hosts "HOST", …', istio: 'ServiceEntry `hosts`; Gateway `servers[].hosts`; VirtualService `hosts`', section: 'external' },
  'redirect-https': { summary: 'Send plaintext clients of an `http` listener to HTTPS.', syntax: 'listen 80 http redirect-https', istio: '`servers[].tls.httpsRedirect: true`', section: 'gateway' },
  resolution: { summary: 'How the proxy finds an external\'s addresses: `dns` (default), `static` (the `endpoints`), `none`.', syntax: 'resolution dns | static | none', istio: 'ServiceEntry `resolution`', section: 'external' },
  location: { summary: 'Whether an external is outside the mesh (default) or inside it without sidecars.', syntax: 'location mesh-external | mesh-internal', istio: 'ServiceEntry `location`', section: 'external' },
  addresses: { summary: 'The virtual IP addresses or ranges of an external.', syntax: 'addresses "CIDR", …', istio: 'ServiceEntry `addresses`', section: 'external' },
  endpoints: { summary: 'Where to send an external\'s traffic: IP addresses with `resolution static`, host names with `dns`.', syntax: 'endpoints "ADDRESS", …', istio: 'ServiceEntry `endpoints[].address`', section: 'external' },
  when: { summary: 'A route rule with a condition; the first rule that matches a request wins. `and` binds tighter than `or`. In `allow`, conditions on claims or headers.', syntax: 'when ATOM [and ATOM]… [or ATOM …]… -> ACTION', istio: '`http[].match[]`', section: 'conditions' },
  otherwise: { summary: 'The rule that matches every request; it comes last.', syntax: 'otherwise -> ACTION', istio: 'an `http[]` entry without `match`', section: 'routes' },
  and: { summary: 'Both conditions must hold. Binds tighter than `or`.', syntax: 'when A and B', istio: 'fields of one `match[]` entry', section: 'conditions' },
  or: { summary: 'Either alternative may hold; each alternative is one `match[]` entry.', syntax: 'when A or B', istio: 'separate `match[]` entries', section: 'conditions' },
  path: { summary: 'In a condition: the request path (`==`, `prefix`, `regex`). In `redirect` and `rewrite`: the new path.', syntax: 'path == "/P" | path prefix "/P" | path regex "RE"', istio: '`match[].uri.exact` / `.prefix` / `.regex`', section: 'conditions' },
  method: { summary: 'A condition on the HTTP method.', syntax: 'method GET', istio: '`match[].method.exact`', section: 'conditions' },
  header: { summary: 'A condition on a request header (in routes and in `allow … when`).', syntax: 'header NAME == "V" | prefix "V" | regex "RE" | present | absent', istio: '`match[].headers.NAME` / `withoutHeaders`', section: 'conditions' },
  query: { summary: 'A condition on a query parameter.', syntax: 'query NAME == "V" | prefix "V" | regex "RE" | present | absent', istio: '`match[].queryParams.NAME`', section: 'conditions' },
  prefix: { summary: 'Matches values that start with the given text.', syntax: 'path prefix "/api"', istio: '`prefix`', section: 'conditions' },
  regex: { summary: 'Matches values against an RE2 regular expression (at most 1024 characters).', syntax: 'path regex "^/v\\d+/"', istio: '`regex`', section: 'conditions' },
  present: { summary: 'Matches when the header or query parameter is present.', syntax: 'header NAME present', istio: '`headers.NAME: {}`', section: 'conditions' },
  absent: { summary: 'Matches when the header or query parameter is absent.', syntax: 'header NAME absent', istio: '`withoutHeaders.NAME: {}`', section: 'conditions' },
  redirect: { summary: 'Answer with a redirect instead of forwarding (code 301 unless given).', syntax: 'redirect [path "/P"] [host "H"] [scheme http|https] [port N] [code 301|302|303|307|308]', istio: '`http[].redirect`', section: 'actions-redirect-and-respond' },
  respond: { summary: 'Answer directly with a status and an optional body.', syntax: 'respond STATUS ["BODY"]', istio: '`http[].directResponse`', section: 'actions-redirect-and-respond' },
  scheme: { summary: 'The scheme of a redirect.', syntax: 'redirect scheme https', istio: '`redirect.scheme`', section: 'actions-redirect-and-respond' },
  code: { summary: 'The status code of a redirect: 301, 302, 303, 307 or 308.', syntax: 'redirect … code 302', istio: '`redirect.redirectCode`', section: 'actions-redirect-and-respond' },
};

/** The address of a section of the language reference. */
export function referenceUrl(section: string | undefined): string {
  return `https://github.com/meshc/meshc/blob/main/docs/language.md${section ? `#${section}` : ''}`;
}

// ---- Values -------------------------------------------------------------------------------------

export interface ValueDoc {
  value: string;
  doc: string;
}

const v = (value: string, doc: string): ValueDoc => ({ value, doc });

const protocolDocs: Record<string, string> = {
  http: 'HTTP/1.1 (and HTTP/2 with prior knowledge); routed by path, headers and methods.',
  http2: 'HTTP/2.',
  grpc: 'gRPC over HTTP/2.',
  tcp: 'Plain TCP: routed by port only.',
  tls: 'TLS, routed by server name (SNI) without terminating it.',
  https: 'HTTPS: TLS with HTTP inside.',
  mongo: 'MongoDB wire protocol.',
  mysql: 'MySQL wire protocol.',
  redis: 'Redis protocol.',
};

const retryDocs: Record<string, string> = {
  '5xx': 'The destination answered with a 5xx status, or did not answer.',
  'gateway-error': 'The destination answered 502, 503 or 504.',
  reset: 'The connection was reset, or the destination did not answer.',
  'reset-before-request': 'The connection was reset before the request was sent.',
  'connect-failure': 'The connection could not be made.',
  'envoy-ratelimited': 'Envoy rate-limited the request.',
  'retriable-4xx': 'The destination answered 409.',
  'refused-stream': 'The destination refused the HTTP/2 stream.',
  'retriable-status-codes': 'The destination answered one of the retriable status codes.',
  'retriable-headers': 'The response has one of the retriable headers.',
  'http3-post-connect-failure': 'An HTTP/3 request failed after the connection was made.',
  cancelled: 'gRPC status CANCELLED.',
  'deadline-exceeded': 'gRPC status DEADLINE_EXCEEDED.',
  internal: 'gRPC status INTERNAL.',
  'resource-exhausted': 'gRPC status RESOURCE_EXHAUSTED.',
  unavailable: 'gRPC status UNAVAILABLE.',
};

/** Enumerations by the statement (or statement part) whose value they are. */
export const enums = {
  serviceProtocol: serviceProtocols.map((p) => v(p, protocolDocs[p]!)),
  externalProtocol: externalProtocols.map((p) => v(p, protocolDocs[p]!)),
  listenerProtocol: listenerProtocols.map((p) => v(p, protocolDocs[p]!)),
  mtls: mtlsModes.map((m) =>
    v(m, { strict: 'Accept only mutual TLS (the default).', permissive: 'Accept mutual TLS and plaintext, while callers migrate.', disable: 'No mutual TLS.' }[m]),
  ),
  outbound: [v('allow-any', 'Workloads may call any host (the default).'), v('registry-only', 'Workloads may call only services and externals of the mesh.')],
  access: [
    v('allow-by-default', 'A service without `allow` rules accepts any caller (the default).'),
    v('deny-by-default', 'A service without `allow` rules accepts nothing.'),
  ],
  lb: lbPolicies.map((p) =>
    v(p, {
      'round-robin': 'Each workload in turn.',
      'least-request': 'The workload with the fewest active requests.',
      random: 'A random workload.',
      passthrough: 'The address the caller asked for, without load balancing.',
    }[p]),
  ),
  hashBy: [
    v('header', 'Hash on a request header.'),
    v('cookie', 'Hash on a cookie.'),
    v('query', 'Hash on a query parameter.'),
    v('source-ip', 'Hash on the caller\'s IP address.'),
  ],
  clientTls: clientTlsModes.map((m) =>
    v(m, {
      disable: 'Plaintext to the destination.',
      simple: 'TLS to a destination with its own certificate.',
      mutual: 'Mutual TLS with a client certificate from `secret`.',
      'istio-mutual': 'The mesh\'s own mutual TLS.',
    }[m]),
  ),
  gatewayTls: [
    v('simple', 'Terminate TLS with the certificate in `secret`.'),
    v('mutual', 'Terminate TLS and require client certificates.'),
    v('passthrough', 'Forward the encrypted stream, selected by SNI.'),
  ],
  resolution: [v('dns', 'Resolve the host names with DNS (the default).'), v('static', 'Send traffic to the `endpoints`.'), v('none', 'Send traffic to the address the caller dialled.')],
  location: [v('mesh-external', 'Outside the mesh (the default).'), v('mesh-internal', 'Inside the mesh, without sidecars.')],
  method: HTTP_METHODS.map((m) => v(m, `The HTTP method ${m}.`)),
  retryOn: retryOnConditions.map((c) => v(c, retryDocs[c] ?? `Retry on \`${c}\`.`)),
  scheme: [v('http', 'Plain HTTP.'), v('https', 'HTTPS.')],
  bool: [v('true', 'Yes.'), v('false', 'No.')],
  matchOp: [v('==', 'Exactly this value.'), v('prefix', 'Starts with this value.'), v('regex', 'Matches this RE2 regular expression.'), v('present', 'Is present.'), v('absent', 'Is absent.')],
} satisfies Record<string, ValueDoc[]>;

export type EnumName = keyof typeof enums;


/** The keys of a settings block (`pool`, `outlier`, `cors`, `require jwt`) and their types. */
export function settingKeys(block: 'pool' | 'outlier' | 'cors' | 'jwt'): { key: string; type: string; list: boolean }[] {
  return Object.entries(settingSchemas[block]).map(([key, spec]) => ({ key, type: spec.type, list: spec.list === true }));
}

// ---- Statements by block ------------------------------------------------------------------------

/**
 * The statement keywords allowed in a block, from the checker's placement table, so that
 * completion never offers a statement that `meshc check` would reject there (M4001).
 */
export function statementKeywords(context: BlockContext): string[] {
  const out: string[] = [];
  for (const [keyword, probe] of statementProbes) if (isAllowed(probe, context)) out.push(keyword);
  return out;
}

const r = { start: 0, end: 0 };
const probe = (s: Record<string, unknown>): Stmt => ({ range: r, keyword: r, ...s }) as unknown as Stmt;

/** One sample statement per keyword, to ask the placement table where it may go. */
const statementProbes: [string, Stmt][] = [
  ['namespace', probe({ kind: 'Namespace' })],
  ['namespaces', probe({ kind: 'Namespaces', names: [] })],
  ['trust-domain', probe({ kind: 'TrustDomain' })],
  ['mtls', probe({ kind: 'Mtls' })],
  ['outbound', probe({ kind: 'Outbound' })],
  ['access', probe({ kind: 'Access' })],
  ['port', probe({ kind: 'Port' })],
  ['labels', probe({ kind: 'Labels' })],
  ['selector', probe({ kind: 'Selector' })],
  ['account', probe({ kind: 'Account' })],
  ['versions', probe({ kind: 'Versions', names: [] })],
  ['version', probe({ kind: 'Version', body: [] })],
  ['route', probe({ kind: 'Route', hosts: [], rules: [], shorthand: false })],
  ['timeout', probe({ kind: 'Timeout' })],
  ['retries', probe({ kind: 'Retries', off: false, on: [] })],
  ['fault', probe({ kind: 'Fault' })],
  ['mirror', probe({ kind: 'Mirror' })],
  ['rewrite', probe({ kind: 'Rewrite' })],
  ['request-headers', probe({ kind: 'Headers', direction: 'request', body: [] })],
  ['response-headers', probe({ kind: 'Headers', direction: 'response', body: [] })],
  ['set', probe({ kind: 'HeaderSet', op: 'set' })],
  ['add', probe({ kind: 'HeaderSet', op: 'add' })],
  ['remove', probe({ kind: 'HeaderRemove', names: [] })],
  ['cors', probe({ kind: 'Settings', block: 'cors', entries: [] })],
  ['pool', probe({ kind: 'Settings', block: 'pool', entries: [] })],
  ['outlier', probe({ kind: 'Settings', block: 'outlier', entries: [] })],
  ['require', probe({ kind: 'Settings', block: 'jwt', entries: [] })],
  ['lb', probe({ kind: 'Lb' })],
  ['tls', probe({ kind: 'Tls' })],
  ['allow', probe({ kind: 'Authz', action: 'allow', from: [], to: [], when: [] })],
  ['deny', probe({ kind: 'Authz', action: 'deny', from: [], to: [], when: [] })],
  ['audit', probe({ kind: 'Authz', action: 'audit', from: [], to: [], when: [] })],
  ['rate-limit', probe({ kind: 'RateLimit' })],
  ['listen', probe({ kind: 'Listen', hosts: [] })],
  ['hosts', probe({ kind: 'Hosts', hosts: [] })],
  ['resolution', probe({ kind: 'Resolution' })],
  ['location', probe({ kind: 'Location' })],
  ['addresses', probe({ kind: 'Addresses', values: [] })],
  ['endpoints', probe({ kind: 'Endpoints', values: [] })],
];

