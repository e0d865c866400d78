/**
 * Routes: the IR's HTTP rules as Envoy `Route`s, in order (the first match wins), and the TCP and
 * TLS rules as `tcp_proxy` destinations.
 *
 * One IR match becomes one Envoy route (an `or` is several); a match that cannot apply to this
 * proxy (a `from` condition the proxy does not meet, a `port` condition of another port) is left
 * out of this proxy's configuration, as Istio decides `sourceLabels` per proxy; nothing follows a
 * route that matches every request.
 */
import type { Diagnostic } from '../../diagnostics/types.ts';
import { message } from '../../diagnostics/registry.ts';
import type * as I from '../../ir/types.ts';
import { sharedValue } from '../../emit/plain-yaml.ts';
import { FILTERS, TYPES, any, duration, fraction, outboundCluster, prune, type Json } from './common.ts';

/** The proxy a configuration is built for: its workload labels and namespace (none: a generic caller). */
export interface Caller {
  labels: I.Labels;
  namespace: string;
}

/** What routes need to know about every destination host: its ports and traffic policies. */
export interface Registry {
  ports: Map<string, I.IRPort[]>;
  policies: Map<string, { policy: I.IRPolicy; subsets: Map<string, I.IRPolicy> }>;
}

export interface RouteContext {
  registry: Registry;
  caller: Caller | undefined;
  /** The port of the listener the route configuration serves; undefined for none in particular. */
  port: number | undefined;
  diagnostics: Diagnostic[];
}

/** Whether `caller` meets the `from` part of a match. */
export function sourceApplies(m: I.IRMatch, caller: Caller | undefined): boolean {
  if (m.sourceLabels === undefined && m.sourceNamespace === undefined) return true;
  if (!caller) return false;
  if (m.sourceNamespace !== undefined && m.sourceNamespace !== caller.namespace) return false;
  for (const [k, v] of Object.entries(m.sourceLabels ?? {})) if (caller.labels[k] !== v) return false;
  return true;
}

function portApplies(m: I.IRMatch, port: number | undefined): boolean {
  return m.port === undefined || port === undefined || m.port === port;
}

/** The matches of a rule that apply here; `[undefined]` for a rule that matches everything. */
function applicable(matches: I.IRMatch[], ctx: RouteContext): (I.IRMatch | undefined)[] {
  if (matches.length === 0) return [undefined];
  return matches.filter((m) => sourceApplies(m, ctx.caller) && portApplies(m, ctx.port));
}

export function destinationPort(d: I.IRDestination, ctx: RouteContext): number {
  if (d.port !== undefined) return d.port;
  const ports = ctx.registry.ports.get(d.host) ?? [];
  if (ports.length === 1) return ports[0]!.number;
  if (ctx.port !== undefined && ports.some((p) => p.number === ctx.port)) return ctx.port;
  return ports[0]?.number ?? ctx.port ?? 80;
}

/**
 * Envoy's weights are whole numbers, relative to their sum; meshc's are percentages that may have
 * decimals (`66.6667%`). A split with decimals is scaled by 10⁴, which keeps every digit.
 */
export function weightedClusters(destinations: I.IRDestination[], ctx: RouteContext): Json {
  const scale = destinations.some((d) => !Number.isInteger(d.weight)) ? 10_000 : 1;
  return { clusters: destinations.map((d) => ({ name: destinationCluster(d, ctx), weight: Math.round(d.weight * scale) })) };
}

export function destinationCluster(d: I.IRDestination, ctx: RouteContext): string {
  return outboundCluster(destinationPort(d, ctx), d.subset, d.host);
}

// ---- HTTP ---------------------------------------------------------------------------------------

/** The routes of one virtual host; `fallback` is the cluster of a host without rules. */
export function httpRoutes(rules: I.IRHttpRule[], fallback: string | undefined, ctx: RouteContext): Json[] {
  const out: Json[] = [];
  if (rules.length === 0) {
    if (fallback) out.push({ name: 'default', match: { prefix: '/' }, route: { cluster: fallback, timeout: '0s', retry_policy: defaultRetries() } });
    return out;
  }
  let index = 0;
  for (const rule of rules) {
    index++;
    for (const m of applicable(rule.matches, ctx)) {
      out.push(route(rule, m, `rule-${index}`, ctx));
      if (!m || isCatchAll(m)) return out;
    }
  }
  return out;
}

function isCatchAll(m: I.IRMatch): boolean {
  return m.path === undefined && m.method === undefined && m.headers.length === 0 && m.query.length === 0;
}

function stringMatch(op: I.IRMatch['headers'][number]['op'], value: string | undefined): Json {
  return op === 'regex' ? { safe_regex: { regex: value } } : { [op]: value };
}

function quoteRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

