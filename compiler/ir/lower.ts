/**
 * Stage 4: checked model → IR (see `types.ts`). Target-neutral: whatever any backend needs is
 * decided here once — hosts, port names, client TLS, which rules carry HTTP, TCP or TLS traffic.
 *
 * A rule that can apply to no port of its declaration (an HTTP match on a TCP-only service, say)
 * is a diagnostic (M6001), never dropped silently.
 */
import type * as M from '../check/model.ts';
import { message } from '../diagnostics/registry.ts';
import type { Diagnostic, Result } from '../diagnostics/types.ts';
import type * as I from './types.ts';
import { withoutUndefined } from '../util/objects.ts';

const HTTP_PROTOCOLS: ReadonlySet<M.Protocol> = new Set(['http', 'http2', 'grpc', 'https']);
const TCP_PROTOCOLS: ReadonlySet<M.Protocol> = new Set(['tcp', 'mongo', 'mysql', 'redis']);

export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

export function principalOf(trustDomain: string, namespace: string, account: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${account}`;
}

function byNamespaceAndName<T extends { namespace: string; name: string }>(a: T, b: T): number {
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The diagnostics `lowerProgram` would report (rules no port can carry), without building the
 * IR: `meshc check` and the language server report them, while only the backends and previews
 * need the IR itself. Both go through `placeRules`, so they cannot disagree.
 */
export function placementDiagnostics(program: M.Program): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const s of program.services) {
    const protocols = protocolsOf(s.ports);
    for (const route of s.routes) for (const rule of route.rules) placeRule(rule, protocols, s, diagnostics);
  }
  for (const g of program.gateways) {
    const listeners = g.listeners.map((l) => ({ protocol: l.protocol, hosts: l.hosts, tls: l.tls }));
    for (const r of g.routes) {
      const protocols = listenerTraffic(servingListeners(listeners, r.hosts.length > 0 ? r.hosts : allHostsOf(listeners)));
      for (const rule of r.rules) placeRule(rule, protocols, g, diagnostics);
    }
  }
  for (const e of program.externals) {
    const protocols = protocolsOf(e.ports);
    for (const route of e.routes) for (const rule of route.rules) placeRule(rule, protocols, e, diagnostics);
  }
  return diagnostics;
}

export function lowerProgram(program: M.Program): Result<I.IR> {
  const diagnostics: Diagnostic[] = [];
  const lowering = new Lowering(program, diagnostics);
  const services = program.services.map((s) => lowering.service(s)).sort(byNamespaceAndName);
  const gateways = program.gateways.map((g) => lowering.gateway(g)).sort(byNamespaceAndName);
  const externals = program.externals.map((e) => lowering.external(e)).sort(byNamespaceAndName);
  const withWorkloads = new Set([...services.map((s) => s.namespace), ...gateways.map((g) => g.namespace)]);
  const namespaces: I.IRNamespace[] = [...withWorkloads].sort().map((name) => ({
    name,
    mtls: program.mesh.mtls,
    denyByDefault: program.mesh.access === 'deny-by-default',
    registryOnly: program.mesh.outbound === 'registry-only',
  }));
  return { value: { trustDomain: program.mesh.trustDomain, namespaces, services, gateways, externals }, diagnostics };
}

class Lowering {
  private readonly byName = new Map<string, M.Declaration>();

  constructor(
    private readonly program: M.Program,
    private readonly diagnostics: Diagnostic[],
  ) {
    for (const d of [...program.services, ...program.gateways, ...program.externals]) this.byName.set(d.name, d);
  }

  // ---- Declarations ------------------------------------------------------------------------------

  service(s: M.Service): I.IRService {
    const ports = s.ports.map(port);
    return {
      name: s.name,
      namespace: s.namespace,
      host: serviceHost(s.name, s.namespace),
      ports,
      labels: s.labels,
      account: s.account,
      subsets: s.versions.map((v) => ({ name: v.name, labels: v.labels, policy: policy(v.policy) })),
      policy: { ...policy(s.policy), tls: s.policy.tls ? withoutLoc(s.policy.tls) : { mode: s.security.mtls === 'disable' ? 'disable' : 'istio-mutual' } },
      routes: this.routes(s.routes.flatMap((r) => r.rules), protocolsOf(ports), s, [serviceHost(s.name, s.namespace)]),
      security: this.security(s.security),
    };
  }

  gateway(g: M.Gateway): I.IRGateway {
    const listeners: I.IRListener[] = g.listeners.map((l) => {
      const listener: I.IRListener = { port: l.port, protocol: l.protocol, name: `${l.protocol}-${l.port}`, hosts: l.hosts, redirectHttps: l.redirectHttps };
      if (l.tls) listener.tls = l.tls;
      return listener;
    });
    const allHosts = allHostsOf(listeners);
    return {
      name: g.name,
      namespace: g.namespace,
      selector: g.selector,
      listeners,
      routes: g.routes.map((r) => {
        const hosts = r.hosts.length > 0 ? r.hosts : allHosts;
        return { hosts, routes: this.routes(r.rules, listenerTraffic(servingListeners(listeners, hosts)), g, hosts) };
      }),
      security: this.security(g.security),
    };
  }

  external(e: M.External): I.IRExternal {
    const ports = e.ports.map(port);
    return {
      name: e.name,
      namespace: e.namespace,
      hosts: e.hosts,
      ports,
      resolution: e.resolution,
      location: e.location,
      addresses: e.addresses,
      endpoints: e.endpoints,
      policy: policy(e.policy),
      routes: this.routes(e.routes.flatMap((r) => r.rules), protocolsOf(ports), e, e.hosts),
    };
  }

  // ---- Routes ------------------------------------------------------------------------------------

  /** `ownHosts`: the SNI names a TLS rule without an `sni` condition matches. */
  private routes(rules: M.Rule[], protocols: Set<'http' | 'tcp' | 'tls'>, owner: M.Declaration, ownHosts: readonly string[]): I.IRRoutes {
    const out: I.IRRoutes = { http: [], tcp: [], tls: [] };
    for (const rule of rules) {
      const placement = placeRule(rule, protocols, owner, this.diagnostics);
      const matches = rule.clauses.map((c) => this.match(c));
      if (placement.http) out.http.push(this.httpRule(rule, matches));
      if (rule.action.kind !== 'forward') continue;
      const forward = rule.action.destinations.map((d) => this.destination(d));
      if (placement.tcp) out.tcp.push({ matches: matches.filter((m) => !isEmptyL4(m)), destinations: forward, loc: rule.loc });
      if (placement.tls) {
        // Istio's TLS routes always match on SNI; a rule without one matches the owner's host.
        const tlsMatches = matches.length > 0 ? matches : [emptyMatch()];
        for (const m of tlsMatches) if (m.sniHosts.length === 0) m.sniHosts.push(...ownHosts);
        out.tls.push({ matches: tlsMatches, destinations: forward, loc: rule.loc });
      }
    }
    return out;
  }

  private httpRule(rule: M.Rule, matches: I.IRMatch[]): I.IRHttpRule {
    const s = rule.settings;
    const action: I.IRAction =
      rule.action.kind === 'forward'
        ? { kind: 'forward', destinations: rule.action.destinations.map((d) => this.destination(d)) }
        : rule.action.kind === 'redirect'
          ? withoutUndefined({ kind: 'redirect', path: rule.action.path, host: rule.action.host, scheme: rule.action.scheme, port: rule.action.port, code: rule.action.code })
          : withoutUndefined({ kind: 'respond', status: rule.action.status, body: rule.action.body });
    const out: I.IRHttpRule = { matches, action, loc: rule.loc };
    if (s.timeoutMs !== undefined) out.timeoutMs = s.timeoutMs;
    if (s.retries) out.retries = s.retries;
    if (s.fault) out.fault = s.fault;
    if (s.mirror) out.mirror = { destination: this.destination(s.mirror.destination), percent: s.mirror.percent };
    if (s.rewrite) out.rewrite = withoutUndefined({ path: s.rewrite.path, host: s.rewrite.host });
    if (s.requestHeaders) out.requestHeaders = s.requestHeaders;
    if (s.responseHeaders) out.responseHeaders = s.responseHeaders;
    if (s.cors) out.cors = s.cors;
    return out;
  }

  private match(clause: M.Clause): I.IRMatch {
    const m = emptyMatch();
    for (const c of clause.conditions) {
      switch (c.kind) {
        case 'path': m.path = { op: c.op, value: c.value }; break;
        case 'method': m.method = c.method; break;
        case 'header': m.headers.push(withoutUndefined({ name: c.name, op: c.op, value: c.value })); break;
        case 'query': m.query.push(withoutUndefined({ name: c.name, op: c.op, value: c.value })); break;
        case 'source-service':
          m.sourceLabels = c.labels;
          m.sourceNamespace = c.namespace;
          break;
        case 'source-namespace': m.sourceNamespace = c.namespace; break;
        case 'port': m.port = c.port; break;
        case 'sni': m.sniHosts.push(c.host); break;
      }
    }
    m.headers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    m.query.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return m;
  }

  private destination(d: M.Destination): I.IRDestination {
    const target = this.byName.get(d.target);
    const host = target?.kind === 'external' ? target.hosts[0]! : serviceHost(d.target, target?.kind === 'service' ? target.namespace : this.program.mesh.namespace);
    return withoutUndefined({ host, target: d.target, subset: d.version, port: d.port, weight: d.weight });
  }

  // ---- Security ----------------------------------------------------------------------------------

  private security(s: M.Security): I.IRSecurity {
    const policies: I.IRAuthzPolicy[] = [];
    for (const action of ['deny', 'allow', 'audit'] as const) {
      for (const dryRun of [false, true]) {
        const rules = s.authz.filter((r) => r.action === action && r.dryRun === dryRun).map(authzRule);
        if (rules.length > 0) policies.push({ action, dryRun, rules });
      }
    }
    const security: I.IRSecurity = { policies, jwt: s.jwt };
    if (s.mtls !== this.program.mesh.mtls) security.mtlsOverride = s.mtls;
    if (s.rateLimit) security.rateLimit = s.rateLimit;
    return security;
  }
}

function authzRule(r: M.AuthzRule): I.IRAuthzRule {
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  return {
    principals: sorted(r.from.flatMap((f) => (f.kind === 'service' || f.kind === 'principal' ? [f.principal] : []))),
    namespaces: sorted(r.from.flatMap((f) => (f.kind === 'namespace' ? [f.namespace] : []))),
    ipBlocks: sorted(r.from.flatMap((f) => (f.kind === 'ip' ? [f.cidr] : []))),
    methods: sorted(r.methods),
    paths: sorted(r.paths),
    ports: [...new Set(r.ports)].sort((a, b) => a - b),
    when: r.when.map((w) => ({ key: w.on === 'claim' ? `request.auth.claims[${w.name}]` : `request.headers[${w.name}]`, values: w.values })),
  };
}

// ---- Placement: which kinds of route a rule becomes ---------------------------------------------

/**
 * Which route tables (HTTP, TCP, TLS) a rule goes into, given what its declaration carries; a
 * rule that fits none is reported (M6001), never dropped silently.
 */
function placeRule(rule: M.Rule, protocols: ReadonlySet<Traffic>, owner: M.Declaration, diagnostics: Diagnostic[]): { http: boolean; tcp: boolean; tls: boolean } {
  const httpOnly = httpOnlyReason(rule);
  const sni = rule.clauses.some((c) => c.conditions.some((x) => x.kind === 'sni'));
  const forward = rule.action.kind === 'forward' && !httpOnly;
  const placement = {
    http: protocols.has('http') && !sni,
    tcp: forward && protocols.has('tcp') && !sni,
    tls: forward && protocols.has('tls'),
  };
  if (!placement.http && !placement.tcp && !placement.tls) {
    const ownerText = `${owner.kind} \`${owner.name}\``;
    const [why, needs, fix] = sni
      ? ['matches on `sni`', 'TLS', 'Declare a `tls` port, or remove the `sni` condition.']
      : httpOnly
        ? [httpOnly, 'HTTP (`http`, `http2`, `grpc`)', 'Declare the HTTP port, or keep to `port` and `from` conditions and a plain forward.']
        : ['forwards TCP traffic', 'matching', 'Check the ports of this declaration.'];
    diagnostics.push({
      code: 'M6001',
      severity: 'error',
      file: rule.loc.file,
      range: rule.loc.range,
      message: message('M6001', { why, owner: ownerText, needs, fix }),
    });
  }
  return placement;
}

