/**
 * Phase one of checking: each declaration's own statements become its model (ports, versions,
 * labels, listeners, hosts, traffic policy, mTLS, JWT rules). Statements that refer to other
 * declarations (routes, their defaults, authorization rules) are handed back as `Deferred`, and
 * resolved in phase two once every declaration's model exists.
 */
import type * as A from '../syntax/ast.ts';
import { walkBlock } from './blocks.ts';
import type * as M from './model.ts';
import { applyPolicyStmt } from './policy.ts';
import type { FileReporter } from './reporter.ts';
import { checkNamespaceName } from './routes.ts';
import { readJwt, readMtls, readRateLimit } from './security.ts';
import * as V from './values.ts';

export const serviceProtocols = ['http', 'http2', 'grpc', 'tcp', 'tls', 'mongo', 'mysql', 'redis'] as const;
export const externalProtocols = [...serviceProtocols, 'https'] as const;
export const listenerProtocols = ['http', 'https', 'http2', 'grpc', 'tcp', 'tls'] as const;

export interface Deferred {
  routes: A.RouteStmt[];
  /** Rule settings given on the declaration itself: the defaults of its rules. */
  defaults: A.Stmt[];
  authz: A.AuthzStmt[];
}

function deferred(): Deferred {
  return { routes: [], defaults: [], authz: [] };
}

/** Statements that set rule defaults when written on a declaration. */
function isRuleDefault(stmt: A.Stmt): boolean {
  return (
    stmt.kind === 'Timeout' ||
    stmt.kind === 'Retries' ||
    stmt.kind === 'Fault' ||
    stmt.kind === 'Mirror' ||
    stmt.kind === 'Headers' ||
    (stmt.kind === 'Settings' && stmt.block === 'cors')
  );
}

// ---- mesh ---------------------------------------------------------------------------------------

export function checkMesh(meshes: { decl: A.Decl; file: A.SourceFile }[], fileReporter: (path: string) => FileReporter): M.Mesh {
  const mesh: M.Mesh = {
    namespace: 'default',
    namespaces: ['default'],
    namespacesDeclared: false,
    trustDomain: 'cluster.local',
    mtls: 'strict',
    outbound: 'allow-any',
    access: 'allow-by-default',
  };
  const first = meshes[0];
  if (!first) return mesh;
  const fr = fileReporter(first.file.path);
  mesh.loc = fr.loc(first.decl.range);
  if (first.decl.name) fr.report('M4007', first.decl.name.range, { keyword: 'mesh', needs: 'no name: there is one mesh per program; write `mesh {…}`' });
  let declared: A.Ident[] = [];
  let defaultNamespace: A.Ident | undefined;
  walkBlock(fr, first.decl.body, 'mesh', (stmt) => {
    switch (stmt.kind) {
      case 'Namespace':
        if (stmt.name && fr.value(stmt.name, V.checkDnsLabel(stmt.name.text, 'namespace name'))) defaultNamespace = stmt.name;
        break;
      case 'Namespaces':
        declared = [...declared, ...stmt.names.filter((n) => fr.value(n, V.checkDnsLabel(n.text, 'namespace name')))];
        break;
      case 'TrustDomain': {
        const value = stmt.value?.kind === 'Str' ? stmt.value.value : stmt.value?.text;
        if (value !== undefined && stmt.value && fr.value(stmt.value, V.checkDnsSubdomain(value, 'trust domain'))) mesh.trustDomain = value;
        break;
      }
      case 'Mtls': {
        const mode = readMtls(fr, stmt);
        if (mode) mesh.mtls = mode;
        break;
      }
      case 'Outbound':
        if (stmt.mode && fr.value(stmt.mode, V.checkEnum(stmt.mode.text, ['registry-only', 'allow-any'], 'outbound policy'))) {
          mesh.outbound = stmt.mode.text as M.Mesh['outbound'];
        }
        break;
      case 'Access':
        if (stmt.mode && fr.value(stmt.mode, V.checkEnum(stmt.mode.text, ['allow-by-default', 'deny-by-default'], 'access mode'))) {
          mesh.access = stmt.mode.text as M.Mesh['access'];
        }
        break;
    }
  });
  if (defaultNamespace) mesh.namespace = defaultNamespace.text;
  else if (declared[0]) mesh.namespace = declared[0].text;
  mesh.namespaces = [...new Set([mesh.namespace, ...declared.map((n) => n.text)])].sort();
  mesh.namespacesDeclared = declared.length > 0;
  return mesh;
}

// ---- Shared pieces ------------------------------------------------------------------------------

