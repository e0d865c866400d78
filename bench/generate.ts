/**
 * Benchmark input: a deterministic generator of realistic meshc projects.
 *
 * `generateProject(n, seed)` returns the files of a mesh with `n` services, laid out the way a
 * platform team would keep them: `mesh.mesh` with the mesh block and the public gateway, and one
 * `services/<namespace>-NN.mesh` per 50 services of a namespace. Services form a layered call
 * graph (edge → api → core → data), so that `allow from …` rules name callers that exist and
 * make sense; routes, splits, retries, faults, mirrors and traffic policy are drawn from the
 * mixes a real mesh has (mostly HTTP, some gRPC, a few TCP data stores).
 *
 * **Invariant:** the output depends only on `(n, seed)`: a seeded PRNG, never `Math.random`,
 * never the clock. Every name used (versions, route targets, callers, namespaces) is declared,
 * and every weighted split totals 100%; `bench/generate.test.ts` checks both.
 *
 * CLI: `node --import tsx bench/generate.ts N OUTDIR [SEED]` writes the files under OUTDIR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GeneratedFile {
  path: string;
  text: string;
}

/** Services per file; a namespace with more services is split over several files. */
export const SERVICES_PER_FILE = 50;

// ---- Random numbers --------------------------------------------------------------------------------

/** mulberry32: small, fast, and good enough to pick words; identical on every platform. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `items`, drawn with the given relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Up to `k` distinct items of `items`, in a random order; `exclude` is never picked. */
  sample<T>(items: readonly T[], k: number, exclude?: T): T[] {
    const out: T[] = [];
    const available = items.length - (exclude !== undefined && items.includes(exclude) ? 1 : 0);
    // NOTE: rejection sampling, because `k` is tiny and the pools hold thousands of services.
    while (out.length < Math.min(k, available)) {
      const item = items[Math.floor(this.next() * items.length)]!;
      if (item !== exclude && !out.includes(item)) out.push(item);
    }
    return out;
  }
}

// ---- Vocabulary ------------------------------------------------------------------------------------

/** Namespaces in the order they are taken, each with the business words its services are named after. */
const NAMESPACES: readonly (readonly [string, readonly string[]])[] = [
  ['storefront', ['shop', 'search', 'cart', 'checkout', 'product', 'review', 'recommend', 'wishlist', 'promo']],
  ['payments', ['payment', 'billing', 'invoice', 'ledger', 'refund', 'wallet', 'tax', 'fraud', 'payout']],
  ['identity', ['auth', 'account', 'profile', 'session', 'token', 'consent', 'directory', 'mfa']],
  ['orders', ['order', 'fulfilment', 'returns', 'quote', 'subscription', 'pricing', 'stock', 'reservation']],
  ['logistics', ['shipping', 'tracking', 'warehouse', 'carrier', 'routing', 'label', 'pickup', 'customs']],
  ['catalog', ['catalog', 'media', 'taxonomy', 'inventory', 'seller', 'offer', 'feed', 'translation']],
  ['messaging', ['notification', 'email', 'sms', 'push', 'webhook', 'chat', 'template', 'digest']],
  ['analytics', ['events', 'metrics', 'report', 'experiment', 'audit', 'export', 'insight', 'forecast']],
];

/** The namespace of shared platform services (monitoring scrapes everything from there). */
const PLATFORM = 'platform';
const PLATFORM_WORDS = ['config', 'feature-flags', 'rate-limiter', 'scheduler', 'secrets', 'ids'];

type Tier = 'edge' | 'api' | 'core' | 'data';
type Protocol = 'http' | 'grpc' | 'tcp';

const ROLES: Record<Tier, readonly string[]> = {
  edge: ['web', 'bff', 'portal', 'frontend'],
  api: ['api', 'public-api', 'graphql', 'edge-api'],
  core: ['service', 'worker', 'engine', 'processor', 'indexer', 'manager', 'resolver', 'sync'],
  data: ['db', 'cache', 'queue', 'store', 'search-index'],
};

const HTTP_PORTS = [8080, 9080, 8000, 3000, 80];
const GRPC_PORTS = [9090, 50051, 8443];
const TCP_PORTS: Record<string, number> = { db: 5432, cache: 6379, queue: 9092, store: 3306, 'search-index': 9300 };