// ---- Helpers ------------------------------------------------------------------------------------

function port(p: M.Port): I.IRPort {
  const out: I.IRPort = { number: p.number, protocol: p.protocol, name: `${p.protocol}-${p.number}` };
  if (p.target !== undefined) out.targetPort = p.target;
  out.loc = p.loc;
  return out;
}

type Traffic = 'http' | 'tcp' | 'tls';

function protocolsOf(ports: readonly { protocol: M.Protocol }[]): Set<Traffic> {
  const set = new Set<Traffic>();
  for (const p of ports) {
    if (HTTP_PROTOCOLS.has(p.protocol)) set.add('http');
    else if (TCP_PROTOCOLS.has(p.protocol)) set.add('tcp');
    else set.add('tls');
  }
  return set;
}

/** Whether two host patterns can name the same host: equal, `*`, or a `*.` wildcard covering the other. */
export function hostsOverlap(a: string, b: string): boolean {
  if (a === b || a === '*' || b === '*') return true;
  const covers = (wild: string, host: string) => wild.startsWith('*.') && host.endsWith(wild.slice(1));
  return covers(a, b) || covers(b, a);
}

function allHostsOf(listeners: readonly { hosts: string[] }[]): string[] {
  return [...new Set(listeners.flatMap((l) => l.hosts))].sort();
}