function routeMatch(m: I.IRMatch | undefined): Json {
  if (!m) return { prefix: '/' };
  const match: Json = {};
  if (!m.path) match.prefix = '/';
  else if (m.path.op === 'exact') match.path = m.path.value;
  else if (m.path.op === 'prefix') match.prefix = m.path.value;
  else match.safe_regex = { regex: m.path.value };
  const headers: Json[] = [];
  if (m.method !== undefined) headers.push({ name: ':method', string_match: { exact: m.method } });
  for (const h of m.headers) {
    if (h.op === 'present') headers.push({ name: h.name, present_match: true });
    else if (h.op === 'absent') headers.push({ name: h.name, present_match: true, invert_match: true });
    else headers.push({ name: h.name, string_match: stringMatch(h.op, h.value) });
  }
  const query: Json[] = [];
  for (const q of m.query) {
    if (q.op === 'present') query.push({ name: q.name, present_match: true });
    // NOTE: Envoy's query parameter matcher cannot be inverted; the parameter's absence is the
    // absence of `name=` (or a bare `name`) in the path's query string.
    else if (q.op === 'absent') headers.push({ name: ':path', string_match: { safe_regex: { regex: `.*[?&]${quoteRegex(q.name)}(=[^&]*)?(&.*)?` } }, invert_match: true });
    else query.push({ name: q.name, string_match: stringMatch(q.op, q.value) });
  }
  if (headers.length > 0) match.headers = headers;
  if (query.length > 0) match.query_parameters = query;
  return match;
}

const redirectCodes: Record<number, string> = { 301: 'MOVED_PERMANENTLY', 302: 'FOUND', 303: 'SEE_OTHER', 307: 'TEMPORARY_REDIRECT', 308: 'PERMANENT_REDIRECT' };

function route(rule: I.IRHttpRule, m: I.IRMatch | undefined, name: string, ctx: RouteContext): Json {
  const r: Json = { name, match: routeMatch(m) };
  const a = rule.action;
  if (a.kind === 'redirect') {
    r.redirect = prune({
      scheme_redirect: a.scheme,
      host_redirect: a.host,
      port_redirect: a.port,
      path_redirect: a.path,
      response_code: redirectCodes[a.code] ?? 'MOVED_PERMANENTLY',
    });
  } else if (a.kind === 'respond') {
    r.direct_response = prune({ status: a.status, body: a.body !== undefined ? { inline_string: a.body } : undefined });
  } else {
    r.route = routeAction(rule, a.destinations, ctx);
  }
  const perFilter: Json = {};
  if (rule.fault) perFilter[FILTERS.fault] = any(TYPES.fault, faultConfig(rule.fault));
  if (rule.cors) perFilter[FILTERS.cors] = any(TYPES.corsPolicy, corsPolicy(rule.cors));
  if (Object.keys(perFilter).length > 0) r.typed_per_filter_config = perFilter;
  const req = rule.requestHeaders;
  const res = rule.responseHeaders;
  if (req) Object.assign(r, headerOps(req, 'request'));
  if (res) Object.assign(r, headerOps(res, 'response'));
  return r;
}

function routeAction(rule: I.IRHttpRule, destinations: I.IRDestination[], ctx: RouteContext): Json {
  const live = destinations.filter((d) => d.weight > 0);
  const action: Json =
    live.length === 1 && destinations.length === 1
      ? { cluster: destinationCluster(live[0]!, ctx) }
      : { weighted_clusters: weightedClusters(live, ctx) };
  if (rule.rewrite?.path !== undefined) action.prefix_rewrite = rule.rewrite.path;
  if (rule.rewrite?.host !== undefined) action.host_rewrite_literal = rule.rewrite.host;
  // Istio disables Envoy's default 15 s route timeout unless one is set.
  action.timeout = rule.timeoutMs !== undefined ? duration(rule.timeoutMs) : '0s';
  if (rule.timeoutMs !== undefined) {
    // The same bound for gRPC, whose clients honour the stream duration rather than `timeout`.
    action.max_stream_duration = { max_stream_duration: duration(rule.timeoutMs), grpc_timeout_header_max: duration(rule.timeoutMs) };
  }
  const retries = rule.retries;
  if (!retries) action.retry_policy = defaultRetries();
  else if (retries.attempts > 0) {
    const codes = retries.retryOn.filter((c) => /^\d+$/.test(c)).map(Number);
    const on = retries.retryOn.filter((c) => !/^\d+$/.test(c));
    if (codes.length > 0) on.push('retriable-status-codes');
    action.retry_policy = prune({
      retry_on: on.length > 0 ? on.join(',') : 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
      num_retries: retries.attempts,
      per_try_timeout: retries.perTryTimeoutMs !== undefined ? duration(retries.perTryTimeoutMs) : undefined,
      retriable_status_codes: on.length > 0 ? codes : [503],
    });
  }
  if (rule.mirror) {
    action.request_mirror_policies = [{ cluster: destinationCluster(rule.mirror.destination, ctx), runtime_fraction: { default_value: fraction(rule.mirror.percent) } }];
  }
  const hash = hashPolicy(live, rule, ctx);
  if (hash) action.hash_policy = [hash];
  return action;
}

