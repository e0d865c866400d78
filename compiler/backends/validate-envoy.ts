/**
 * The run-time validation gate for Envoy v3 configuration: nothing is written unless every
 * resource passes it.
 *
 * Each resource is checked in its proto3 JSON form (the form meshc writes, and the form Envoy and
 * xDS clients read) against Envoy's own API: the message and enum types of the `.proto` files that
 * ship in `@grpc/grpc-js-xds`, with their protoc-gen-validate rules, tabled at build time by
 * `scripts/gen-envoy-types.mjs`. protobufjs's `fromObject` is not a proto3 JSON reader (it accepts
 * neither `"1.5s"` durations nor bare wrappers nor `@type` inside `Any`), so the gate is a walker:
 * 1. unknown fields, a field under both its names, two members of one oneof, wrong JSON types,
 *    integers out of range, unknown enum names, bad `Duration`s, `Any`s whose `@type` is not a known
 *    type (their payloads are walked like any message);
 * 2. protoc-gen-validate rules, applied to absent scalars as to their default value as PGV does;
 * 3. what Envoy checks only when it loads a configuration: the router is the last HTTP filter, a
 *    terminal network filter is last, names of listeners and clusters are unique, virtual host
 *    names and domains are unique in a route configuration, and a Bootstrap without CDS names only
 *    clusters it defines.
 * Deprecated fields are rejected too: meshc has no reason to write one.
 *
 * A failure here is a bug in meshc, not in the user's program: the compile stops with an internal
 * error and writes nothing.
 */
import table from '../../generated/envoy-types.json' with { type: 'json' };
import { ValidationGateError } from './validate-k8s.ts';

interface FieldSpec {
  t: string;
  j?: string;
  r?: 1;
  k?: string;
  o?: string;
  v?: Rules;
  d?: 1;
  x?: 1;
}
interface MessageSpec {
  f: Record<string, FieldSpec>;
  o?: Record<string, 0 | 1>;
}
type Rules = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const messages = (table as unknown as { messages: Record<string, MessageSpec> }).messages;
const enums = (table as unknown as { enums: Record<string, Record<string, number>> }).enums;

/** A message's fields by both their names, computed once per type. */
interface Lookup {
  byName: Map<string, [string, FieldSpec]>;
  spec: MessageSpec;
  /** The fields whose rules apply even when they are absent (not in a oneof, with rules). */
  absent: [string, FieldSpec][];
}
const lookups = new Map<string, Lookup>();
function lookup(type: string): Lookup | undefined {
  let l = lookups.get(type);
  if (l) return l;
  const spec = messages[type];
  if (!spec) return undefined;
  const byName = new Map<string, [string, FieldSpec]>();
  for (const [name, f] of Object.entries(spec.f)) {
    byName.set(name, [name, f]);
    if (f.j) byName.set(f.j, [name, f]);
  }
  l = { byName, spec, absent: Object.entries(spec.f).filter(([, f]) => f.v !== undefined && f.o === undefined) };
  lookups.set(type, l);
  return l;
}

const enumNumberSets = new Map<string, Set<number>>();
function enumNumbers(type: string): Set<number> {
  let s = enumNumberSets.get(type);
  if (!s) {
    s = new Set(Object.values(enums[type] ?? {}));
    enumNumberSets.set(type, s);
  }
  return s;
}

const TYPE_PREFIX = 'type.googleapis.com/';
const WRAPPERS: Record<string, string> = {
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
};
const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sint64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sfixed64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  fixed64: [0, Number.MAX_SAFE_INTEGER],
};
/** The protoc-gen-validate rule kind of each scalar type. */
const RULE_KIND: Record<string, string> = {
  double: 'double', float: 'float', int32: 'int32', int64: 'int64', uint32: 'uint32', uint64: 'uint64',
  sint32: 'sint32', sint64: 'sint64', fixed32: 'fixed32', fixed64: 'fixed64', sfixed32: 'sfixed32',
  sfixed64: 'sfixed64', bool: 'bool', string: 'string', bytes: 'bytes',
};
const HEADER_NAME = /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/;
// eslint-disable-next-line no-control-regex
const HEADER_VALUE = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
// eslint-disable-next-line no-control-regex
const HEADER_LOOSE = /^[^\u0000\u000A\u000D]*$/;
const DURATION = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/;