const USERS = ['alice', 'bob', 'jason', 'qa-bot', 'load-test', 'beta-tester'];
const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark'];
const REGIONS = ['eu-west', 'us-east', 'ap-south'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
/** Path prefixes: none is a prefix of another, so no rule can shadow a later one by path alone. */
const PATH_PREFIXES = ['/api/v1/', '/api/v2/', '/admin/', '/static/', '/graphql', '/internal/', '/search/', '/export/'];
const TIMEOUTS_MS = [1000, 2000, 3000, 5000, 10000];
const PER_TRY_MS = [100, 200, 250, 500, 1000, 2000, 3000];
const HTTP_RETRY_ON = ['5xx', 'reset', 'connect-failure', 'gateway-error', 'retriable-4xx'];
const GRPC_RETRY_ON = ['unavailable', 'cancelled', 'deadline-exceeded', 'resource-exhausted', 'reset'];

/** Splits that total 100%, by the number of versions in the split. */
const SPLITS: Record<number, readonly (readonly number[])[]> = {
  2: [[90, 10], [95, 5], [80, 20], [50, 50], [99, 1], [75, 25]],
  3: [[80, 15, 5], [70, 20, 10], [60, 30, 10], [90, 5, 5], [34, 33, 33]],
  4: [[70, 10, 10, 10], [40, 30, 20, 10], [25, 25, 25, 25], [85, 5, 5, 5]],
};
/** Methods that are not idempotent: their rules retry only failures before the request was sent. */
const UNSAFE_METHODS = new Set(['POST', 'PATCH']);
const UNSAFE_RETRY_ON = ['connect-failure', 'refused-stream'];

// ---- The model -------------------------------------------------------------------------------------

interface Port {
  number: number;
  protocol: Protocol;
}

interface Service {
  name: string;
  namespace: string;
  tier: Tier;
  role: string;
  word: string;
  ports: Port[];
  /** Names from `versions a, b`. */
  plainVersions: string[];
  /** Names declared with `version NAME { labels {…} }`. */
  blockVersions: string[];
  account?: string;
}

function allVersions(s: Service): string[] {
  return [...s.plainVersions, ...s.blockVersions];
}

function primary(s: Service): Port {
  return s.ports[0]!;
}

/** How many of the first namespaces a project of `n` services uses, besides `platform`. */
function namespaceCount(n: number): number {
  return Math.min(NAMESPACES.length, Math.max(2, Math.ceil(n / 60)));
}

function buildServices(n: number, rng: Rng): { namespaces: string[]; services: Service[] } {
  const domains = NAMESPACES.slice(0, namespaceCount(n));
  const namespaces = [...domains.map(([ns]) => ns), PLATFORM];
  const taken = new Map<string, number>();
  const unique = (base: string): string => {
    const count = (taken.get(base) ?? 0) + 1;
    taken.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  };

  const services: Service[] = [];
  for (let i = 0; i < n; i++) {
    // The first services are one edge and one api service, so that even tiny projects have a
    // public entry point and a call graph.
    const tier: Tier =
      i === 0 ? 'edge' : i === 1 ? 'api' : rng.weighted<Tier>([['edge', 8], ['api', 30], ['core', 45], ['data', 17]]);
    const isPlatform = tier === 'core' && rng.chance(0.08);
    const [namespace, words] = isPlatform ? [PLATFORM, PLATFORM_WORDS] : rng.pick(domains);
    const word = rng.pick(words);
    const role = rng.pick(ROLES[tier]);
    const name = unique(`${word}-${role}`);
    services.push({
      name,
      namespace,
      tier,
      role,
      word,
      ports: ports(tier, role, rng),
      ...versions(tier, rng),
      ...(rng.chance(0.4) ? { account: `${name}-sa` } : {}),
    });
  }
  return { namespaces, services };
}

function ports(tier: Tier, role: string, rng: Rng): Port[] {
  let protocol: Protocol;
  if (tier === 'edge') protocol = 'http';
  else if (tier === 'data') protocol = rng.chance(0.75) ? 'tcp' : 'http';
  else protocol = rng.weighted<Protocol>([['http', tier === 'api' ? 80 : 60], ['grpc', tier === 'api' ? 20 : 38], ['tcp', 2]]);
  const first: Port = {
    protocol,
    number: protocol === 'http' ? rng.pick(HTTP_PORTS) : protocol === 'grpc' ? rng.pick(GRPC_PORTS) : (TCP_PORTS[role] ?? 7000),
  };
  const result = [first];
  const extra = rng.weighted([[0, 60], [1, 30], [2, 10]]);
  // Extra ports: a metrics or admin endpoint, a gRPC side door, a raw TCP port.
  const candidates = ([
    { number: 9102, protocol: 'http' },
    { number: 15000, protocol: 'http' },
    { number: 9095, protocol: 'grpc' },
    { number: 7946, protocol: 'tcp' },
  ] satisfies Port[]).filter((p) => p.number !== first.number);
  result.push(...rng.sample(candidates, extra));
  return result;
}

function versions(tier: Tier, rng: Rng): { plainVersions: string[]; blockVersions: string[] } {
  const count = tier === 'data' ? rng.weighted([[1, 80], [2, 20]]) : rng.weighted([[1, 30], [2, 40], [3, 20], [4, 10]]);
  // A canary declared as a block with its own labels, beside the plain versions.
  if (count >= 2 && rng.chance(0.3)) {
    const plain = Array.from({ length: count - 1 }, (_, i) => `v${i + 1}`);
    return { plainVersions: plain, blockVersions: ['canary'] };
  }
  return { plainVersions: Array.from({ length: count }, (_, i) => `v${i + 1}`), blockVersions: [] };
}

/** Callers of each service: one to three services of the tier above, as in a layered system. */
function buildCallers(services: Service[], rng: Rng): Map<Service, Service[]> {
  const byTier: Record<Tier, Service[]> = { edge: [], api: [], core: [], data: [] };
  for (const s of services) byTier[s.tier].push(s);
  const above: Record<Tier, Tier[]> = { edge: [], api: ['edge'], core: ['api', 'core'], data: ['core', 'api'] };
  const pools: Record<Tier, Service[]> = { edge: [], api: [], core: [], data: [] };
  for (const tier of Object.keys(pools) as Tier[]) pools[tier] = above[tier].flatMap((t) => byTier[t]);
  const callers = new Map<Service, Service[]>();
  for (const s of services) callers.set(s, rng.sample(pools[s.tier], rng.int(1, 3), s));
  return callers;
}

// ---- Printing --------------------------------------------------------------------------------------

function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** One line of a split: `v1 90%, v2 10%`, or just `v1`. */
function split(targets: string[], rng: Rng): string {
  if (targets.length === 1) return targets[0]!;
  const weights = rng.pick(SPLITS[targets.length]!);
  return targets.map((t, i) => `${t} ${weights[i]}%`).join(', ');
}

interface Condition {
  text: string;
  /** The method the rule is limited to, if any. */
  method?: string;
}

/**
 * The `when …` condition of an HTTP or gRPC rule. `used` holds a key per header value, path prefix
 * or query value already matched by an earlier rule of the route; a condition that reuses one is
 * not taken, so that no rule is shadowed by an earlier one (`path prefix "/a"` before
 * `path prefix "/a" and method GET`), which the analyses would rightly report.
 */
function condition(protocol: Protocol, kind: string, used: Set<string>, rng: Rng): Condition | undefined {
  if (protocol === 'grpc' && (kind === 'path' || kind === 'query')) return undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    let result: Condition;
    let keys: string[];
    switch (kind) {
      case 'user': {
        const user = rng.pick(USERS);
        [result, keys] = [{ text: `header end-user == "${user}"` }, [`user:${user}`]];
        break;
      }
      case 'tenant': {
        const tenants = rng.sample(TENANTS, rng.chance(0.3) ? 2 : 1);
        result = { text: tenants.map((t) => `header x-tenant == "${t}"`).join(' or ') };
        keys = tenants.map((t) => `tenant:${t}`);
        break;
      }
      case 'region': {
        const region = rng.pick(REGIONS);
        [result, keys] = [{ text: `header x-region prefix "${region}"` }, [`region:${region}`]];
        break;
      }
      case 'canary':
        result = { text: rng.chance(0.5) ? 'header x-canary present' : 'header x-canary == "true"' };
        keys = ['canary'];
        break;
      case 'path': {
        const prefix = rng.pick(PATH_PREFIXES);
        const method = rng.chance(0.6) ? rng.pick(METHODS) : undefined;
        result = method ? { text: `path prefix "${prefix}" and method ${method}`, method } : { text: `path prefix "${prefix}"` };
        keys = [`path:${prefix}`];
        break;
      }
      case 'query': {
        const value = rng.pick(['1', 'true', 'trace']);
        [result, keys] = [{ text: `query debug == "${value}"` }, [`query:${value}`]];
        break;
      }
      default: {
        const chaos = rng.pick(['delay', 'abort', 'latency']);
        [result, keys] = [{ text: `header x-chaos == "${chaos}"` }, [`chaos:${chaos}`]];
      }
    }
    if (keys.every((k) => !used.has(k))) {
      for (const k of keys) used.add(k);
      return result;
    }
  }
  return undefined;
}

