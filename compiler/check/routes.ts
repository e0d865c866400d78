/**
 * Routes: rules, their conditions, actions and per-rule settings, with every destination resolved
 * to a declared service, version and port.
 */
import type * as A from '../syntax/ast.ts';
import { closest } from '../util/suggest.ts';
import { walkBlock } from './blocks.ts';
import type * as M from './model.ts';
import { withoutUndefined } from '../util/objects.ts';
import type { FileReporter } from './reporter.ts';
import { readSettings } from './settings.ts';
import * as V from './values.ts';

export const retryOnConditions = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx',
  'refused-stream', 'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure', 'cancelled',
  'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
] as const;

/** What route checking needs to know about the rest of the program. */
export interface RouteScope {
  owner: M.Declaration;
  /** Declarations by name (phase one models: ports, versions, labels are known). */
  lookup: (name: string) => M.Declaration | undefined;
  allNames: () => Iterable<string>;
  mesh: M.Mesh;
}

/** Builds the routes of a declaration from its `route` statements and its rule defaults. */
export function checkRoutes(fr: FileReporter, scope: RouteScope, routeStmts: A.RouteStmt[], defaultStmts: A.Stmt[]): M.Route[] {
  const defaults = readRuleSettings(fr, scope, defaultStmts, {}, 'declaration');
  const routes: M.Route[] = [];
  // A service or external has one route table; a gateway has one per set of hosts.
  const seen = new Map<string, A.RouteStmt>();
  for (const stmt of routeStmts) {
    const key = scope.owner.kind === 'gateway' ? stmt.hosts.map((h) => h.value).sort().join(',') : '';
    const earlier = seen.get(key);
    if (earlier) {
      const what = scope.owner.kind === 'gateway' ? (key === '' ? 'A `route` for all hosts' : `A \`route\` for hosts ${key}`) : '`route`';
      fr.report('M4002', stmt.keyword, { what, context: describeOwner(scope.owner) }, { related: [fr.related(fr.loc(earlier.keyword), 'first given here')] });
      continue;
    }
    seen.set(key, stmt);
    if (stmt.hosts.length > 0 && scope.owner.kind !== 'gateway') {
      fr.report('M4001', stmt.hosts[0]!.range, { keyword: 'route hosts', context: `a${scope.owner.kind === 'external' ? 'n external' : ' service'}`, allowed: 'a gateway' });
    }
    const hosts: string[] = [];
    for (const host of stmt.hosts) {
      if (fr.value(host, V.checkHost(host.value, { allowWildcard: true, allowStar: true }))) hosts.push(host.value);
    }
    const rules: M.Rule[] = [];
    for (const rule of stmt.rules) {
      const checked = checkRule(fr, scope, rule, defaults);
      if (checked) rules.push(checked);
    }
    routes.push({ hosts, rules, loc: fr.loc(stmt.range) });
  }
  return routes;
}

function checkRule(fr: FileReporter, scope: RouteScope, rule: A.Rule, defaults: M.RuleSettings): M.Rule | undefined {
  const clauses: M.Clause[] = [];
  let conditionsOk = true;
  for (const clause of rule.when) {
    const conditions: M.Condition[] = [];
    for (const atom of clause.atoms) {
      const condition = checkCondition(fr, scope, atom);
      if (condition) conditions.push(condition);
      else conditionsOk = false;
    }
    clauses.push({ conditions, loc: fr.loc(clause.range) });
  }
  const action = rule.action ? checkAction(fr, scope, rule.action) : undefined;
  const settings = readRuleSettings(fr, scope, rule.body, defaults, 'rule');
  if (!action || !conditionsOk) return undefined;
  return { clauses, otherwise: rule.otherwise, action, settings, loc: fr.loc(rule.range) };
}

// ---- Conditions ---------------------------------------------------------------------------------

function nameOf(node: A.Ident | A.Str | undefined): string | undefined {
  return node ? (node.kind === 'Ident' ? node.text : node.value) : undefined;
}