/**
 * Where a value is, built only as a chain of keys while walking (most resources are valid, and
 * rendering a path for every field would cost more than the checks) and rendered on failure.
 */
type Path = { up: Path; key: string | number } | undefined;

function render(path: Path | string): string {
  if (typeof path === 'string') return path;
  const keys: (string | number)[] = [];
  for (let p = path; p; p = p.up) keys.push(p.key);
  let out = '';
  for (const key of keys.reverse()) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

function join(path: Path, key: string | number): Path {
  return { up: path, key };
}

/**
 * Objects already found valid, with their type: a backend puts one object in several places (a
 * sidecar's inbound listener is in its Bootstrap and in its xDS list), and it is checked once.
 * Builders never change an object once built.
 */
const valid = new WeakMap<object, string>();

class Walker {
  readonly problems: string[] = [];

  fail(path: Path | string, text: string): void {
    this.problems.push(`${render(path) || '<root>'}: ${text}`);
  }

  message(type: string, value: unknown, path: Path): void {
    if (WRAPPERS[type] !== undefined) {
      this.scalar(WRAPPERS[type], value, path);
      return;
    }
    switch (type) {
      case 'google.protobuf.Duration':
        if (typeof value !== 'string' || !DURATION.test(value)) this.fail(path, `expected a duration such as "1.5s", got ${show(value)}`);
        return;
      case 'google.protobuf.Timestamp':
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) this.fail(path, `expected an RFC 3339 timestamp, got ${show(value)}`);
        return;
      case 'google.protobuf.Struct':
        if (!isObject(value)) this.fail(path, `expected an object, got ${show(value)}`);
        return;
      case 'google.protobuf.ListValue':
        if (!Array.isArray(value)) this.fail(path, `expected an array, got ${show(value)}`);
        return;
      case 'google.protobuf.Value':
        return;
      case 'google.protobuf.Empty':
        if (!isObject(value) || Object.keys(value).length > 0) this.fail(path, `expected {}, got ${show(value)}`);
        return;
      case 'google.protobuf.Any':
        this.any(value, path);
        return;
    }
    const l = lookup(type);
    if (!l) {
      this.fail(path, `no such message type ${type}`);
      return;
    }
    if (!isObject(value)) {
      this.fail(path, `expected a ${short(type)} object, got ${show(value)}`);
      return;
    }
    if (valid.get(value) === type) return;
    const before = this.problems.length;
    this.fields(l, type, value, path, false);
    if (this.problems.length === before) valid.set(value, type);
  }

  /** `isAny`: the object is an `Any`, whose `@type` sits beside the payload's fields. */
  private fields(l: Lookup, type: string, value: Record<string, unknown>, path: Path, isAny: boolean): void {
    // Allocation-free in the common case: this runs for every message of every resource.
    let oneofs: Map<string, string> | undefined;
    for (const key in value) {
      if (isAny && key === '@type') continue;
      const inner = value[key];
      const hit = l.byName.get(key);
      if (!hit) {
        this.fail(join(path, key), `unknown field of ${short(type)}`);
        continue;
      }
      const [name, f] = hit;
      if (f.j !== undefined && key === f.j && value[name] !== undefined) this.fail(join(path, key), `field ${name} given under both its names`);
      if (f.d) this.fail(join(path, key), 'deprecated field');
      if (f.x) this.fail(join(path, key), 'field disallowed by default');
      if (f.o) {
        oneofs ??= new Map();
        const other = oneofs.get(f.o);
        if (other !== undefined) this.fail(join(path, key), `${name} and ${other} are members of one oneof (${f.o})`);
        oneofs.set(f.o, name);
      }
      if (inner === null || inner === undefined) continue;
      this.field(f, inner, join(path, key));
    }
    // Rules on absent fields: PGV applies scalar rules to the default value, and required fields.
    for (const [name, f] of l.absent) {
      if (value[name] === undefined && (f.j === undefined || value[f.j] === undefined)) this.absent(f, join(path, name));
    }
    if (l.spec.o) {
      for (const oneof in l.spec.o) {
        if (l.spec.o[oneof] && !oneofs?.has(oneof)) this.fail(path, `one of the fields of ${oneof} is required`);
      }
    }
  }

  private absent(f: FieldSpec, path: Path): void {
    const v = f.v!;
    if (v.message?.required) return this.fail(path, 'value is required');
    if (f.r || f.k) {
      if (v.repeated?.min_items > 0) this.fail(path, `at least ${v.repeated.min_items} item(s) required`);
      if (v.map?.min_pairs > 0) this.fail(path, `at least ${v.map.min_pairs} pair(s) required`);
      return;
    }
    if (v.duration?.required || v.timestamp?.required || v.any?.required) return this.fail(path, 'value is required');
    if (enums[f.t]) {
      if (v.enum) this.enumRules(v.enum, 0, f.t, path);
      return;
    }
    if (messages[f.t] || f.t.startsWith('google.protobuf.')) return;
    const kind = RULE_KIND[f.t];
    if (kind && v[kind]) this.scalarRules(kind, v[kind], f.t === 'string' || f.t === 'bytes' ? '' : f.t === 'bool' ? false : 0, path);
  }

  private field(f: FieldSpec, value: unknown, path: Path): void {
    if (f.k) {
      if (!isObject(value)) return this.fail(path, `expected a map object, got ${show(value)}`);
      const entries = Object.entries(value);
      const m = f.v?.map;
      if (m?.min_pairs !== undefined && entries.length < m.min_pairs) this.fail(path, `at least ${m.min_pairs} pair(s) required`);
      if (m?.max_pairs !== undefined && entries.length > m.max_pairs) this.fail(path, `at most ${m.max_pairs} pair(s) allowed`);
      for (const [k, inner] of entries) {
        const at = join(path, k);
        if (f.k !== 'string') {
          if (f.k === 'bool' ? k !== 'true' && k !== 'false' : !/^-?\d+$/.test(k)) this.fail(at, `map key ${k} is not a ${f.k}`);
        } else if (m?.keys) this.rules(m.keys, 'string', k, at);
        this.single(f.t, inner, at, m?.values);
      }
      return;
    }
    if (f.r) {
      if (!Array.isArray(value)) return this.fail(path, `expected an array, got ${show(value)}`);
      const r = f.v?.repeated;
      if (r?.min_items !== undefined && value.length < r.min_items) this.fail(path, `at least ${r.min_items} item(s) required`);
      if (r?.max_items !== undefined && value.length > r.max_items) this.fail(path, `at most ${r.max_items} item(s) allowed`);
      if (r?.unique) {
        const keys = value.map((x) => JSON.stringify(x));
        if (new Set(keys).size !== keys.length) this.fail(path, 'items must be unique');
      }
      value.forEach((inner, i) => this.single(f.t, inner, join(path, i), r?.items));
      return;
    }
    this.single(f.t, value, path, f.v);
  }

  private single(type: string, value: unknown, path: Path, rules: Rules | undefined): void {
    if (enums[type]) {
      const values = enums[type]!;
      let number: number | undefined;
      if (typeof value === 'string') {
        number = values[value];
        if (number === undefined) return this.fail(path, `unknown ${short(type)} value ${JSON.stringify(value)}`);
      } else if (typeof value === 'number' && Number.isInteger(value)) number = value;
      else return this.fail(path, `expected an enum name, got ${show(value)}`);
      if (rules?.enum) this.enumRules(rules.enum, number, type, path);
      return;
    }
    if (RULE_KIND[type]) {
      if (!this.scalar(type, value, path)) return;
      const kind = RULE_KIND[type]!;
      if (rules?.[kind]) this.scalarRules(kind, rules[kind], typeof value === 'string' && type !== 'string' && type !== 'bytes' ? Number(value) : value, path);
      return;
    }
    this.message(type, value, path);
    if (!rules) return;
    if (WRAPPERS[type] !== undefined && value !== null) {
      const kind = RULE_KIND[WRAPPERS[type]!]!;
      if (rules[kind]) this.scalarRules(kind, rules[kind], typeof value === 'string' && kind !== 'string' && kind !== 'bytes' ? Number(value) : value, path);
    } else if (type === 'google.protobuf.Duration' && rules.duration && typeof value === 'string' && DURATION.test(value)) {
      this.durationRules(rules.duration, value, path);
    } else if (type === 'google.protobuf.Any' && rules.any && isObject(value)) {
      const name = value['@type'];
      if (rules.any.in && !rules.any.in.includes(name)) this.fail(path, `@type must be one of ${rules.any.in.join(', ')}`);
      if (rules.any.not_in?.includes(name)) this.fail(path, `@type ${String(name)} is not allowed here`);
    }
  }

  private any(value: unknown, path: Path): void {
    if (!isObject(value)) return this.fail(path, `expected an Any object with @type, got ${show(value)}`);
    const typeUrl = value['@type'];
    if (typeof typeUrl !== 'string' || !typeUrl.startsWith(TYPE_PREFIX)) return this.fail(join(path, '@type'), `expected "${TYPE_PREFIX}<message>", got ${show(typeUrl)}`);
    const type = typeUrl.slice(TYPE_PREFIX.length);
    const l = lookup(type);
    if (!l) return this.fail(join(path, '@type'), `${type} is not a type of Envoy's API that meshc may write`);
    if (valid.get(value) === type) return;
    const before = this.problems.length;
    this.fields(l, type, value, path, true);
    if (this.problems.length === before) valid.set(value, type);
  }

  /** Checks the JSON type of a scalar; true when it is right. */
  private scalar(type: string, value: unknown, path: Path): boolean {
    switch (type) {
      case 'string':
        if (typeof value === 'string') return true;
        break;
      case 'bytes':
        if (typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) return true;
        break;
      case 'bool':
        if (typeof value === 'boolean') return true;
        break;
      case 'double':
      case 'float':
        if (typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity') return true;
        break;
      default: {
        const range = INT_RANGES[type];
        if (!range) break;
        const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
        if (typeof n === 'number' && Number.isInteger(n)) {
          if (n < range[0] || n > range[1]) {
            this.fail(path, `${n} is out of the range of ${type}`);
            return false;
          }
          return true;
        }
      }
    }
    this.fail(path, `expected a ${type}, got ${show(value)}`);
    return false;
  }

  private rules(rules: Rules, type: string, value: unknown, path: Path): void {
    const kind = RULE_KIND[type];
    if (kind && rules[kind]) this.scalarRules(kind, rules[kind], value, path);
  }

  private scalarRules(kind: string, r: Rules, value: unknown, path: Path): void {
    if (kind === 'string') return this.stringRules(r, value as string, path);
    if (kind === 'bytes') return;
    if (kind === 'bool') {
      if (r.const !== undefined && value !== r.const) this.fail(path, `must be ${r.const}`);
      return;
    }
    const n = value as number;
    if (r.ignore_empty && n === 0) return;
    if (r.const !== undefined && n !== r.const) this.fail(path, `must equal ${r.const}`);
    if (r.lt !== undefined && !(n < r.lt)) this.fail(path, `must be less than ${r.lt}, got ${n}`);
    if (r.lte !== undefined && !(n <= r.lte)) this.fail(path, `must be at most ${r.lte}, got ${n}`);
    if (r.gt !== undefined && !(n > r.gt)) this.fail(path, `must be greater than ${r.gt}, got ${n}`);
    if (r.gte !== undefined && !(n >= r.gte)) this.fail(path, `must be at least ${r.gte}, got ${n}`);
    if (r.in && !r.in.includes(n)) this.fail(path, `must be one of ${r.in.join(', ')}`);
    if (r.not_in?.includes(n)) this.fail(path, `must not be ${n}`);
  }

  private stringRules(r: Rules, s: string, path: Path): void {
    if (r.ignore_empty && s === '') return;
    const needsChars = r.len !== undefined || r.min_len !== undefined || r.max_len !== undefined;
    const chars = needsChars ? [...s].length : 0;
    const bytes = r.min_bytes !== undefined || r.max_bytes !== undefined ? Buffer.byteLength(s) : 0;
    if (r.const !== undefined && s !== r.const) this.fail(path, `must equal ${JSON.stringify(r.const)}`);
    if (r.len !== undefined && chars !== r.len) this.fail(path, `must be ${r.len} characters long`);
    if (r.min_len !== undefined && chars < r.min_len) this.fail(path, `must be at least ${r.min_len} character(s) long`);
    if (r.max_len !== undefined && chars > r.max_len) this.fail(path, `must be at most ${r.max_len} characters long`);
    if (r.min_bytes !== undefined && bytes < r.min_bytes) this.fail(path, `must be at least ${r.min_bytes} byte(s) long`);
    if (r.max_bytes !== undefined && bytes > r.max_bytes) this.fail(path, `must be at most ${r.max_bytes} bytes long`);
    if (r.pattern !== undefined && !compiled(r.pattern).test(s)) this.fail(path, `must match ${r.pattern}`);
    if (r.prefix !== undefined && !s.startsWith(r.prefix)) this.fail(path, `must start with ${JSON.stringify(r.prefix)}`);
    if (r.suffix !== undefined && !s.endsWith(r.suffix)) this.fail(path, `must end with ${JSON.stringify(r.suffix)}`);
    if (r.contains !== undefined && !s.includes(r.contains)) this.fail(path, `must contain ${JSON.stringify(r.contains)}`);
    if (r.not_contains !== undefined && s.includes(r.not_contains)) this.fail(path, `must not contain ${JSON.stringify(r.not_contains)}`);
    if (r.in && !r.in.includes(s)) this.fail(path, `must be one of ${r.in.join(', ')}`);
    if (r.not_in?.includes(s)) this.fail(path, `must not be ${JSON.stringify(s)}`);
    if (r.well_known_regex !== undefined) {
      const strict = r.strict !== false;
      const re = r.well_known_regex === 'HTTP_HEADER_NAME' || r.well_known_regex === 1 ? (strict ? HEADER_NAME : HEADER_LOOSE) : strict ? HEADER_VALUE : HEADER_LOOSE;
      if (!re.test(s) && !(s === '' && re !== HEADER_NAME)) this.fail(path, `${JSON.stringify(s)} is not a valid ${r.well_known_regex === 'HTTP_HEADER_NAME' || r.well_known_regex === 1 ? 'header name' : 'header value'}`);
    }
    if (r.address && !/^[0-9A-Za-z.:\-_[\]%]+$/.test(s)) this.fail(path, `${JSON.stringify(s)} is not an address`);
    if ((r.ip || r.ipv4 || r.ipv6) && !/^[0-9A-Fa-f.:]+$/.test(s)) this.fail(path, `${JSON.stringify(s)} is not an IP address`);
    if (r.hostname && !/^[0-9A-Za-z.-]+$/.test(s)) this.fail(path, `${JSON.stringify(s)} is not a host name`);
    if (r.uri && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) this.fail(path, `${JSON.stringify(s)} is not an absolute URI`);
  }

  private enumRules(r: Rules, n: number, type: string, path: Path): void {
    if (r.defined_only && !enumNumbers(type).has(n)) this.fail(path, `${n} is not a value of ${short(type)}`);
    if (r.const !== undefined && n !== r.const) this.fail(path, `must be ${r.const}`);
    if (r.in && !r.in.includes(n)) this.fail(path, `must be one of ${r.in.join(', ')}`);
    if (r.not_in?.includes(n)) this.fail(path, `value ${n} is not allowed`);
  }

  private durationRules(r: Rules, text: string, path: Path): void {
    const ns = durationNanos(text);
    const bound = (d: { seconds?: number; nanos?: number } | undefined) => (d === undefined ? undefined : (d.seconds ?? 0) * 1e9 + (d.nanos ?? 0));
    const lt = bound(r.lt);
    const lte = bound(r.lte);
    const gt = bound(r.gt);
    const gte = bound(r.gte);
    if (lt !== undefined && !(ns < lt)) this.fail(path, `must be less than ${lt / 1e9}s`);
    if (lte !== undefined && !(ns <= lte)) this.fail(path, `must be at most ${lte / 1e9}s`);
    if (gt !== undefined && !(ns > gt)) this.fail(path, `must be more than ${gt / 1e9}s`);
    if (gte !== undefined && !(ns >= gte)) this.fail(path, `must be at least ${gte / 1e9}s`);
  }
}

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    // RE2 and JavaScript agree on the patterns Envoy's API uses (character classes, anchors).
    re = new RegExp(pattern.replace(/\(\?i\)/g, ''), pattern.includes('(?i)') ? 'iu' : 'u');
    patterns.set(pattern, re);
  }
  return re;
}