function readNamespace(fr: FileReporter, mesh: M.Mesh, stmt: A.NamespaceStmt): string | undefined {
  return stmt.name && checkNamespaceName(fr, mesh, stmt.name) ? stmt.name.text : undefined;
}

export function readLabels(fr: FileReporter, map: A.LabelMap | undefined, what: string): Record<string, string> | undefined {
  if (!map) return undefined;
  const labels: Record<string, string> = {};
  const seen = new Map<string, A.LabelEntry>();
  let ok = true;
  for (const entry of map.entries) {
    const key = entry.key.kind === 'Ident' ? entry.key.text : entry.key.value;
    const earlier = seen.get(key);
    if (earlier) {
      fr.report('M4002', entry.key.range, { what: `Label \`${key}\``, context: what }, { related: [fr.related(fr.loc(earlier.range), 'first given here')] });
      ok = false;
      continue;
    }
    seen.set(key, entry);
    if (!entry.value) {
      ok = false;
      continue;
    }
    const value = entry.value.kind === 'Ident' ? entry.value.text : entry.value.kind === 'Str' ? entry.value.value : entry.value.raw;
    if (!fr.value(entry.key, V.checkLabelKey(key)) || !fr.value(entry.value, V.checkLabelValue(value))) {
      ok = false;
      continue;
    }
    labels[key] = value;
  }
  return ok ? sortedRecord(labels) : undefined;
}

export function sortedRecord(record: Record<string, string>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key]!;
  return sorted;
}

function readPort(
  fr: FileReporter,
  stmt: A.PortStmt,
  protocols: readonly string[],
  seen: Map<number, A.PortStmt>,
  owner: string,
): M.Port | undefined {
  if (!stmt.number || !fr.value(stmt.number, V.checkPort(stmt.number.value))) return undefined;
  const earlier = seen.get(stmt.number.value);
  if (earlier) {
    fr.report('M4011', stmt.number.range, { port: stmt.number.value, owner }, { related: [fr.related(fr.loc(earlier.range), 'first declared here')] });
    return undefined;
  }
  seen.set(stmt.number.value, stmt);
  if (!stmt.protocol) {
    fr.report('M4007', stmt.keyword, { keyword: 'port', needs: `a protocol after the number, for example \`port ${stmt.number.raw} http\` (one of ${protocols.join(', ')})` });
    return undefined;
  }
  if (!fr.value(stmt.protocol, V.checkProtocol(stmt.protocol.text, protocols))) return undefined;
  const port: M.Port = { number: stmt.number.value, protocol: stmt.protocol.text as M.Protocol, loc: fr.loc(stmt.range) };
  if (stmt.target) {
    if (!fr.value(stmt.target, V.checkPort(stmt.target.value))) return undefined;
    if (stmt.target.value !== stmt.number.value) port.target = stmt.target.value;
  }
  return port;
}

/** "An `https` listener", "a `tls` listener": by how the protocol name is read aloud. */
function article(protocol: string): string {
  return protocol.startsWith('http') ? 'An' : 'A';
}

/**
 * Security statements that services and gateways share: `require jwt` and `rate-limit` become
 * part of the model now; `allow` / `deny` / `audit` wait for phase two, as they name callers.
 * Returns false if `stmt` is not one of them.
 */
function applySecurityStmt(fr: FileReporter, stmt: A.Stmt, security: M.Security, later: Deferred): boolean {
  switch (stmt.kind) {
    case 'Authz':
      later.authz.push(stmt);
      return true;
    case 'Settings': {
      if (stmt.block !== 'jwt') return false;
      const jwt = readJwt(fr, stmt);
      if (jwt) security.jwt.push(jwt);
      return true;
    }
    case 'RateLimit': {
      const limit = readRateLimit(fr, stmt);
      if (limit) security.rateLimit = limit;
      return true;
    }
    default:
      return false;
  }
}

function hasStatement(decl: A.Decl, kind: A.Stmt['kind']): boolean {
  return decl.body.some((stmt) => stmt.kind === kind);
}

function byNumber(a: M.Port, b: M.Port): number {
  return a.number - b.number;
}

function missing(fr: FileReporter, decl: A.Decl, keyword: string, fix: string): void {
  fr.report('M4003', decl.name?.range ?? decl.keyword, { owner: `${decl.declKind} \`${decl.name?.text ?? ''}\``, keyword, fix });
}

// ---- service ------------------------------------------------------------------------------------