function checkStringMatch(
  fr: FileReporter,
  op: A.MatchOp | undefined,
  value: A.Str | undefined,
  validate?: (value: string) => V.ValueError | undefined,
): { op: M.StringMatchOp | 'present' | 'absent'; value?: string } | undefined {
  if (!op) return undefined;
  if (op === 'present' || op === 'absent') return { op };
  if (!value) return undefined;
  if (op === 'regex') return fr.value(value, V.checkRegex(value.value)) ? { op, value: value.value } : undefined;
  if (validate && !fr.value(value, validate(value.value))) return undefined;
  return { op, value: value.value };
}

function checkCondition(fr: FileReporter, scope: RouteScope, atom: A.MatchAtom): M.Condition | undefined {
  const loc = fr.loc(atom.range);
  switch (atom.kind) {
    case 'PathMatch': {
      if (atom.op === 'present' || atom.op === 'absent') {
        fr.report('M4015', atom.range, { what: 'path', op: atom.op });
        return undefined;
      }
      const m = checkStringMatch(fr, atom.op, atom.value, (p) => V.checkPath(p));
      return m && m.value !== undefined ? { kind: 'path', op: m.op as M.StringMatchOp, value: m.value, loc } : undefined;
    }
    case 'MethodMatch':
      if (!atom.method || !fr.value(atom.method, V.checkMethod(atom.method.text))) return undefined;
      return { kind: 'method', method: atom.method.text, loc };
    case 'HeaderMatch':
    case 'QueryMatch': {
      const name = nameOf(atom.name);
      if (name === undefined || !atom.name) return undefined;
      if (atom.kind === 'HeaderMatch' && !fr.value(atom.name, V.checkHeaderName(name))) return undefined;
      const m = checkStringMatch(fr, atom.op, atom.value);
      if (!m) return undefined;
      const kind = atom.kind === 'HeaderMatch' ? 'header' : 'query';
      return m.value !== undefined ? { kind, name, op: m.op, value: m.value, loc } : { kind, name, op: m.op, loc };
    }
    case 'SourceMatch': {
      if (!atom.name) return undefined;
      if (atom.namespace) {
        const namespace = atom.name.text;
        if (!checkNamespaceName(fr, scope.mesh, atom.name)) return undefined;
        return { kind: 'source-namespace', namespace, loc };
      }
      const caller = resolveCaller(fr, scope, atom.name);
      return caller ? { kind: 'source-service', service: caller.name, namespace: caller.namespace, labels: caller.labels, loc } : undefined;
    }
    case 'PortMatch': {
      if (!atom.port || !fr.value(atom.port, V.checkPort(atom.port.value))) return undefined;
      const ports = portsOf(scope.owner);
      if (ports.length > 0 && !ports.includes(atom.port.value)) {
        fr.report('M2007', atom.port.range, { owner: describeOwner(scope.owner), port: atom.port.value, known: ports.join(', ') }, {
          fixes: ports.length === 1 ? [fr.replace(atom.port.range, String(ports[0]))] : [],
        });
        return undefined;
      }
      return { kind: 'port', port: atom.port.value, loc };
    }
    case 'SniMatch':
      if (!atom.host || !fr.value(atom.host, V.checkHost(atom.host.value, { allowWildcard: true }))) return undefined;
      return { kind: 'sni', host: atom.host.value, loc };
  }
}

/** A namespace name: valid, and one of the mesh's when the mesh lists them. */
export function checkNamespaceName(fr: FileReporter, mesh: M.Mesh, name: A.Ident): boolean {
  if (!fr.value(name, V.checkDnsLabel(name.text, 'namespace name'))) return false;
  if (mesh.namespacesDeclared && !mesh.namespaces.includes(name.text)) {
    const suggestion = closest(name.text, mesh.namespaces);
    fr.report(
      'M2004',
      name.range,
      { name: name.text, known: mesh.namespaces.join(', '), hint: suggestion ? ` Did you mean \`${suggestion}\`?` : '' },
      { fixes: suggestion ? [fr.replace(name.range, suggestion)] : [] },
    );
    return false;
  }
  return true;
}