/**
 * The `{ … }` of a rule: a timeout with retries whose every try fits in it, as a careful operator
 * sets them; retries of non-idempotent methods only on failures before the request was sent;
 * sometimes headers or a rewrite.
 */
function ruleSettings(protocol: Protocol, rng: Rng, options: { pathRule: boolean; method?: string }): string[] {
  const lines: string[] = [];
  if (rng.chance(0.55)) {
    const timeout = rng.pick(TIMEOUTS_MS);
    lines.push(`timeout ${duration(timeout)}`);
    if (rng.chance(0.8)) {
      const attempts = rng.int(1, 3);
      // The first try and every retry, each up to `per-try`, within the timeout.
      const perTry = rng.pick(PER_TRY_MS.filter((ms) => ms * (attempts + 1) <= timeout));
      const conditions =
        options.method && UNSAFE_METHODS.has(options.method) ? UNSAFE_RETRY_ON : protocol === 'grpc' ? GRPC_RETRY_ON : HTTP_RETRY_ON;
      const on = rng.sample(conditions, rng.int(1, 3));
      lines.push(`retries ${attempts} per-try ${duration(perTry)} on ${on.join(', ')}`);
    }
  }
  if (options.pathRule && rng.chance(0.12)) lines.push(`rewrite path "/"`);
  if (rng.chance(0.1)) {
    lines.push('request-headers {', `  set x-routed-by "meshc"`, '}');
  }
  return lines;
}

