/**
 * HTTP filters and the policy that lives in them: `jwt_authn` (`require jwt`), `rbac` (`allow`,
 * `deny`, `audit`, `access deny-by-default`), `fault`, `cors`, `local_ratelimit` (`rate-limit`) and
 * the router, in Istio's order; and the network RBAC filter of TCP ports.
 *
 * RBAC policies are named as Istio names them (`ns[NS]-policy[NAME]-rule[I]`, where NAME is the
 * AuthorizationPolicy the Istio backend writes), so that a denial in Envoy's logs names the rule.
 */
import type * as I from '../../ir/types.ts';
import { FILTERS, TYPES, any, duration, outboundCluster, prune, rbacPolicyName, spiffe, type Json } from './common.ts';

export interface Workload {
  /** The declaration's name (the owner of its policies). */
  name: string;
  namespace: string;
  security: I.IRSecurity;
  /** `access deny-by-default` in its namespace. */
  denyByDefault: boolean;
}

/** A cluster the filters need (a JWKS server), to be added to the proxy's clusters. */
export interface NeededCluster {
  name: string;
  host: string;
  port: number;
  tls: boolean;
}

/** The HTTP filters of a proxy's HTTP connection manager, in Istio's order. */
export function httpFilters(w: Workload | undefined, opts: { fault: boolean; cors: boolean }, needed: NeededCluster[]): Json[] {
  const filters: Json[] = [];
  if (w && w.security.jwt.length > 0) filters.push({ name: FILTERS.jwt, typed_config: any(TYPES.jwt, jwtConfig(w.security.jwt, needed)) });
  if (w) for (const rbac of rbacConfigs(w, 'http')) filters.push({ name: FILTERS.rbac, typed_config: any(TYPES.rbac, rbac) });
  if (opts.fault) filters.push({ name: FILTERS.fault, typed_config: any(TYPES.fault) });
  if (opts.cors) filters.push({ name: FILTERS.cors, typed_config: any(TYPES.cors) });
  if (w?.security.rateLimit) filters.push({ name: FILTERS.localRateLimit, typed_config: any(TYPES.localRateLimit, rateLimit(w.security.rateLimit)) });
  filters.push({ name: FILTERS.router, typed_config: any(TYPES.router) });
  return filters;
}

/** The network RBAC filters of a workload's TCP port. */
export function networkRbacFilters(w: Workload): Json[] {
  return rbacConfigs(w, 'tcp').map((rbac) => ({ name: 'envoy.filters.network.rbac', typed_config: any(TYPES.networkRbac, { stat_prefix: 'tcp.', ...rbac }) }));
}

// ---- RBAC ---------------------------------------------------------------------------------------

const ACTIONS = { deny: 'DENY', allow: 'ALLOW', audit: 'LOG' } as const;

/**
 * One RBAC configuration per action, deny first, then allow, then audit (Istio's order). Dry-run
 * policies are `shadow_rules`: evaluated and logged, never enforced.
 */
function rbacConfigs(w: Workload, traffic: 'http' | 'tcp'): Json[] {
  const out: Json[] = [];
  for (const action of ['deny', 'allow', 'audit'] as const) {
    const enforced = w.security.policies.find((p) => p.action === action && !p.dryRun);
    const dryRun = w.security.policies.find((p) => p.action === action && p.dryRun);
    const config: Json = {};
    // `access deny-by-default` is Istio's `allow-nothing` policy: an ALLOW with no policies.
    if (enforced || (action === 'allow' && w.denyByDefault)) {
      config.rules = { action: ACTIONS[action], policies: enforced ? policies(w, enforced, traffic) : {} };
    }
    if (dryRun) {
      config.shadow_rules = { action: ACTIONS[action], policies: policies(w, dryRun, traffic) };
      config.shadow_rules_stat_prefix = `istio_dry_run_${action}_`;
    }
    if (Object.keys(config).length > 0) out.push(config);
  }
  return out;
}

function policies(w: Workload, policy: I.IRAuthzPolicy, traffic: 'http' | 'tcp'): Json {
  const name = `${w.name}-${policy.action}${policy.dryRun ? '-dry-run' : ''}`;
  const out: Json = {};
  policy.rules.forEach((rule, i) => {
    const httpOnly = rule.methods.length > 0 || rule.paths.length > 0 || rule.when.length > 0;
    // NOTE: as in Istio, on a TCP port an ALLOW rule that needs HTTP attributes never matches (it
    // is left out), while a DENY rule is kept without them, so that it denies more, never less.
    if (traffic === 'tcp' && httpOnly && policy.action !== 'deny') return;
    out[rbacPolicyName(w.namespace, name, i)] = { permissions: [permission(rule, traffic)], principals: [principal(rule, traffic)] };
  });
  return out;
}

function all(items: Json[], key: 'and_rules' | 'and_ids', empty: Json): Json {
  if (items.length === 0) return empty;
  if (items.length === 1) return items[0]!;
  return key === 'and_rules' ? { and_rules: { rules: items } } : { and_ids: { ids: items } };
}

function anyOf(items: Json[], key: 'or_rules' | 'or_ids'): Json {
  return items.length === 1 ? items[0]! : { [key]: key === 'or_rules' ? { rules: items } : { ids: items } };
}

function pathMatcher(path: string): Json {
  if (path === '*') return { url_path: { path: { prefix: '/' } } };
  if (path.endsWith('*')) return { url_path: { path: { prefix: path.slice(0, -1) } } };
  if (path.startsWith('*')) return { url_path: { path: { suffix: path.slice(1) } } };
  return { url_path: { path: { exact: path } } };
}