/** A calling service, for `from NAME` in conditions and authorization rules. */
export function resolveCaller(fr: FileReporter, scope: Pick<RouteScope, 'lookup' | 'allNames'>, name: A.Ident): M.Service | undefined {
  const found = scope.lookup(name.text);
  if (found?.kind === 'service') return found;
  const services = [...scope.allNames()].filter((n) => scope.lookup(n)?.kind === 'service');
  const suggestion = closest(name.text, services);
  const hint =
    found !== undefined
      ? ` \`${name.text}\` is ${found.kind === 'gateway' ? 'a gateway' : 'an external'}; only services can be callers here.`
      : suggestion
        ? ` Did you mean \`${suggestion}\`?`
        : '';
  fr.report('M2001', name.range, { name: name.text, hint }, { fixes: suggestion && !found ? [fr.replace(name.range, suggestion)] : [] });
  return undefined;
}

function portsOf(decl: M.Declaration): number[] {
  return decl.kind === 'gateway' ? decl.listeners.map((l) => l.port) : decl.ports.map((p) => p.number);
}

export function describeOwner(decl: M.Declaration): string {
  return `${decl.kind === 'external' ? 'external' : decl.kind} \`${decl.name}\``;
}

// ---- Actions ------------------------------------------------------------------------------------

function checkAction(fr: FileReporter, scope: RouteScope, action: A.Action): M.Action | undefined {
  const loc = fr.loc(action.range);
  switch (action.kind) {
    case 'Forward': {
      const several = action.targets.length > 1;
      const missing = several ? action.targets.filter((t) => !t.weight) : [];
      if (missing.length > 0) {
        const first = missing[0]!;
        fr.report('M4004', first.range, { missing: `\`${targetText(first)}\`` });
      }
      const destinations: M.Destination[] = [];
      let ok = missing.length === 0;
      for (const target of action.targets) {
        const destination = resolveTarget(fr, scope, target, several ? undefined : 100);
        if (destination) destinations.push(destination);
        else ok = false;
      }
      return ok ? { kind: 'forward', destinations, loc } : undefined;
    }
    case 'Redirect': {
      const redirect: Extract<M.Action, { kind: 'redirect' }> = { kind: 'redirect', code: 301, loc };
      let ok = true;
      if (action.path) {
        if (fr.value(action.path, V.checkPath(action.path.value))) redirect.path = action.path.value;
        else ok = false;
      }
      if (action.host) {
        if (fr.value(action.host, V.checkHost(action.host.value))) redirect.host = action.host.value;
        else ok = false;
      }
      if (action.scheme) {
        if (fr.value(action.scheme, V.checkEnum(action.scheme.text, ['http', 'https'], 'scheme'))) redirect.scheme = action.scheme.text;
        else ok = false;
      }
      if (action.port) {
        if (fr.value(action.port, V.checkPort(action.port.value))) redirect.port = action.port.value;
        else ok = false;
      }
      if (action.code) {
        if (fr.value(action.code, V.checkStatus(action.code.value, 'redirect'))) redirect.code = action.code.value;
        else ok = false;
      }
      return ok ? redirect : undefined;
    }
    case 'Respond': {
      if (!action.status || !fr.value(action.status, V.checkStatus(action.status.value, 'response'))) return undefined;
      const respond: Extract<M.Action, { kind: 'respond' }> = { kind: 'respond', status: action.status.value, loc };
      if (action.body) respond.body = action.body.value;
      return respond;
    }
  }
}

function targetText(target: A.Target): string {
  return target.name.text + (target.version ? `.${target.version.text}` : '') + (target.port ? `:${target.port.raw}` : '');
}