function block(head: string, body: string[], indent: string): string[] {
  if (body.length === 0) return [indent + head];
  return [`${indent}${head} {`, ...body.map((l) => `${indent}  ${l}`), `${indent}}`];
}

function routeLines(s: Service, httpServices: Service[], rng: Rng): string[] {
  const protocol = primary(s).protocol;
  const versions = allVersions(s);
  if (protocol === 'tcp') return [`route -> ${split(versions, rng)}`];
  if (versions.length === 1 && rng.chance(0.5)) {
    return block(`route -> ${versions[0]}`, ruleSettings(protocol, rng, { pathRule: false }), '');
  }

  // The stable versions share the default split; the last version, if there are three or more
  // (or a canary block), is reached by a header rule and gets mirrored traffic.
  const preview = versions.length >= 3 || s.blockVersions.length > 0 ? versions[versions.length - 1] : undefined;
  const stable = preview ? versions.filter((v) => v !== preview) : versions;
  const used = new Set<string>();
  const rules: string[] = [];
  if (preview) rules.push(`when ${condition(protocol, 'canary', used, rng)!.text} -> ${preview}`);

  const kinds = ['user', 'tenant', 'path', 'region', 'query', 'path', 'chaos'];
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    const kind = rng.pick(kinds);
    const cond = condition(protocol, kind, used, rng);
    if (!cond) continue;
    if (kind === 'chaos') {
      const fault = cond.text.includes('abort')
        ? `fault abort ${rng.pick([500, 503])} ${rng.pick([1, 5, 10])}%`
        : `fault delay ${rng.pick([2, 5, 7])}s ${rng.pick([10, 50, 100])}%`;
      rules.push(...block(`when ${cond.text} -> ${stable[0]}`, [fault], ''));
      continue;
    }
    // Now and then a path moves to another service: a strangler-fig migration.
    let target: string;
    const to = kind === 'path' && protocol === 'http' && rng.chance(0.15) ? rng.pick(httpServices) : s;
    if (to !== s) {
      target = to.ports.length > 1 ? `${to.name}:${primary(to).number}` : to.name;
    } else {
      target = split(rng.sample(stable, Math.min(stable.length, rng.int(1, 2))), rng);
    }
    const settings = ruleSettings(protocol, rng, { pathRule: kind === 'path', method: cond.method });
    rules.push(...block(`when ${cond.text} -> ${target}`, settings, ''));
  }

  const fallback = ruleSettings(protocol, rng, { pathRule: false });
  if (preview && rng.chance(0.5)) fallback.push(`mirror ${preview} ${rng.pick([1, 5, 10, 20])}%`);
  rules.push(...block(`otherwise -> ${split(stable, rng)}`, fallback, ''));
  return ['route {', ...rules.map((l) => '  ' + l), '}'];
}