export function checkService(fr: FileReporter, decl: A.Decl, mesh: M.Mesh): { model: M.Service; deferred: Deferred } {
  const name = decl.name!.text;
  fr.value(decl.name!, V.checkDnsLabel(name, 'service name'));
  const later = deferred();
  const service: M.Service = {
    kind: 'service',
    name,
    namespace: mesh.namespace,
    ports: [],
    labels: { app: name },
    account: name,
    versions: [],
    routes: [],
    policy: {},
    security: { mtls: mesh.mtls, authz: [], jwt: [] },
    loc: fr.loc(decl.range),
    nameLoc: fr.loc(decl.name!.range),
  };
  const ports = new Map<number, A.PortStmt>();
  const versions = new Map<string, A.Ident>();
  const addVersion = (versionName: A.Ident, labels: Record<string, string> | undefined, policy: M.TrafficPolicy, range: A.Range): void => {
    const earlier = versions.get(versionName.text);
    if (earlier) {
      fr.report('M2005', versionName.range, { name: versionName.text, owner: `service \`${name}\`` }, { related: [fr.related(fr.loc(earlier.range), 'first declared here')] });
      return;
    }
    versions.set(versionName.text, versionName);
    if (!fr.value(versionName, V.checkDnsLabel(versionName.text, 'version name'))) return;
    service.versions.push({ name: versionName.text, labels: labels ?? { version: versionName.text }, policy, loc: fr.loc(range) });
  };

  walkBlock(fr, decl.body, 'service', (stmt) => {
    if (applyPolicyStmt(fr, stmt, service.policy)) return;
    if (applySecurityStmt(fr, stmt, service.security, later)) return;
    if (isRuleDefault(stmt)) {
      later.defaults.push(stmt);
      return;
    }
    switch (stmt.kind) {
      case 'Namespace': {
        const namespace = readNamespace(fr, mesh, stmt);
        if (namespace) service.namespace = namespace;
        return;
      }
      case 'Port': {
        const port = readPort(fr, stmt, serviceProtocols, ports, `service \`${name}\``);
        if (port) service.ports.push(port);
        return;
      }
      case 'Labels': {
        const labels = readLabels(fr, stmt.map, `the labels of service \`${name}\``);
        if (labels) service.labels = labels;
        return;
      }
      case 'Account':
        if (stmt.name && fr.value(stmt.name, V.checkDnsSubdomain(stmt.name.text, 'service account'))) service.account = stmt.name.text;
        return;
      case 'Versions':
        for (const versionName of stmt.names) addVersion(versionName, undefined, {}, versionName.range);
        return;
      case 'Version': {
        if (!stmt.name) return;
        let labels: Record<string, string> | undefined;
        const policy: M.TrafficPolicy = {};
        walkBlock(fr, stmt.body, 'version', (inner) => {
          if (applyPolicyStmt(fr, inner, policy)) return;
          if (inner.kind === 'Labels') labels = readLabels(fr, inner.map, `the labels of version \`${stmt.name!.text}\``);
        });
        addVersion(stmt.name, labels, policy, stmt.range);
        return;
      }
      case 'Route':
        later.routes.push(stmt);
        return;
      case 'Mtls': {
        const mode = readMtls(fr, stmt);
        if (mode) {
          service.security.mtls = mode;
          service.security.mtlsLoc = fr.loc(stmt.range);
        }
        return;
      }
    }
  });
  // Only when no `port` was written at all: a port with an error has been reported already.
  if (!hasStatement(decl, 'Port')) missing(fr, decl, 'port', 'declare the port it serves, for example `port 8080 http`.');
  service.ports.sort(byNumber);
  service.versions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { model: service, deferred: later };
}

// ---- gateway ------------------------------------------------------------------------------------