/** Resolves `v2`, `reviews`, `reviews.v2`, `productpage:9080`. */
function resolveTarget(fr: FileReporter, scope: RouteScope, target: A.Target, defaultWeight: number | undefined): M.Destination | undefined {
  const owner = scope.owner;
  const name = target.name.text;
  let decl: M.Declaration | undefined;
  let version: string | undefined;

  if (target.version) {
    decl = scope.lookup(name);
    // `name.version` always names a service, even inside a service's own routes.
    if (!decl || decl.kind === 'gateway') return unknownService(fr, scope, target.name);
    if (decl.kind !== 'service') {
      fr.report('M2002', target.version.range, { owner: describeOwner(decl), name: target.version.text, known: ' (externals have no versions)', hint: '' });
      return undefined;
    }
    if (!checkVersion(fr, decl, target.version)) return undefined;
    version = target.version.text;
  } else if (owner.kind === 'service' && owner.versions.some((v) => v.name === name)) {
    decl = owner;
    version = name;
  } else {
    decl = scope.lookup(name);
    if (!decl || decl.kind === 'gateway') return unknownTarget(fr, scope, target.name);
  }

  let port: number | undefined;
  const ports = decl.ports.map((p) => p.number);
  if (target.port) {
    if (!fr.value(target.port, V.checkPort(target.port.value))) return undefined;
    if (ports.length > 0 && !ports.includes(target.port.value)) {
      fr.report('M2007', target.port.range, { owner: describeOwner(decl), port: target.port.value, known: ports.join(', ') }, {
        fixes: ports.length === 1 ? [fr.replace(target.port.range, String(ports[0]))] : [],
      });
      return undefined;
    }
    port = target.port.value;
  } else if (owner.kind === 'gateway' && ports.length > 1) {
    // NOTE: inside the mesh a request keeps its port; a gateway must say which port to forward to.
    fr.report('M4006', target.range, { owner: describeOwner(decl), known: ports.join(', '), example: `${targetText(target)}:${ports[0]}` });
    return undefined;
  }

  let weight = defaultWeight ?? 100;
  if (target.weight) {
    if (!fr.value(target.weight, V.checkPercent(target.weight.value))) return undefined;
    weight = target.weight.value;
  }
  const destination: M.Destination = {
    target: decl.name,
    targetKind: decl.kind,
    weight,
    loc: fr.loc(target.range),
  };
  if (version !== undefined) destination.version = version;
  if (port !== undefined) destination.port = port;
  return destination;
}

function checkVersion(fr: FileReporter, service: M.Service, version: A.Ident): boolean {
  const names = service.versions.map((v) => v.name);
  if (names.includes(version.text)) return true;
  const suggestion = closest(version.text, names);
  fr.report(
    'M2002',
    version.range,
    {
      owner: describeOwner(service),
      name: version.text,
      known: names.length > 0 ? ` (its versions: ${names.join(', ')})` : ' (it declares no versions)',
      hint: suggestion ? ` Did you mean \`${suggestion}\`?` : '',
    },
    { fixes: suggestion ? [fr.replace(version.range, suggestion)] : [] },
  );
  return false;
}

