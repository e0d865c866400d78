/**
 * Security statements: `mtls`, `allow` / `deny` / `audit`, `require jwt {…}` and `rate-limit`.
 */
import type * as A from '../syntax/ast.ts';
import type * as M from './model.ts';
import type { FileReporter } from './reporter.ts';
import { checkNamespaceName, resolveCaller, type RouteScope } from './routes.ts';
import { readSettings } from './settings.ts';
import * as V from './values.ts';

export const mtlsModes = ['strict', 'permissive', 'disable'] as const;

export function readMtls(fr: FileReporter, stmt: A.MtlsStmt): M.MtlsMode | undefined {
  if (!stmt.mode) return undefined;
  return fr.value(stmt.mode, V.checkEnum(stmt.mode.text, mtlsModes, 'mTLS mode')) ? (stmt.mode.text as M.MtlsMode) : undefined;
}

/** The SPIFFE identity Istio gives a service's workloads. */
export function principalOf(mesh: M.Mesh, service: M.Service): string {
  return `${mesh.trustDomain}/ns/${service.namespace}/sa/${service.account}`;
}

export function readAuthz(fr: FileReporter, scope: Pick<RouteScope, 'lookup' | 'allNames' | 'mesh'>, stmt: A.AuthzStmt): M.AuthzRule | undefined {
  let ok = true;
  const from: M.AuthzSource[] = [];
  for (const source of stmt.from) {
    const loc = fr.loc(source.range);
    switch (source.kind) {
      case 'service': {
        const caller = resolveCaller(fr, scope, source.name);
        if (caller) from.push({ kind: 'service', service: caller.name, principal: principalOf(scope.mesh, caller), loc });
        else ok = false;
        break;
      }
      case 'namespace':
        if (source.name && checkNamespaceName(fr, scope.mesh, source.name)) from.push({ kind: 'namespace', namespace: source.name.text, loc });
        else ok = false;
        break;
      case 'principal':
        if (source.value && source.value.value !== '') from.push({ kind: 'principal', principal: source.value.value, loc });
        else {
          if (source.value) fr.report('M4007', source.range, { keyword: 'principal', needs: 'an identity such as `"cluster.local/ns/default/sa/frontend"`' });
          ok = false;
        }
        break;
      case 'ip':
        if (source.value && fr.value(source.value, V.checkCidr(source.value.value))) from.push({ kind: 'ip', cidr: source.value.value, loc });
        else ok = false;
        break;
    }
  }
  const methods: string[] = [];
  const paths: string[] = [];
  const ports: number[] = [];
  for (const target of stmt.to) {
    switch (target.kind) {
      case 'method':
        if (fr.value(target.name, V.checkMethod(target.name.text))) methods.push(target.name.text);
        else ok = false;
        break;
      case 'path':
        if (fr.value(target.value, V.checkPath(target.value.value, { allowWildcard: true }))) paths.push(target.value.value);
        else ok = false;
        break;
      case 'port':
        if (target.port && fr.value(target.port, V.checkPort(target.port.value))) ports.push(target.port.value);
        else ok = false;
        break;
    }
  }
  const when: M.AuthzRule['when'] = [];
  for (const condition of stmt.when) {
    const name = condition.name ? (condition.name.kind === 'Ident' ? condition.name.text : condition.name.value) : undefined;
    if (name === undefined || !condition.name) {
      ok = false;
      continue;
    }
    if (condition.on === 'header' && !fr.value(condition.name, V.checkHeaderName(name))) {
      ok = false;
      continue;
    }
    when.push({ on: condition.on, name, values: condition.values.map((v) => v.value), loc: fr.loc(condition.range) });
  }
  if (!ok) return undefined;
  return { action: stmt.action, from, methods, paths, ports, when, dryRun: stmt.dryRun !== undefined, loc: fr.loc(stmt.range) };
}

export function readJwt(fr: FileReporter, stmt: A.SettingsStmt): M.JwtRule | undefined {
  const s = readSettings(fr, stmt);
  const str = (key: string) => s.get(key)?.values[0] as string | undefined;
  const strings = (key: string) => (s.get(key)?.values ?? []) as string[];
  const issuer = str('issuer');
  let ok = true;
  if (issuer === undefined) {
    if (!stmt.entries.some((e) => e.key.text === 'issuer')) {
      fr.report('M4008', stmt.keyword, { detail: '`require jwt` needs the token issuer: add `issuer "https://issuer.example.com"`.' });
    }
    ok = false;
  }
  const jwksUri = str('jwks-uri');
  const jwks = str('jwks');
  if (jwksUri !== undefined && jwks !== undefined) {
    fr.report('M4008', s.get('jwks')!.range, { detail: 'Give the keys either with `jwks-uri` or inline with `jwks`, not both.' });
    ok = false;
  }
  if (jwks !== undefined) {
    const problem = jwksProblem(jwks);
    if (problem) {
      fr.report('M4016', s.get('jwks')!.range, { detail: problem });
      ok = false;
    }
  }
  if (s.has('header-prefix') && !s.has('from-header')) {
    fr.report('M4008', s.get('header-prefix')!.range, { detail: '`header-prefix` applies to the header named by `from-header`; add `from-header NAME`.' });
    ok = false;
  }
  if (!ok || issuer === undefined) return undefined;
  const rule: M.JwtRule = {
    issuer,
    audiences: strings('audiences'),
    fromHeaders: [],
    fromQuery: strings('from-query'),
    fromCookies: strings('from-cookie'),
    forwardToken: (s.get('forward-token')?.values[0] as boolean | undefined) ?? false,
    loc: fr.loc(stmt.range),
  };
  if (jwksUri !== undefined) rule.jwksUri = jwksUri;
  if (jwks !== undefined) rule.jwks = jwks;
  const header = str('from-header');
  if (header !== undefined) {
    const prefix = str('header-prefix');
    rule.fromHeaders.push(prefix !== undefined ? { name: header, prefix } : { name: header });
  }
  return rule;
}

/** Why an inline JWKS is not a key set, or undefined when it is one. */
function jwksProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `it is not valid JSON (${(error as Error).message})`;
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) {
    return 'it has no `keys` array';
  }
  const keys = (parsed as { keys: unknown[] }).keys;
  if (keys.length === 0) return 'its `keys` array is empty';
  const bad = keys.findIndex((k) => typeof k !== 'object' || k === null || typeof (k as { kty?: unknown }).kty !== 'string');
  return bad >= 0 ? `key ${bad + 1} has no \`kty\`` : undefined;
}

export function readRateLimit(fr: FileReporter, stmt: A.RateLimitStmt): M.RateLimit | undefined {
  if (!stmt.requests || !stmt.per) return undefined;
  if (!Number.isInteger(stmt.requests.value) || stmt.requests.value < 1) {
    fr.report('M4010', stmt.requests.range, { name: 'rate-limit', expected: 'a whole number of requests of at least 1', found: `\`${stmt.requests.raw}\`` });
    return undefined;
  }
  const per = V.parseDuration(stmt.per.raw);
  if (per.error) return void fr.value(stmt.per, per.error);
  let burst = stmt.requests.value;
  if (stmt.burst) {
    if (!Number.isInteger(stmt.burst.value) || stmt.burst.value < stmt.requests.value) {
      fr.report('M4010', stmt.burst.range, { name: 'burst', expected: `a whole number of at least the rate (${stmt.requests.value})`, found: `\`${stmt.burst.raw}\`` });
      return undefined;
    }
    burst = stmt.burst.value;
  }
  return { requests: stmt.requests.value, perMs: per.value, burst, loc: fr.loc(stmt.range) };
}