export function checkGateway(fr: FileReporter, decl: A.Decl, mesh: M.Mesh): { model: M.Gateway; deferred: Deferred } {
  const name = decl.name!.text;
  fr.value(decl.name!, V.checkDnsLabel(name, 'gateway name'));
  const later = deferred();
  const gateway: M.Gateway = {
    kind: 'gateway',
    name,
    namespace: mesh.namespace,
    selector: { istio: 'ingressgateway' },
    listeners: [],
    routes: [],
    security: { mtls: mesh.mtls, authz: [], jwt: [] },
    loc: fr.loc(decl.range),
    nameLoc: fr.loc(decl.name!.range),
  };
  const seenListeners = new Map<string, A.ListenStmt>();
  walkBlock(fr, decl.body, 'gateway', (stmt) => {
    if (applySecurityStmt(fr, stmt, gateway.security, later)) return;
    if (isRuleDefault(stmt)) {
      later.defaults.push(stmt);
      return;
    }
    switch (stmt.kind) {
      case 'Namespace': {
        const namespace = readNamespace(fr, mesh, stmt);
        if (namespace) gateway.namespace = namespace;
        return;
      }
      case 'Selector': {
        const selector = readLabels(fr, stmt.map, `the selector of gateway \`${name}\``);
        if (selector) gateway.selector = selector;
        return;
      }
      case 'Listen': {
        const listener = readListener(fr, stmt);
        if (!listener) return;
        const key = `${listener.port}`;
        const earlier = seenListeners.get(key);
        if (earlier) {
          fr.report('M4011', stmt.port!.range, { port: listener.port, owner: `gateway \`${name}\`` }, { related: [fr.related(fr.loc(earlier.range), 'first declared here')] });
          return;
        }
        seenListeners.set(key, stmt);
        gateway.listeners.push(listener);
        return;
      }
      case 'Route':
        later.routes.push(stmt);
        return;
    }
  });
  if (!hasStatement(decl, 'Listen')) missing(fr, decl, 'listen', 'declare what it accepts, for example `listen 80 http hosts "shop.example.com"`.');
  gateway.listeners.sort((a, b) => a.port - b.port);
  return { model: gateway, deferred: later };
}

function readListener(fr: FileReporter, stmt: A.ListenStmt): M.Listener | undefined {
  if (!stmt.port || !fr.value(stmt.port, V.checkPort(stmt.port.value))) return undefined;
  if (!stmt.protocol) {
    fr.report('M4007', stmt.keyword, { keyword: 'listen', needs: `a protocol after the port, for example \`listen ${stmt.port.raw} http\`` });
    return undefined;
  }
  if (!fr.value(stmt.protocol, V.checkProtocol(stmt.protocol.text, listenerProtocols))) return undefined;
  const protocol = stmt.protocol.text as M.Protocol;
  let ok = true;
  const hosts: string[] = [];
  for (const host of stmt.hosts) {
    if (fr.value(host, V.checkHost(host.value, { allowWildcard: true, allowStar: true }))) hosts.push(host.value);
    else ok = false;
  }
  const listener: M.Listener = { port: stmt.port.value, protocol, hosts: hosts.length > 0 ? [...new Set(hosts)].sort() : ['*'], redirectHttps: stmt.redirectHttps !== undefined, loc: fr.loc(stmt.range) };
  const tlsProtocol = protocol === 'https' || protocol === 'tls';
  if (stmt.tls) {
    const mode = stmt.tls.mode;
    if (!mode || !fr.value(mode, V.checkEnum(mode.text, ['simple', 'mutual', 'passthrough'], 'gateway TLS mode'))) return undefined;
    if (!tlsProtocol) {
      fr.report('M4012', stmt.tls.range, { detail: `${article(protocol)} \`${protocol}\` listener is plaintext and cannot have \`tls\`; use \`https\` (or \`tls\`) as the protocol.` });
      return undefined;
    }
    const tlsMode = mode.text as 'simple' | 'mutual' | 'passthrough';
    if (tlsMode === 'passthrough' && protocol === 'https') {
      fr.report('M4012', mode.range, { detail: 'An `https` listener terminates TLS; to pass TLS through to the service, use the `tls` protocol: `listen 443 tls … tls passthrough`.' });
      return undefined;
    }
    if (tlsMode !== 'passthrough' && !stmt.tls.secret) {
      fr.report('M4012', stmt.tls.range, { detail: `TLS mode \`${tlsMode}\` needs the server certificate: add \`secret "NAME"\` (a Kubernetes TLS secret in the gateway's namespace).` });
      ok = false;
    }
    if (tlsMode === 'passthrough' && stmt.tls.secret) {
      fr.report('M4012', stmt.tls.secret.range, { detail: 'With `passthrough` the gateway does not terminate TLS, so it has no certificate: remove `secret`.' });
      ok = false;
    }
    if (stmt.tls.secret && fr.value(stmt.tls.secret, V.checkDnsSubdomain(stmt.tls.secret.value, 'secret name'))) {
      listener.tls = { mode: tlsMode, secret: stmt.tls.secret.value };
    } else {
      listener.tls = { mode: tlsMode };
    }
  } else if (tlsProtocol) {
    fr.report('M4012', stmt.protocol.range, { detail: `${article(protocol)} \`${protocol}\` listener needs TLS settings: add \`tls simple secret "NAME"\`${protocol === 'tls' ? ' or `tls passthrough`' : ''}.` });
    ok = false;
  }
  if (listener.redirectHttps && protocol !== 'http') {
    fr.report('M4012', stmt.redirectHttps!, { detail: '`redirect-https` sends plaintext HTTP clients to HTTPS, so it belongs on an `http` listener.' });
    ok = false;
  }
  return ok ? listener : undefined;
}