/** Istio's retry policy of a route that says nothing about retries. */
const DEFAULT_RETRIES = sharedValue({ retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', num_retries: 2, retriable_status_codes: [503] });
function defaultRetries(): Json {
  return DEFAULT_RETRIES;
}

/** The hash policy of consistent-hash destinations; Envoy has one per route, so they must agree. */
function hashPolicy(destinations: I.IRDestination[], rule: I.IRHttpRule, ctx: RouteContext): Json | undefined {
  const policies = destinations.map((d) => {
    const entry = ctx.registry.policies.get(d.host);
    const subset = d.subset !== undefined ? entry?.subsets.get(d.subset) : undefined;
    const lb = subset?.lb ?? entry?.policy.lb;
    return lb?.kind === 'hash' ? lb : undefined;
  });
  const hashed = policies.filter((p) => p !== undefined);
  if (hashed.length === 0) return undefined;
  const keys = new Set(policies.map((p) => JSON.stringify(p ?? null)));
  if (keys.size > 1) {
    ctx.diagnostics.push({
      code: 'M6102',
      severity: 'warning',
      file: rule.loc.file,
      range: rule.loc.range,
      message: message('M6102', {}),
    });
    return undefined;
  }
  const lb = hashed[0]!;
  switch (lb.by) {
    case 'header': return { header: { header_name: lb.name } };
    case 'cookie': return { cookie: prune({ name: lb.name, ttl: lb.ttlMs !== undefined ? duration(lb.ttlMs) : undefined }) };
    case 'query': return { query_parameter: { name: lb.name } };
    case 'source-ip': return { connection_properties: { source_ip: true } };
  }
}

export function faultConfig(f: NonNullable<I.IRHttpRule['fault']>): Json {
  return prune({
    delay: f.delay ? { fixed_delay: duration(f.delay.ms), percentage: fraction(f.delay.percent) } : undefined,
    abort: f.abort ? { http_status: f.abort.status, percentage: fraction(f.abort.percent) } : undefined,
  });
}

function corsPolicy(c: NonNullable<I.IRHttpRule['cors']>): Json {
  return prune({
    allow_origin_string_match: c.origins.map((o) => stringMatch(o.op, o.value)),
    allow_methods: c.methods.length > 0 ? c.methods.join(',') : undefined,
    allow_headers: c.allowHeaders.length > 0 ? c.allowHeaders.join(',') : undefined,
    expose_headers: c.exposeHeaders.length > 0 ? c.exposeHeaders.join(',') : undefined,
    max_age: c.maxAgeMs !== undefined ? String(Math.floor(c.maxAgeMs / 1000)) : undefined,
    allow_credentials: c.credentials,
  });
}

function headerOps(ops: NonNullable<I.IRHttpRule['requestHeaders']>, side: 'request' | 'response'): Json {
  const add = [
    ...ops.set.map(([key, value]) => ({ header: { key, value }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' })),
    ...ops.add.map(([key, value]) => ({ header: { key, value }, append_action: 'APPEND_IF_EXISTS_OR_ADD' })),
  ];
  return prune({ [`${side}_headers_to_add`]: add, [`${side}_headers_to_remove`]: ops.remove });
}

// ---- TCP and TLS --------------------------------------------------------------------------------

/** The first stream rule that applies here (rules are in order; the first match wins). */
export function streamRule(rules: I.IRStreamRule[], ctx: RouteContext, sni?: (m: I.IRMatch) => boolean): I.IRStreamRule | undefined {
  for (const rule of rules) {
    const matches = rule.matches.length === 0 ? [undefined] : rule.matches.filter((m) => sourceApplies(m, ctx.caller) && portApplies(m, ctx.port) && (!sni || sni(m)));
    if (matches.length > 0) return rule;
  }
  return undefined;
}

export function tcpProxy(statPrefix: string, destinations: I.IRDestination[], ctx: RouteContext): Json {
  const live = destinations.filter((d) => d.weight > 0);
  const target =
    live.length === 1 && destinations.length === 1
      ? { cluster: destinationCluster(live[0]!, ctx) }
      : { weighted_clusters: weightedClusters(live, ctx) };
  return { name: 'envoy.filters.network.tcp_proxy', typed_config: any(TYPES.tcpProxy, { stat_prefix: statPrefix, ...target }) };
}