/**
 * The listeners that serve a route table's hosts. A route table carries what they carry; a table
 * no listener serves is an analysis finding (M5017), and is compiled for every listener, so that
 * lowering adds no second, misleading diagnostic.
 */
function servingListeners<L extends { hosts: string[] }>(listeners: L[], hosts: readonly string[]): L[] {
  const serving = listeners.filter((l) => l.hosts.some((lh) => hosts.some((rh) => hostsOverlap(lh, rh))));
  return serving.length > 0 ? serving : listeners;
}

/** What a gateway carries after its listeners: HTTP(S) as HTTP, passed-through TLS as TLS, the rest as TCP. */
function listenerTraffic(listeners: readonly Pick<I.IRListener, 'protocol' | 'tls'>[]): Set<Traffic> {
  const set = new Set<Traffic>();
  for (const l of listeners) {
    if (HTTP_PROTOCOLS.has(l.protocol)) set.add('http');
    else if (l.protocol === 'tls' && l.tls?.mode === 'passthrough') set.add('tls');
    else set.add('tcp');
  }
  return set;
}

function policy(p: M.TrafficPolicy): I.IRPolicy {
  const out: I.IRPolicy = {};
  if (p.lb) out.lb = p.lb;
  if (p.pool) out.pool = withoutLoc(p.pool);
  if (p.outlier) out.outlier = withoutLoc(p.outlier);
  if (p.tls) out.tls = withoutLoc(p.tls);
  return out;
}