// ---- external -----------------------------------------------------------------------------------

export function checkExternal(fr: FileReporter, decl: A.Decl, mesh: M.Mesh): { model: M.External; deferred: Deferred } {
  const name = decl.name!.text;
  fr.value(decl.name!, V.checkDnsLabel(name, 'external name'));
  const later = deferred();
  const external: M.External = {
    kind: 'external',
    name,
    namespace: mesh.namespace,
    hosts: [],
    ports: [],
    resolution: 'dns',
    location: 'mesh-external',
    addresses: [],
    endpoints: [],
    policy: {},
    routes: [],
    loc: fr.loc(decl.range),
    nameLoc: fr.loc(decl.name!.range),
  };
  const ports = new Map<number, A.PortStmt>();
  let hostsGiven = false;
  let resolutionStmt: A.ResolutionStmt | undefined;
  const endpointStmts: A.EndpointsStmt[] = [];
  walkBlock(fr, decl.body, 'external', (stmt) => {
    if (applyPolicyStmt(fr, stmt, external.policy)) return;
    if (isRuleDefault(stmt)) {
      later.defaults.push(stmt);
      return;
    }
    switch (stmt.kind) {
      case 'Namespace': {
        const namespace = readNamespace(fr, mesh, stmt);
        if (namespace) external.namespace = namespace;
        return;
      }
      case 'Hosts':
        hostsGiven = true;
        for (const host of stmt.hosts) {
          if (fr.value(host, V.checkHost(host.value, { allowWildcard: true }))) external.hosts.push(host.value);
        }
        return;
      case 'Port': {
        const port = readPort(fr, stmt, externalProtocols, ports, `external \`${name}\``);
        if (port) external.ports.push(port);
        return;
      }
      case 'Resolution':
        if (stmt.mode && fr.value(stmt.mode, V.checkEnum(stmt.mode.text, ['dns', 'static', 'none'], 'resolution'))) {
          external.resolution = stmt.mode.text as M.External['resolution'];
          resolutionStmt = stmt;
        }
        return;
      case 'Location':
        if (stmt.mode && fr.value(stmt.mode, V.checkEnum(stmt.mode.text, ['mesh-external', 'mesh-internal'], 'location'))) {
          external.location = stmt.mode.text as M.External['location'];
        }
        return;
      case 'Addresses':
        for (const address of stmt.values) {
          if (fr.value(address, V.checkCidr(address.value))) external.addresses.push(address.value);
        }
        return;
      case 'Endpoints':
        endpointStmts.push(stmt);
        return;
      case 'Route':
        later.routes.push(stmt);
        return;
    }
  });
  for (const stmt of endpointStmts) {
    for (const endpoint of stmt.values) {
      const error = external.resolution === 'static' ? V.checkIp(endpoint.value) : V.checkHost(endpoint.value);
      if (fr.value(endpoint, error)) external.endpoints.push(endpoint.value);
    }
  }
  if (!hostsGiven) missing(fr, decl, 'hosts', 'name the hosts it stands for, for example `hosts "api.example.com"`.');
  if (!hasStatement(decl, 'Port')) missing(fr, decl, 'port', 'declare the port it is reached on, for example `port 443 tls`.');
  const where = resolutionStmt?.range ?? decl.name!.range;
  if (external.resolution === 'static' && endpointStmts.length === 0) {
    fr.report('M4013', where, { detail: '`resolution static` needs the addresses to send traffic to: add `endpoints "10.0.0.1"`.' });
  } else if (external.resolution === 'none' && endpointStmts.length > 0) {
    fr.report('M4013', endpointStmts[0]!.keyword, { detail: 'With `resolution none` traffic goes to the address the caller dialled, so `endpoints` are not used; remove them or use `resolution static`.' });
  } else if (external.resolution === 'dns' && endpointStmts.length === 0 && external.hosts.some((h) => h.startsWith('*'))) {
    fr.report('M4013', where, { detail: 'A wildcard host cannot be resolved with DNS: use `resolution none` for wildcard hosts, or list the exact hosts.' });
  }
  external.hosts = [...new Set(external.hosts)].sort();
  external.ports.sort(byNumber);
  return { model: external, deferred: later };
}