function permission(rule: I.IRAuthzRule, traffic: 'http' | 'tcp'): Json {
  const parts: Json[] = [];
  if (traffic === 'http') {
    if (rule.methods.length > 0) parts.push(anyOf(rule.methods.map((m) => ({ header: { name: ':method', string_match: { exact: m } } })), 'or_rules'));
    if (rule.paths.length > 0) parts.push(anyOf(rule.paths.map(pathMatcher), 'or_rules'));
  }
  if (rule.ports.length > 0) parts.push(anyOf(rule.ports.map((p) => ({ destination_port: p })), 'or_rules'));
  return all(parts, 'and_rules', { any: true });
}

function principalMatcher(p: string): Json {
  if (p === '*') return { authenticated: { principal_name: { safe_regex: { regex: '.+' } } } };
  if (p.endsWith('*')) return { authenticated: { principal_name: { prefix: spiffe(p.slice(0, -1)) } } };
  if (p.startsWith('*')) return { authenticated: { principal_name: { suffix: p.slice(1) } } };
  return { authenticated: { principal_name: { exact: spiffe(p) } } };
}

function cidr(block: string): Json {
  const [address, length] = block.split('/');
  return { direct_remote_ip: { address_prefix: address, prefix_len: length !== undefined ? Number(length) : address!.includes(':') ? 128 : 32 } };
}

function principal(rule: I.IRAuthzRule, traffic: 'http' | 'tcp'): Json {
  const sources = [
    ...rule.principals.map(principalMatcher),
    ...rule.namespaces.map((ns) => ({ authenticated: { principal_name: { safe_regex: { regex: `.*/ns/${ns}/.*` } } } })),
    ...rule.ipBlocks.map(cidr),
  ];
  const parts: Json[] = [];
  if (sources.length > 0) parts.push(anyOf(sources, 'or_ids'));
  if (traffic === 'http') {
    for (const w of rule.when) {
      const claim = /^request\.auth\.claims\[(.*)\]$/.exec(w.key)?.[1];
      const header = /^request\.headers\[(.*)\]$/.exec(w.key)?.[1];
      if (claim !== undefined) parts.push(anyOf(w.values.flatMap((v) => claimMatchers(claim, v)), 'or_ids'));
      else if (header !== undefined) parts.push(anyOf(w.values.map((v) => ({ header: { name: header, string_match: { exact: v } } })), 'or_ids'));
    }
  }
  return all(parts, 'and_ids', { any: true });
}

/** A claim equal to `value`, or a list claim holding it (`jwt_authn` keeps the payload as it came). */
function claimMatchers(claim: string, value: string): Json[] {
  const path = [{ key: JWT_PAYLOAD }, { key: claim }];
  return [
    { metadata: { filter: FILTERS.jwt, path, value: { string_match: { exact: value } } } },
    { metadata: { filter: FILTERS.jwt, path, value: { list_match: { one_of: { string_match: { exact: value } } } } } },
  ];
}

// ---- JWT ----------------------------------------------------------------------------------------

/** Where `jwt_authn` puts a verified token's payload, for RBAC's claim conditions. */
const JWT_PAYLOAD = 'payload';

/**
 * `require jwt`: providers `origins-0`, `origins-1`, … (Istio's names), and a requirement that a
 * request carry a token valid for one of them. Istio gets the same effect from a
 * RequestAuthentication plus a DENY policy for requests without a principal.
 */
function jwtConfig(rules: I.IRSecurity['jwt'], needed: NeededCluster[]): Json {
  const providers: Json = {};
  rules.forEach((j, i) => {
    // Neither: M6104, reported by the backend; nothing is written then.
    if (j.jwks === undefined && j.jwksUri === undefined) return;
    let jwks: Json;
    if (j.jwks !== undefined) jwks = { local_jwks: { inline_string: j.jwks } };
    else {
      const url = new URL(j.jwksUri!);
      const tls = url.protocol === 'https:';
      const port = url.port !== '' ? Number(url.port) : tls ? 443 : 80;
      const name = outboundCluster(port, undefined, url.hostname);
      if (!needed.some((n) => n.name === name)) needed.push({ name, host: url.hostname, port, tls });
      jwks = { remote_jwks: { http_uri: { uri: j.jwksUri, cluster: name, timeout: '5s' }, cache_duration: '300s' } };
    }
    providers[`origins-${i}`] = prune({
      issuer: j.issuer,
      audiences: j.audiences,
      ...jwks,
      from_headers: j.fromHeaders.map((h) => prune({ name: h.name, value_prefix: h.prefix })),
      from_params: j.fromQuery,
      from_cookies: j.fromCookies,
      forward: j.forwardToken || undefined,
      payload_in_metadata: JWT_PAYLOAD,
    });
  });
  const names = Object.keys(providers);
  const requires = names.length === 1 ? { provider_name: names[0] } : { requires_any: { requirements: names.map((n) => ({ provider_name: n })) } };
  return { providers, rules: [{ match: { prefix: '/' }, requires }] };
}

// ---- Rate limit ---------------------------------------------------------------------------------

function rateLimit(limit: NonNullable<I.IRSecurity['rateLimit']>): Json {
  return {
    stat_prefix: 'http_local_rate_limiter',
    token_bucket: { max_tokens: limit.burst, tokens_per_fill: limit.requests, fill_interval: duration(limit.perMs) },
    filter_enabled: { runtime_key: 'local_rate_limit_enabled', default_value: { numerator: 100, denominator: 'HUNDRED' } },
    filter_enforced: { runtime_key: 'local_rate_limit_enforced', default_value: { numerator: 100, denominator: 'HUNDRED' } },
  };
}
