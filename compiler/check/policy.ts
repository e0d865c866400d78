/**
 * Traffic policy statements: `lb`, `pool {…}`, `outlier {…}` and `tls` (client side), for
 * services, versions and externals.
 */
import type { LbStmt, SettingsStmt, Stmt, TlsStmt } from '../syntax/ast.ts';
import type { ClientTls, LoadBalancer, TrafficPolicy } from './model.ts';
import type { FileReporter } from './reporter.ts';
import { readSettings } from './settings.ts';
import * as V from './values.ts';
import { withoutUndefined } from '../util/objects.ts';

export const lbPolicies = ['round-robin', 'least-request', 'random', 'passthrough'] as const;
export const clientTlsModes = ['disable', 'simple', 'mutual', 'istio-mutual'] as const;

/** Applies a traffic-policy statement to `policy`; returns false if `stmt` is not one. */
export function applyPolicyStmt(fr: FileReporter, stmt: Stmt, policy: TrafficPolicy): boolean {
  switch (stmt.kind) {
    case 'Lb': {
      const lb = readLb(fr, stmt);
      if (lb) {
        policy.lb = lb;
        policy.lbLoc = fr.loc(stmt.range);
      }
      return true;
    }
    case 'Tls': {
      const tls = readClientTls(fr, stmt);
      if (tls) policy.tls = tls;
      return true;
    }
    case 'Settings':
      if (stmt.block === 'pool') {
        policy.pool = readPool(fr, stmt);
        return true;
      }
      if (stmt.block === 'outlier') {
        policy.outlier = readOutlier(fr, stmt);
        return true;
      }
      return false;
    default:
      return false;
  }
}

function readLb(fr: FileReporter, stmt: LbStmt): LoadBalancer | undefined {
  if (stmt.policy) {
    if (!fr.value(stmt.policy, V.checkEnum(stmt.policy.text, lbPolicies, 'load balancer'))) return undefined;
    return { kind: 'simple', policy: stmt.policy.text as (typeof lbPolicies)[number] };
  }
  const hash = stmt.hash;
  if (!hash || !hash.by) return undefined;
  if (!fr.value(hash.byRange ?? hash.range, V.checkEnum(hash.by, ['header', 'cookie', 'query', 'source-ip'], 'hash key'))) return undefined;
  if (hash.by === 'source-ip') return { kind: 'hash', by: 'source-ip' };
  const name = hash.name ? (hash.name.kind === 'Ident' ? hash.name.text : hash.name.value) : undefined;
  if (name === undefined) return undefined;
  if (hash.by === 'header' && hash.name && !fr.value(hash.name, V.checkHeaderName(name))) return undefined;
  let ttlMs: number | undefined;
  if (hash.ttl) {
    const parsed = V.parseDuration(hash.ttl.raw);
    if (parsed.error) return void fr.value(hash.ttl, parsed.error);
    ttlMs = parsed.value;
  }
  return { kind: 'hash', by: hash.by, name, ...(ttlMs !== undefined ? { ttlMs } : {}) };
}

function readClientTls(fr: FileReporter, stmt: TlsStmt): ClientTls | undefined {
  if (!stmt.mode) return undefined;
  if (!fr.value(stmt.mode, V.checkEnum(stmt.mode.text, clientTlsModes, 'TLS mode'))) return undefined;
  const mode = stmt.mode.text as ClientTls['mode'];
  const tls: ClientTls = { mode, loc: fr.loc(stmt.range) };
  if (stmt.sni && fr.value(stmt.sni, V.checkHost(stmt.sni.value))) tls.sni = stmt.sni.value;
  if (stmt.secret && fr.value(stmt.secret, V.checkDnsSubdomain(stmt.secret.value, 'secret name'))) tls.secret = stmt.secret.value;
  if (mode === 'mutual' && !stmt.secret) {
    fr.report('M4007', stmt.keyword, { keyword: 'tls mutual', needs: 'the client certificate: add `secret "NAME"` (a Kubernetes secret with the key, certificate and CA)' });
  }
  return tls;
}

function readPool(fr: FileReporter, stmt: SettingsStmt) {
  const s = readSettings(fr, stmt);
  const num = (key: string) => s.get(key)?.values[0] as number | undefined;
  return withoutUndefined({
    maxConnections: num('max-connections'),
    connectTimeoutMs: num('connect-timeout'),
    maxPendingRequests: num('max-pending-requests'),
    maxRequests: num('max-requests'),
    maxRequestsPerConnection: num('max-requests-per-connection'),
    maxRetries: num('max-retries'),
    idleTimeoutMs: num('idle-timeout'),
    loc: fr.loc(stmt.range),
  });
}

function readOutlier(fr: FileReporter, stmt: SettingsStmt) {
  const s = readSettings(fr, stmt);
  const num = (key: string) => s.get(key)?.values[0] as number | undefined;
  return withoutUndefined({
    consecutiveErrors: num('consecutive-errors'),
    consecutiveGatewayErrors: num('consecutive-gateway-errors'),
    intervalMs: num('interval'),
    ejectionMs: num('ejection'),
    maxEjectionPercent: num('max-ejection'),
    minHealthPercent: num('min-health'),
    loc: fr.loc(stmt.range),
  });
}