function durationNanos(text: string): number {
  const m = DURATION.exec(text)!;
  const nanos = Number(m[2]) * 1e9 + Number((m[3] ?? '').padEnd(9, '0'));
  return m[1] ? -nanos : nanos;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function short(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ---- Load-time checks ---------------------------------------------------------------------------

const HCM = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const ROUTER = 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router';
const TERMINAL = new Set([HCM, 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy']);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function unique(items: Json[] | undefined, key: string, path: string, walker: Walker): void {
  const seen = new Set<string>();
  (items ?? []).forEach((item, i) => {
    const name = item[key];
    if (seen.has(name)) walker.fail(`${path}[${i}].${key}`, `duplicate name ${JSON.stringify(name)}`);
    seen.add(name);
  });
}

function checkRouteConfiguration(rc: Json, path: string, walker: Walker, clusters?: Set<string>): void {
  unique(rc.virtual_hosts, 'name', `${path}.virtual_hosts`, walker);
  const domains = new Set<string>();
  (rc.virtual_hosts ?? []).forEach((vh: Json, i: number) => {
    for (const d of vh.domains ?? []) {
      if (domains.has(d)) walker.fail(`${path}.virtual_hosts[${i}].domains`, `domain ${JSON.stringify(d)} is in two virtual hosts`);
      domains.add(d);
    }
    if (!clusters) return;
    (vh.routes ?? []).forEach((r: Json, j: number) => {
      const names = [r.route?.cluster, ...(r.route?.weighted_clusters?.clusters ?? []).map((c: Json) => c.name), ...(r.route?.request_mirror_policies ?? []).map((m: Json) => m.cluster)];
      for (const n of names) {
        if (n !== undefined && !clusters.has(n)) walker.fail(`${path}.virtual_hosts[${i}].routes[${j}]`, `cluster ${JSON.stringify(n)} is not defined`);
      }
    });
  });
}

function checkListener(listener: Json, path: string, walker: Walker, clusters?: Set<string>): void {
  const chains = [...(listener.filter_chains ?? []), ...(listener.default_filter_chain ? [listener.default_filter_chain] : [])];
  chains.forEach((chain: Json, i: number) => {
    const filters: Json[] = chain.filters ?? [];
    filters.forEach((f, j) => {
      const at = `${path}.filter_chains[${i}].filters[${j}]`;
      const type = f.typed_config?.['@type'];
      if (TERMINAL.has(type) && j !== filters.length - 1) walker.fail(at, `terminal filter ${f.name} must be last`);
      if (j === filters.length - 1 && !TERMINAL.has(type)) walker.fail(at, 'the last network filter must be a terminal filter');
      if (type === HCM) {
        const http: Json[] = f.typed_config.http_filters ?? [];
        if (http.length === 0 || http[http.length - 1]!.typed_config?.['@type'] !== ROUTER) walker.fail(`${at}.typed_config.http_filters`, 'the router must be the last HTTP filter');
        http.slice(0, -1).forEach((h, k) => {
          if (h.typed_config?.['@type'] === ROUTER) walker.fail(`${at}.typed_config.http_filters[${k}]`, 'the router must be the last HTTP filter');
        });
        if (f.typed_config.route_config) checkRouteConfiguration(f.typed_config.route_config, `${at}.typed_config.route_config`, walker, clusters);
      }
      if (clusters && type !== HCM && typeof f.typed_config?.cluster === 'string' && !clusters.has(f.typed_config.cluster)) {
        walker.fail(at, `cluster ${JSON.stringify(f.typed_config.cluster)} is not defined`);
      }
    });
  });
}

// ---- Entry points -------------------------------------------------------------------------------

export const TYPE_URLS = {
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  route: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  endpoint: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
} as const;

/** The problems of one Envoy message of type `type` (a full name), in proto3 JSON form. */
export function validateEnvoyMessage(type: string, value: unknown): string[] {
  const walker = new Walker();
  walker.message(type, value, undefined);
  return walker.problems;
}

/** The problems of a Bootstrap, including Envoy's load-time checks. */
export function validateBootstrap(bootstrap: Json): string[] {
  const walker = new Walker();
  walker.message('envoy.config.bootstrap.v3.Bootstrap', bootstrap, undefined);
  const s = bootstrap.static_resources ?? {};
  unique(s.listeners, 'name', 'static_resources.listeners', walker);
  unique(s.clusters, 'name', 'static_resources.clusters', walker);
  const hasCds = bootstrap.dynamic_resources?.cds_config !== undefined;
  const clusters = hasCds ? undefined : new Set<string>((s.clusters ?? []).map((c: Json) => c.name));
  (s.listeners ?? []).forEach((l: Json, i: number) => checkListener(l, `static_resources.listeners[${i}]`, walker, clusters));
  return walker.problems;
}

/** The problems of a DiscoveryResponse-shaped list of resources of one type. */
export function validateDiscoveryResponse(response: { type_url: string; resources: Json[] }): string[] {
  const walker = new Walker();
  const type = response.type_url.slice(TYPE_PREFIX.length);
  response.resources.forEach((r, i) => {
    const at = `resources[${i}]`;
    if (r['@type'] !== response.type_url) walker.fail(at, `@type must be ${response.type_url}`);
    walker.message('google.protobuf.Any', r, join(join(undefined, 'resources'), i));
    if (type === 'envoy.config.listener.v3.Listener') checkListener(r, at, walker);
    if (type === 'envoy.config.route.v3.RouteConfiguration') checkRouteConfiguration(r, at, walker);
  });
  if (type === 'envoy.config.listener.v3.Listener' || type === 'envoy.config.cluster.v3.Cluster') unique(response.resources, 'name', 'resources', walker);
  if (type === 'envoy.config.route.v3.RouteConfiguration') unique(response.resources, 'name', 'resources', walker);
  if (type === 'envoy.config.endpoint.v3.ClusterLoadAssignment') unique(response.resources, 'cluster_name', 'resources', walker);
  return walker.problems;
}

/** Throws `ValidationGateError` when `problems` is not empty. */
export function assertValid(what: string, problems: string[]): void {
  if (problems.length > 0) throw new ValidationGateError(what, problems);
}