function withoutLoc<T extends { loc: M.Loc }>(value: T): Omit<T, 'loc'> {
  const { loc, ...rest } = value;
  void loc;
  return rest as Omit<T, 'loc'>;
}

function emptyMatch(): I.IRMatch {
  return { headers: [], query: [], sniHosts: [] };
}

function isEmptyL4(m: I.IRMatch): boolean {
  return m.port === undefined && m.sourceLabels === undefined && m.sourceNamespace === undefined;
}

/** Why a rule needs HTTP: its conditions, its action or its settings; undefined if it does not. */
function httpOnlyReason(rule: M.Rule): string | undefined {
  for (const clause of rule.clauses) {
    for (const c of clause.conditions) {
      if (c.kind === 'path' || c.kind === 'method' || c.kind === 'header' || c.kind === 'query') return `matches on the request's ${c.kind}`;
    }
  }
  if (rule.action.kind !== 'forward') return `answers with a ${rule.action.kind}`;
  const s = rule.settings;
  if (s.timeoutMs !== undefined || s.retries || s.fault || s.mirror || s.rewrite || s.requestHeaders || s.responseHeaders || s.cors) {
    return 'has HTTP settings (timeout, retries, fault, mirror, rewrite, headers or CORS)';
  }
  return undefined;
}
