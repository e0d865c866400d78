/**
 * A declaration's effective behaviour in plain words: where its requests go, who may call it,
 * what is applied to them, and which Istio resources carry that. Used by the language server's
 * hover and, while the backends are being written, by its preview.
 *
 * It reads the checked model only, so it describes what the program means after defaults, not
 * what was written: `timeout` on a service shows up on every rule, a version without `labels`
 * shows `version: NAME`, and a service without `allow` rules says whether the mesh lets anyone in.
 */
import type * as M from '../check/model.ts';
import { formatDuration } from '../check/values.ts';
import type { CompiledFile } from './outputs.ts';

const code = (s: string | number): string => `\`${s}\``;
const list = (items: string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const labels = (l: M.Labels): string => Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ');
const duration = (ms: number): string => formatDuration(ms);

export function hostOf(decl: { name: string; namespace: string }): string {
  return `${decl.name}.${decl.namespace}.svc.cluster.local`;
}

function condition(c: M.Condition): string {
  switch (c.kind) {
    case 'path':
      return c.op === 'exact' ? `the path is ${code(c.value)}` : c.op === 'prefix' ? `the path starts with ${code(c.value)}` : `the path matches ${code(c.value)}`;
    case 'method':
      return `the method is ${c.method}`;
    case 'header':
    case 'query': {
      const what = c.kind === 'header' ? `header ${code(c.name)}` : `query parameter ${code(c.name)}`;
      if (c.op === 'present') return `${what} is present`;
      if (c.op === 'absent') return `${what} is absent`;
      return `${what} ${c.op === 'exact' ? 'is' : c.op === 'prefix' ? 'starts with' : 'matches'} ${code(c.value ?? '')}`;
    }
    case 'source-service':
      return `the caller is ${code(c.service)}`;
    case 'source-namespace':
      return `the caller is in namespace ${code(c.namespace)}`;
    case 'port':
      return `the port is ${c.port}`;
    case 'sni':
      return `the server name is ${code(c.host)}`;
  }
}

function destination(d: M.Destination, owner: string): string {
  const base = d.version ? (d.target === owner ? code(d.version) : code(`${d.target}.${d.version}`)) : code(d.target);
  return d.port ? `${base} port ${d.port}` : base;
}

function action(a: M.Action, owner: string): string {
  switch (a.kind) {
    case 'forward':
      if (a.destinations.length === 1) return `all to ${destination(a.destinations[0]!, owner)}`;
      return list(a.destinations.map((d) => `${d.weight}% to ${destination(d, owner)}`));
    case 'redirect': {
      const parts = [a.path && `path ${code(a.path)}`, a.host && `host ${code(a.host)}`, a.scheme && `scheme ${a.scheme}`, a.port && `port ${a.port}`].filter(Boolean) as string[];
      return `redirect (${a.code})${parts.length ? ` to ${list(parts)}` : ''}`;
    }
    case 'respond':
      return `answer ${a.status}${a.body !== undefined ? ` with ${JSON.stringify(a.body)}` : ''}`;
  }
}

function settings(s: M.RuleSettings): string[] {
  const out: string[] = [];
  if (s.timeoutMs !== undefined) out.push(`timeout ${duration(s.timeoutMs)}`);
  if (s.retries) {
    out.push(
      s.retries.attempts === 0
        ? 'no retries'
        : `${s.retries.attempts} retr${s.retries.attempts === 1 ? 'y' : 'ies'}${s.retries.perTryTimeoutMs !== undefined ? ` of ${duration(s.retries.perTryTimeoutMs)} each` : ''}${s.retries.retryOn.length ? ` on ${s.retries.retryOn.join(', ')}` : ''}`,
    );
  }
  if (s.fault?.delay) out.push(`${s.fault.delay.percent}% delayed by ${duration(s.fault.delay.ms)}`);
  if (s.fault?.abort) out.push(`${s.fault.abort.percent}% answered ${s.fault.abort.status}`);
  if (s.mirror) out.push(`${s.mirror.percent}% mirrored to ${code(s.mirror.destination.target + (s.mirror.destination.version ? `.${s.mirror.destination.version}` : ''))}`);
  if (s.rewrite) out.push(`rewritten${s.rewrite.path ? ` to path ${code(s.rewrite.path)}` : ''}${s.rewrite.host ? ` to host ${code(s.rewrite.host)}` : ''}`);
  if (s.requestHeaders) out.push('request headers changed');
  if (s.responseHeaders) out.push('response headers changed');
  if (s.cors) out.push('CORS policy');
  return out;
}

/** The rules of a declaration's routes, one line each, in the order they are tried. */
export function describeRoutes(routes: M.Route[], owner: string): string[] {
  const lines: string[] = [];
  for (const route of routes) {
    const prefix = route.hosts.length ? `for ${list(route.hosts.map(code))}: ` : '';
    for (const rule of route.rules) {
      const when = rule.otherwise
        ? 'Otherwise'
        : 'When ' + rule.clauses.map((c) => c.conditions.map(condition).join(' and ')).join(', or when ');
      const extra = settings(rule.settings);
      lines.push(`${prefix}${when}: ${action(rule.action, owner)}${extra.length ? ` (${extra.join('; ')})` : ''}.`);
    }
  }
  return lines;
}

function source(s: M.AuthzSource): string {
  switch (s.kind) {
    case 'service': return code(s.service);
    case 'namespace': return `namespace ${code(s.namespace)}`;
    case 'principal': return `principal ${code(s.principal)}`;
    case 'ip': return `addresses ${code(s.cidr)}`;
  }
}

function authzRule(r: M.AuthzRule): string {
  const who = r.from.length ? list(r.from.map(source)) : 'any caller';
  const what = [...r.methods, ...r.paths.map(code)];
  const ports = r.ports.length ? ` on port ${r.ports.join(', ')}` : '';
  const when = r.when.length ? ` when ${r.when.map((w) => `${w.on} ${code(w.name)} is ${w.values.map((x) => code(x)).join(' or ')}`).join(' and ')}` : '';
  return `${who}${what.length ? ` (${what.join(', ')})` : ''}${ports}${when}${r.dryRun ? ' [dry run]' : ''}`;
}

/** Who may call a service or gateway, in plain words. */
export function describeAccess(security: M.Security, mesh: M.Mesh): string[] {
  const lines: string[] = [];
  const allows = security.authz.filter((r) => r.action === 'allow');
  const denies = security.authz.filter((r) => r.action === 'deny');
  if (allows.length > 0) lines.push(`Only these may call it: ${allows.map(authzRule).join('; ')}. Everything else is denied.`);
  else if (mesh.access === 'deny-by-default') lines.push('No one may call it: the mesh denies by default (`access deny-by-default`) and it has no `allow` rule.');
  else lines.push('Any caller may call it: it has no `allow` rule and the mesh allows by default.');
  if (denies.length > 0) lines.push(`Always denied: ${denies.map(authzRule).join('; ')}.`);
  for (const jwt of security.jwt) lines.push(`Requires a JWT from ${code(jwt.issuer)}; requests without one are refused.`);
  if (security.rateLimit) {
    const r = security.rateLimit;
    lines.push(`At most ${r.requests} requests per ${duration(r.perMs)} per proxy (burst ${r.burst}).`);
  }
  return lines;
}

function policy(p: M.TrafficPolicy): string[] {
  const out: string[] = [];
  if (p.lb) out.push(p.lb.kind === 'simple' ? `load balancing ${p.lb.policy}` : `consistent hashing on ${p.lb.by}${p.lb.name ? ` ${code(p.lb.name)}` : ''}`);
  if (p.pool) out.push('connection pool limits');
  if (p.outlier) out.push(`outlier detection${p.outlier.consecutiveErrors ? ` after ${p.outlier.consecutiveErrors} errors` : ''}`);
  if (p.tls) out.push(`TLS ${p.tls.mode} to it`);
  return out;
}

/** Which declarations route or mirror traffic to `name`. */
export function routedFrom(program: M.Program, name: string): string[] {
  const out = new Set<string>();
  for (const decl of [...program.services, ...program.gateways, ...program.externals]) {
    for (const route of decl.routes) {
      for (const rule of route.rules) {
        const targets = rule.action.kind === 'forward' ? rule.action.destinations.map((d) => d.target) : [];
        if (rule.settings.mirror) targets.push(rule.settings.mirror.destination.target);
        if (targets.includes(name) && decl.name !== name) out.add(`${decl.kind} ${code(decl.name)}`);
      }
    }
  }
  return [...out].sort();
}

/**
 * The Istio resources a declaration becomes, by the mapping of `docs/language.md`. This is a
 * summary of the reference, not compiler output: the language server shows the real output of
 * `compileProgram` instead wherever the compiler has a backend.
 */
export function istioResources(decl: M.Declaration, program: M.Program): string[] {
  const out: string[] = [];
  const ns = decl.namespace;
  if (decl.kind === 'service') {
    const hasPolicy = decl.versions.length > 0 || Object.keys(decl.policy).length > 0 || decl.security.mtls !== program.mesh.mtls || decl.security.mtlsLoc !== undefined;
    if (hasPolicy) out.push(`DestinationRule ${ns}/${decl.name}${decl.versions.length ? ` (subsets ${decl.versions.map((v) => v.name).join(', ')})` : ''}`);
    if (decl.routes.length) out.push(`VirtualService ${ns}/${decl.name} (${decl.routes.reduce((n, r) => n + r.rules.length, 0)} http routes)`);
    if (decl.security.mtlsLoc) out.push(`PeerAuthentication ${ns}/${decl.name} (mTLS ${decl.security.mtls.toUpperCase()})`);
  } else if (decl.kind === 'gateway') {
    out.push(`Gateway ${ns}/${decl.name} (${decl.listeners.length} server${decl.listeners.length === 1 ? '' : 's'})`);
    if (decl.routes.length) out.push(`VirtualService ${ns}/${decl.name} (gateways: [${decl.name}])`);
  } else {
    out.push(`ServiceEntry ${ns}/${decl.name} (hosts ${decl.hosts.join(', ')})`);
    if (Object.keys(decl.policy).length) out.push(`DestinationRule ${ns}/${decl.name}`);
    if (decl.routes.length) out.push(`VirtualService ${ns}/${decl.name}`);
  }
  if (decl.kind !== 'external') {
    const s = decl.security;
    if (s.authz.some((r) => r.action === 'allow') || s.jwt.length) out.push(`AuthorizationPolicy ${ns}/${decl.name} (ALLOW)`);
    if (s.authz.some((r) => r.action === 'deny')) out.push(`AuthorizationPolicy ${ns}/${decl.name}-deny (DENY)`);
    if (s.authz.some((r) => r.action === 'audit')) out.push(`AuthorizationPolicy ${ns}/${decl.name}-audit (AUDIT)`);
    if (s.jwt.length) out.push(`RequestAuthentication ${ns}/${decl.name}`);
    if (s.rateLimit) out.push(`EnvoyFilter ${ns}/${decl.name}-ratelimit (local rate limit)`);
  }
  return out;
}

/** The hover text of a declaration: its behaviour in plain words, as Markdown. */
export function describeDeclaration(decl: M.Declaration, program: M.Program, compiled?: CompiledFile): string {
  const lines: string[] = [];
  const mesh = program.mesh;
  if (decl.kind === 'service') {
    lines.push(`**service ${decl.name}** in namespace ${code(decl.namespace)}, host ${code(hostOf(decl))}`);
    lines.push('');
    lines.push(`Serves ${list(decl.ports.map((p) => `port ${p.number} (${p.protocol}${p.target ? `, container port ${p.target}` : ''})`)) || 'no port'}. Workloads: ${code(labels(decl.labels))}, account ${code(decl.account)}.`);
    if (decl.versions.length) lines.push(`Versions: ${decl.versions.map((v) => `${code(v.name)} (${labels(v.labels)})`).join(', ')}.`);
  } else if (decl.kind === 'gateway') {
    lines.push(`**gateway ${decl.name}** in namespace ${code(decl.namespace)}, proxies ${code(labels(decl.selector))}`);
    lines.push('');
    for (const l of decl.listeners) {
      lines.push(`Accepts ${l.protocol} on port ${l.port} for ${list(l.hosts.map(code))}${l.tls ? `, TLS ${l.tls.mode}${l.tls.secret ? ` with secret ${code(l.tls.secret)}` : ''}` : ''}${l.redirectHttps ? ', redirecting to HTTPS' : ''}.`);
    }
  } else {
    lines.push(`**external ${decl.name}**: ${list(decl.hosts.map(code))}, outside the mesh${decl.location === 'mesh-internal' ? ' (mesh-internal)' : ''}`);
    lines.push('');
    lines.push(`Reached on ${list(decl.ports.map((p) => `port ${p.number} (${p.protocol})`)) || 'no port'}, resolved by ${decl.resolution}${decl.endpoints.length ? ` to ${list(decl.endpoints.map(code))}` : ''}.`);
  }
  const routes = describeRoutes(decl.routes, decl.name);
  lines.push('');
  if (routes.length) {
    lines.push('Requests, first matching rule wins:');
    for (const r of routes) lines.push(`- ${r}`);
    if (!decl.routes.some((route) => route.rules.some((rule) => rule.otherwise))) lines.push('- Anything else: 404 (no `otherwise` rule).');
  } else if (decl.kind === 'service') {
    lines.push('Requests go to all its workloads, whatever their version (no `route`).');
  } else if (decl.kind === 'gateway') {
    lines.push('It routes nothing yet (no `route`).');
  }
  if (decl.kind !== 'external') {
    lines.push('');
    lines.push(...describeAccess(decl.security, mesh));
    lines.push(`mTLS ${decl.security.mtls}${decl.security.mtlsLoc ? '' : ' (the mesh default)'}.`);
  }
  if (decl.kind !== 'gateway') {
    const p = policy(decl.policy);
    if (p.length) lines.push(`Traffic policy: ${p.join(', ')}.`);
  }
  const from = routedFrom(program, decl.name);
  if (from.length) lines.push(`Traffic comes from ${list(from)}.`);
  lines.push('');
  if (compiled) lines.push(`Compiles to ${code(compiled.path)}: ${compiled.objects.map((o) => `${o.kind} ${code(o.name)}`).join(', ') || 'no objects'}.`);
  else lines.push(`Istio, once the errors are fixed (per the language reference): ${istioResources(decl, program).join('; ') || 'nothing of its own'}.`);
  return lines.join('\n');
}

/** The hover text of a version of a service. */
export function describeVersion(service: M.Service, version: M.Version, program: M.Program): string {
  const lines = [`**version ${version.name}** of service ${code(service.name)}: workloads ${code(labels({ ...service.labels, ...version.labels }))}`, ''];
  const shares: string[] = [];
  for (const decl of [...program.services, ...program.gateways, ...program.externals]) {
    for (const route of decl.routes) {
      for (const rule of route.rules) {
        if (rule.action.kind !== 'forward') continue;
        for (const d of rule.action.destinations) {
          if (d.target !== service.name || d.version !== version.name) continue;
          const when = rule.otherwise ? 'otherwise' : 'when ' + rule.clauses.map((c) => c.conditions.map(condition).join(' and ')).join(', or when ');
          shares.push(`${d.weight}% of ${decl.name === service.name ? '' : `${decl.kind} ${code(decl.name)}'s `}requests ${when}`);
        }
      }
    }
  }
  lines.push(shares.length ? `Receives: ${shares.join('; ')}.` : 'No route sends traffic to it.');
  const p = policy(version.policy);
  if (p.length) lines.push(`Traffic policy: ${p.join(', ')}.`);
  lines.push('');
  lines.push(`Istio: subset ${code(version.name)} of DestinationRule ${service.namespace}/${service.name}.`);
  return lines.join('\n');
}

/** The declaration of `name` in the model, if it checked out. */
export function findDeclaration(program: M.Program, name: string): M.Declaration | undefined {
  return program.services.find((d) => d.name === name) ?? program.gateways.find((d) => d.name === name) ?? program.externals.find((d) => d.name === name);
}