function policyLines(s: Service, rng: Rng): string[] {
  const protocol = primary(s).protocol;
  const lines: string[] = [];
  if (rng.chance(0.6)) {
    lines.push(
      protocol === 'http' && rng.chance(0.2)
        ? rng.pick(['lb hash header x-user-id', 'lb hash cookie session ttl 1h'])
        : `lb ${rng.pick(['least-request', 'least-request', 'round-robin', 'random'])}`,
    );
  }
  if (rng.chance(0.5)) {
    const entries = [`max-connections ${rng.pick([50, 100, 200, 500, 1000])}`];
    if (protocol !== 'tcp' && rng.chance(0.5)) entries.push(`max-pending-requests ${rng.pick([16, 32, 64, 128])}`);
    lines.push(`pool { ${entries.join('  ')} }`);
  }
  if (rng.chance(0.5)) {
    lines.push(
      `outlier { consecutive-errors ${rng.pick([3, 5, 7, 10])}  interval ${rng.pick([5, 10, 30])}s  ejection ${rng.pick([30, 60, 120])}s }`,
    );
  }
  return lines;
}

function allowLines(s: Service, callers: Service[], rng: Rng): string[] {
  const protocol = primary(s).protocol;
  // Istio ignores methods and paths on TCP ports, so a rule with `to …` on a service that also
  // has a TCP port is kept to its HTTP and gRPC ports.
  const l7Ports = s.ports.filter((p) => p.protocol !== 'tcp').map((p) => p.number);
  const onPorts = s.ports.some((p) => p.protocol === 'tcp') ? ` on port ${l7Ports.join(', ')}` : '';
  const lines: string[] = [];
  if (s.tier === 'edge') {
    // Public services: reached through the gateway by anyone.
    lines.push(`allow to GET, POST, PUT, DELETE${onPorts}`);
  } else if (callers.length > 0) {
    const from = callers.map((c) => c.name).join(', ');
    if (protocol === 'tcp') {
      lines.push(`allow from ${from} on port ${primary(s).number}`);
    } else if (protocol === 'grpc') {
      const pkg = s.word.replace(/-/g, '');
      lines.push(`allow from ${from} to POST "/${pkg}.v1.${capitalize(pkg)}Service/*"${onPorts}`);
    } else {
      // The first caller may read and write, the others only read.
      const [writer, ...readers] = callers;
      lines.push(`allow from ${writer!.name} to GET, POST, PUT "/api/*"${onPorts}`);
      if (readers.length > 0) lines.push(`allow from ${readers.map((c) => c.name).join(', ')} to GET "/api/*"${onPorts}`);
    }
  }
  if (protocol === 'http' && rng.chance(0.3)) lines.push(`allow from namespace ${PLATFORM} to GET "/metrics"${onPorts}`);
  return lines;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function serviceText(s: Service, callers: Service[], httpServices: Service[], rng: Rng): string {
  const body: string[] = [`namespace ${s.namespace}`];
  if (s.account) body.push(`account ${s.account}`);
  for (const p of s.ports) body.push(`port ${p.number} ${p.protocol}`);
  if (rng.chance(0.15)) body.push(`labels { app: ${s.name}, team: ${s.namespace} }`);
  if (s.plainVersions.length > 0) body.push(`versions ${s.plainVersions.join(', ')}`);
  for (const v of s.blockVersions) body.push(`version ${v} {`, `  labels { version: ${v}, track: ${v} }`, '}');
  body.push(...routeLines(s, httpServices, rng));
  body.push(...policyLines(s, rng));
  body.push(...allowLines(s, callers, rng));
  const comment = `# ${s.name}: ${s.tier} tier, owned by the ${s.namespace} team.`;
  return [comment, `service ${s.name} {`, ...body.map((l) => '  ' + l), '}'].join('\n');
}

function meshText(namespaces: string[], services: Service[]): string {
  const host = 'shop.example.com';
  const entry = services.filter((s) => s.tier === 'edge' && primary(s).protocol === 'http').slice(0, 12);
  const rules = entry.map((s, i) => {
    const path = i === 0 ? '/' : `/${s.name}/`;
    // A gateway does not apply the service's own route, so it names the stable version.
    const target = allVersions(s).length > 1 ? `${s.name}.${allVersions(s)[0]}` : s.name;
    return `    when path prefix "${path}" -> ${target}:${primary(s).number}`;
  });
  // The catch-all `/` goes last, after the more specific prefixes.
  if (rules.length > 1) rules.push(rules.shift()!);
  const lines = [
    `# The mesh of a ${services.length}-service shop, generated by bench/generate.ts (seeded).`,
    '',
    'mesh {',
    '  namespace default',
    `  namespaces ${namespaces.join(', ')}`,
    '  mtls strict',
    '}',
    '',
    'gateway public {',
    '  selector { istio: ingressgateway }',
    `  listen 80 http hosts "${host}" redirect-https`,
    `  listen 443 https hosts "${host}" tls simple secret "shop-example-com-tls"`,
    '  route {',
    ...rules,
    '  }',
    '}',
    '',
  ];
  return lines.join('\n');
}

// ---- Entry points ----------------------------------------------------------------------------------

/** The files of a meshc project with `n` services; the same `(n, seed)` gives the same bytes. */
export function generateProject(n: number, seed = 1): GeneratedFile[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`generateProject: n must be a positive integer, got ${n}`);
  const rng = new Rng(seed);
  const { namespaces, services } = buildServices(n, rng);
  const callers = buildCallers(services, rng);

  const files: GeneratedFile[] = [{ path: 'mesh.mesh', text: meshText(namespaces, services) }];
  const httpServices = services.filter((s) => primary(s).protocol === 'http');
  for (const ns of namespaces) {
    const members = services.filter((s) => s.namespace === ns);
    for (let i = 0; i < members.length; i += SERVICES_PER_FILE) {
      const chunk = members.slice(i, i + SERVICES_PER_FILE);
      const texts = chunk.map((s) => serviceText(s, callers.get(s)!, httpServices, rng));
      const index = String(i / SERVICES_PER_FILE + 1).padStart(2, '0');
      files.push({ path: `services/${ns}-${index}.mesh`, text: `# Services of the ${ns} namespace.\n\n${texts.join('\n\n')}\n` });
    }
  }
  return files;
}

function main(argv: string[]): number {
  const [nText, outDir, seedText] = argv;
  const n = Number(nText);
  const seed = seedText === undefined ? 1 : Number(seedText);
  if (!outDir || !Number.isInteger(n) || n < 1 || !Number.isInteger(seed)) {
    process.stderr.write('usage: node --import tsx bench/generate.ts N OUTDIR [SEED]\n');
    return 2;
  }
  let bytes = 0;
  const files = generateProject(n, seed);
  for (const file of files) {
    const target = path.join(outDir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.text);
    bytes += Buffer.byteLength(file.text);
  }
  process.stdout.write(`wrote ${files.length} files, ${n} services, ${(bytes / 1024).toFixed(0)} KiB to ${outDir}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