function unknownTarget(fr: FileReporter, scope: RouteScope, name: A.Ident): undefined {
  const owner = scope.owner;
  const targetable = [...scope.allNames()].filter((n) => scope.lookup(n)?.kind !== 'gateway');
  if (owner.kind === 'service') {
    const versions = owner.versions.map((v) => v.name);
    const suggestion = closest(name.text, [...versions, ...targetable]);
    fr.report(
      'M2002',
      name.range,
      {
        owner: describeOwner(owner),
        name: name.text,
        known: versions.length > 0 ? ` (its versions: ${versions.join(', ')})` : '',
        hint: ` There is no service of that name either.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      },
      { fixes: suggestion ? [fr.replace(name.range, suggestion)] : [] },
    );
    return undefined;
  }
  return unknownService(fr, scope, name);
}

function unknownService(fr: FileReporter, scope: RouteScope, name: A.Ident): undefined {
  const targetable = [...scope.allNames()].filter((n) => scope.lookup(n)?.kind !== 'gateway');
  const isGateway = scope.lookup(name.text)?.kind === 'gateway';
  const suggestion = closest(name.text, targetable);
  fr.report(
    'M2001',
    name.range,
    { name: name.text, hint: isGateway ? ` \`${name.text}\` is a gateway, and traffic is routed to services and externals.` : suggestion ? ` Did you mean \`${suggestion}\`?` : '' },
    { fixes: suggestion && !isGateway ? [fr.replace(name.range, suggestion)] : [] },
  );
  return undefined;
}

// ---- Rule settings ------------------------------------------------------------------------------

/**
 * Reads timeout, retries, fault, mirror, rewrite, header and CORS statements, from a rule body or
 * from a declaration's body (where they are the defaults of its rules; statements of other kinds
 * are ignored there).
 */
export function readRuleSettings(
  fr: FileReporter,
  scope: RouteScope,
  stmts: A.Stmt[],
  defaults: M.RuleSettings,
  source: 'rule' | 'declaration',
): M.RuleSettings {
  const settings: M.RuleSettings = { ...defaults };
  const apply = (stmt: A.Stmt): void => {
    switch (stmt.kind) {
      case 'Timeout': {
        if (!stmt.value) return;
        const parsed = V.parseDuration(stmt.value.raw);
        if (parsed.error) fr.value(stmt.value, parsed.error);
        else {
          settings.timeoutMs = parsed.value;
          settings.timeoutLoc = fr.loc(stmt.range);
        }
        return;
      }
      case 'Retries': {
        const retries = readRetries(fr, stmt);
        if (retries) settings.retries = retries;
        return;
      }
      case 'Fault': {
        const fault = readFault(fr, stmt);
        if (fault) settings.fault = fault;
        return;
      }
      case 'Mirror': {
        if (!stmt.target) return;
        const destination = resolveTarget(fr, scope, { ...stmt.target, weight: undefined }, 100);
        if (!destination) return;
        let percent = 100;
        if (stmt.percent) {
          if (!fr.value(stmt.percent, V.checkPercent(stmt.percent.value))) return;
          percent = stmt.percent.value;
        }
        settings.mirror = { destination, percent, loc: fr.loc(stmt.range) };
        return;
      }
      case 'Rewrite': {
        if (!stmt.path && !stmt.host) {
          fr.report('M4007', stmt.keyword, { keyword: 'rewrite', needs: 'a new `path "/prefix"`, a new `host "name"`, or both' });
          return;
        }
        const rewrite: NonNullable<M.RuleSettings['rewrite']> = { loc: fr.loc(stmt.range) };
        if (stmt.path && fr.value(stmt.path, V.checkPath(stmt.path.value))) rewrite.path = stmt.path.value;
        if (stmt.host && fr.value(stmt.host, V.checkHost(stmt.host.value))) rewrite.host = stmt.host.value;
        settings.rewrite = rewrite;
        return;
      }
      case 'Headers': {
        const ops = readHeaderOps(fr, stmt);
        if (stmt.direction === 'request') settings.requestHeaders = ops;
        else settings.responseHeaders = ops;
        return;
      }
      case 'Settings':
        if (stmt.block === 'cors') settings.cors = readCors(fr, stmt);
        return;
      default:
        return;
    }
  };
  // A rule body is walked here (placement and duplicates); a declaration's body was walked by
  // the declaration's checker, which passes its statements as defaults.
  if (source === 'rule') walkBlock(fr, stmts, 'rule', apply);
  else for (const stmt of stmts) apply(stmt);
  return settings;
}

function readRetries(fr: FileReporter, stmt: A.RetriesStmt): M.Retries | undefined {
  const loc = fr.loc(stmt.range);
  if (stmt.off) return { attempts: 0, retryOn: [], loc };
  if (!stmt.attempts) return undefined;
  const attempts = stmt.attempts.value;
  if (!Number.isInteger(attempts)) return undefined;
  if (attempts === 0) {
    if (stmt.perTry) fr.report('M4014', stmt.perTry.range, { option: 'per-try' });
    if (stmt.on.length > 0) fr.report('M4014', stmt.on[0]!.range, { option: 'on' });
    return { attempts: 0, retryOn: [], loc };
  }
  const retries: M.Retries = { attempts, retryOn: [], loc };
  if (stmt.perTry) {
    const parsed = V.parseDuration(stmt.perTry.raw);
    if (parsed.error) fr.value(stmt.perTry, parsed.error);
    else retries.perTryTimeoutMs = parsed.value;
  }
  for (const condition of stmt.on) {
    if (condition.kind === 'Num') {
      if (fr.value(condition, V.checkStatus(condition.value, 'response'))) retries.retryOn.push(String(condition.value));
      continue;
    }
    const text = condition.kind === 'Ident' ? condition.text : condition.raw;
    if (fr.value(condition, V.checkEnum(text, retryOnConditions, 'retry condition'))) retries.retryOn.push(text);
  }
  return retries;
}

function readFault(fr: FileReporter, stmt: A.FaultStmt): M.Fault | undefined {
  if (!stmt.delay && !stmt.abort) {
    fr.report('M4007', stmt.keyword, { keyword: 'fault', needs: 'a `delay 5s [10%]`, an `abort 503 [10%]`, or both' });
    return undefined;
  }
  const fault: M.Fault = { loc: fr.loc(stmt.range) };
  if (stmt.delay?.duration) {
    const parsed = V.parseDuration(stmt.delay.duration.raw);
    const percent = stmt.delay.percent;
    if (parsed.error) fr.value(stmt.delay.duration, parsed.error);
    else if (!percent || fr.value(percent, V.checkPercent(percent.value))) {
      fault.delay = { ms: parsed.value, percent: percent?.value ?? 100 };
    }
  }
  if (stmt.abort?.status) {
    const percent = stmt.abort.percent;
    if (fr.value(stmt.abort.status, V.checkStatus(stmt.abort.status.value, 'abort')) && (!percent || fr.value(percent, V.checkPercent(percent.value)))) {
      fault.abort = { status: stmt.abort.status.value, percent: percent?.value ?? 100 };
    }
  }
  return fault.delay || fault.abort ? fault : undefined;
}

function readHeaderOps(fr: FileReporter, stmt: A.HeadersStmt): M.HeaderOps {
  const ops: M.HeaderOps = { set: [], add: [], remove: [], loc: fr.loc(stmt.range) };
  walkBlock(fr, stmt.body, 'headers', (inner) => {
    if (inner.kind === 'HeaderSet') {
      const name = nameOf(inner.name);
      if (name === undefined || !inner.name || !inner.value) return;
      if (!fr.value(inner.name, V.checkHeaderName(name))) return;
      ops[inner.op].push([name, inner.value.value]);
    } else if (inner.kind === 'HeaderRemove') {
      for (const n of inner.names) {
        const name = nameOf(n)!;
        if (fr.value(n, V.checkHeaderName(name))) ops.remove.push(name);
      }
    }
  });
  return ops;
}

function readCors(fr: FileReporter, stmt: A.SettingsStmt): M.Cors {
  const s = readSettings(fr, stmt);
  const strings = (key: string) => (s.get(key)?.values ?? []) as string[];
  const origins = [
    ...strings('origins').map((value) => ({ op: 'exact' as const, value })),
    ...strings('origin-regexes').map((value) => ({ op: 'regex' as const, value })),
  ];
  return withoutUndefined({
    origins,
    methods: strings('methods'),
    allowHeaders: strings('allow-headers'),
    exposeHeaders: strings('expose-headers'),
    maxAgeMs: s.get('max-age')?.values[0] as number | undefined,
    credentials: s.get('credentials')?.values[0] as boolean | undefined,
    loc: fr.loc(stmt.range),
  });
}
