/**
 * Validators of typed values: durations, percentages, ports, protocols, hosts, HTTP methods,
 * status codes, header names, labels, regexes, IP addresses and ranges, URIs, paths and
 * Kubernetes names.
 *
 * Every function here is pure: it never throws and does no I/O. A validator returns `undefined`
 * for a valid value, or a `ValueError` whose message comes from the registry (codes M3001–M3015,
 * `compiler/diagnostics/specs/values.ts`), names the offending text and says how to fix it. The
 * checker decides where to report it. Parsers (`parseDuration`) return `{ value }` or `{ error }`.
 *
 * NOTE: the rules follow what Istio, Envoy and Kubernetes accept at run time, not the loosest
 * reading of the relevant RFCs, because a value those systems reject is a failed rollout; where
 * meshc is stricter than Istio (trailing dots and partial wildcards in hosts, `*` in route paths)
 * the reason is given at the rule.
 */
import { RE2JS } from 're2js';
import { message } from '../diagnostics/registry.ts';
import { valueReasons, type ValueReason } from '../diagnostics/specs/values.ts';
import { closest } from '../util/suggest.ts';

export interface ValueError {
  code: string;
  message: string;
  /**
   * The corrected value, when there is exactly one plausible correction (`7sec` → `7s`,
   * `Example.com` → `example.com`), for a quick fix. It is the bare value: a caller replacing a
   * string literal adds the quotes.
   */
  fix?: string;
}

export type Parsed<T> = { value: T; error?: undefined } | { value?: undefined; error: ValueError };

type Args = Record<string, string | number>;

// ---- Shared helpers ------------------------------------------------------------------------------

function reason(key: ValueReason, args: Args = {}): string {
  return fill(valueReasons[key], args);
}

function fill(template: string, args: Args): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

function fail(code: string, args: Args, fix?: string): ValueError {
  const error: ValueError = { code, message: message(code, args) };
  if (fix !== undefined) error.fix = fix;
  return error;
}

/** A hint sentence suggesting `fix`, or the empty string. */
function hint(key: 'hint.write' | 'hint.didYouMean' | 'hint.portName', fix: string | undefined): string {
  return fix === undefined ? '' : reason(key, { fix });
}

/** Long values are shortened in messages, so that one bad regex does not fill the screen. */
const SHOWN_LENGTH = 64;

function shown(text: string): string {
  return text.length <= SHOWN_LENGTH ? text : `${text.slice(0, SHOWN_LENGTH - 1)}…`;
}

/** A character as a message shows it: `_`, or "a space" for characters that would be invisible. */
function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  if (c === '`') return 'a backtick';
  const code = c.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20 || code === 0x7f) return `the control character ${hex}`;
  if (/\s/u.test(c)) return `the invisible space ${hex}`;
  return `\`${c}\``;
}

/** `a`, `b`, `c` as the message lists them. */
function listed(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/u;

// ---- M3001 durations -----------------------------------------------------------------------------

const UNIT_MS = { h: 3_600_000n, m: 60_000n, s: 1_000n, ms: 1n } as const;
type Unit = keyof typeof UNIT_MS;
const UNITS: readonly Unit[] = ['h', 'm', 's', 'ms'];
const UNIT_RANK: Record<Unit, number> = { h: 0, m: 1, s: 2, ms: 3 };

/** Spellings people reach for, from Go, Prometheus, Kubernetes and plain English. */
const UNIT_ALIASES: Readonly<Record<string, Unit | 'd'>> = {
  hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  sec: 's', secs: 's', second: 's', seconds: 's',
  msec: 'ms', msecs: 'ms', milli: 'ms', millis: 'ms', millisecond: 'ms', milliseconds: 'ms',
  d: 'd', day: 'd', days: 'd',
};
const SUB_MILLISECOND_UNITS = new Set(['us', 'µs', 'μs', 'ns', 'usec', 'nsec', 'microsecond', 'microseconds', 'nanosecond', 'nanoseconds']);

/** The longest protobuf `Duration`: 10,000 years of 365.25 days. */
export const MAX_DURATION_MS = 315_576_000_000 * 1000;

/**
 * Parses a meshc duration (`500ms`, `6s`, `1m30s`, `2h`) into milliseconds (M3001).
 *
 * Units are h, m, s and ms, each at most once and from largest to smallest; numbers are whole.
 * The total is at least 1ms (Istio's minimum for every duration field) and at most
 * 315576000000s (the largest protobuf `Duration`).
 */
export function parseDuration(raw: string): Parsed<number> {
  const error = (key: ValueReason, args: Args = {}, fix?: string): Parsed<number> => ({
    error: fail('M3001', { text: shown(raw), reason: reason(key, args) }, fix),
  });
  if (raw.trim() === '') return error('duration.empty');
  if (/\s/u.test(raw)) {
    const joined = raw.replace(/\s+/gu, '');
    const again = parseDuration(joined);
    return again.value !== undefined ? error('duration.spaces', { fix: `: \`${joined}\`` }, joined) : error('duration.spaces', { fix: '' });
  }
  if (raw.startsWith('-')) return error('duration.negative');

  // Split into number-unit pairs; a unit is everything up to the next digit.
  const parts: { number: string; unit: string }[] = [];
  const pair = /(\d+(?:\.\d*)?|\.\d+)([^\d.]*)/y;
  while (pair.lastIndex < raw.length) {
    const at = pair.lastIndex;
    const m = pair.exec(raw);
    if (!m || m.index !== at) return error('duration.noNumber');
    parts.push({ number: m[1]!, unit: m[2]! });
  }

  // Units first: an unknown unit makes every other question moot.
  const units: (Unit | 'd')[] = [];
  let aliased: { number: string; unit: string } | undefined;
  for (const part of parts) {
    if (part.unit === '') return error('duration.missingUnit', { number: part.number });
    if ((UNITS as readonly string[]).includes(part.unit)) {
      units.push(part.unit as Unit);
      continue;
    }
    const lower = part.unit.toLowerCase();
    if (SUB_MILLISECOND_UNITS.has(lower)) return error('duration.resolution');
    const alias = (UNITS as readonly string[]).includes(lower) ? (lower as Unit) : UNIT_ALIASES[lower];
    if (alias === undefined) {
      // A one-letter unit is a step away from every unit, so it gets no suggestion.
      const near = part.unit.length > 1 ? closest(part.unit, UNITS) : undefined;
      const fix = near === undefined ? undefined : replaceUnit(parts, part, near);
      return error('duration.unknownUnit', { unit: part.unit, hint: hint('hint.didYouMean', fix) }, fix);
    }
    units.push(alias);
    aliased ??= part;
  }
  const total = totalMilliseconds(parts, units);
  if (aliased) {
    const direct = units.every((u) => u !== 'd') ? parts.map((p, i) => p.number + units[i]).join('') : undefined;
    const fix =
      direct !== undefined && parseDuration(direct).value !== undefined
        ? direct
        : total.exact && total.ms >= 1n && total.ms <= BigInt(MAX_DURATION_MS)
          ? formatDuration(Number(total.ms))
          : undefined;
    return error('duration.unknownUnit', { unit: aliased.unit, hint: hint('hint.didYouMean', fix) }, fix);
  }
  if (parts.some((p) => p.number.includes('.'))) {
    if (!total.exact) return error('duration.fractionTooFine');
    if (total.ms >= 1n && total.ms <= BigInt(MAX_DURATION_MS)) {
      const fix = formatDuration(Number(total.ms));
      return error('duration.fraction', { fix }, fix);
    }
  }
  for (let i = 1; i < units.length; i++) {
    if (UNIT_RANK[units[i] as Unit] <= UNIT_RANK[units[i - 1] as Unit]) {
      const fix = total.ms >= 1n && total.ms <= BigInt(MAX_DURATION_MS) ? formatDuration(Number(total.ms)) : undefined;
      return error('duration.order', { fix: fix ?? '1m30s' }, fix);
    }
  }
  // NOTE: no fix here: `0s` usually means "no timeout", and `1ms` would mean the opposite.
  if (total.ms < 1n) return error('duration.tooShort');
  if (total.ms > BigInt(MAX_DURATION_MS)) return error('duration.tooLong');
  return { value: Number(total.ms) };
}

function replaceUnit(parts: { number: string; unit: string }[], which: { number: string; unit: string }, unit: string): string {
  return parts.map((p) => p.number + (p === which ? unit : p.unit)).join('');
}

/** The exact total in milliseconds, and whether it is a whole number of them. */
function totalMilliseconds(parts: { number: string }[], units: (Unit | 'd')[]): { ms: bigint; exact: boolean } {
  let ms = 0n;
  let exact = true;
  parts.forEach((part, i) => {
    const unit = units[i]!;
    const factor = unit === 'd' ? 24n * UNIT_MS.h : UNIT_MS[unit];
    const [whole = '', fraction = ''] = part.number.split('.');
    ms += BigInt(whole === '' ? '0' : whole) * factor;
    if (fraction !== '') {
      const scale = 10n ** BigInt(fraction.length);
      const scaled = BigInt(fraction) * factor;
      if (scaled % scale !== 0n) exact = false;
      ms += scaled / scale;
    }
  });
  return { ms, exact };
}

/**
 * The canonical spelling of a duration: the largest units first, zero parts left out (`90000` →
 * `1m30s`), except that a duration under a minute with milliseconds is written in ms only
 * (`1500ms`, not `1s500ms`).
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0ms';
  if (ms % 1000 !== 0 && ms < 60_000) return `${ms}ms`;
  let rest = BigInt(ms);
  let out = '';
  for (const unit of UNITS) {
    const n = rest / UNIT_MS[unit];
    rest -= n * UNIT_MS[unit];
    if (n > 0n) out += `${n}${unit}`;
  }
  return out;
}

// ---- M3002, M3003, M3007 numbers -----------------------------------------------------------------

/**
 * A percentage, 0 to 100 inclusive (M3002). Fractions are fine, down to 0.0001%: Istio's
 * `validatePercentage` rejects smaller non-zero shares, which Envoy's fractions of a million
 * cannot express.
 */
export function checkPercent(value: number): ValueError | undefined {
  if (Number.isFinite(value) && (value === 0 || (value >= 0.0001 && value <= 100))) return undefined;
  const tooSmall = value > 0 && value < 0.0001;
  return fail('M3002', { text: String(value), reason: reason(tooSmall ? 'percent.tooSmall' : 'percent.range') });
}

/** A TCP/UDP port number, a whole number from 1 to 65535 (M3003). */
export function checkPort(value: number): ValueError | undefined {
  if (Number.isInteger(value) && value >= 1 && value <= 65535) return undefined;
  return fail('M3003', { text: String(value) });
}

const REDIRECT_CODES: readonly number[] = [301, 302, 303, 307, 308];
const STATUS_WHAT = { response: 'response status', redirect: 'redirect code', abort: 'fault abort status' } as const;

/**
 * An HTTP status code (M3007). `response` (direct responses) and `abort` (fault injection) take
 * 200 to 599, which is what Istio's validation allows for both (`validateHTTPStatus`); `redirect`
 * takes the five codes Envoy's `RedirectAction` can send. Istio accepts any 3xx in a redirect but
 * drops the route for the others, so meshc rejects them.
 */
export function checkStatus(code: number, kind: 'response' | 'redirect' | 'abort'): ValueError | undefined {
  const args = { text: String(code), what: STATUS_WHAT[kind] };
  if (kind === 'redirect') {
    return REDIRECT_CODES.includes(code) ? undefined : fail('M3007', { ...args, reason: reason('status.redirect') });
  }
  if (Number.isInteger(code) && code >= 200 && code <= 599) return undefined;
  return fail('M3007', { ...args, reason: reason('status.range') });
}

// ---- M3004, M3013 keywords -----------------------------------------------------------------------

/** One of a fixed set of keywords: mTLS modes, LB policies, TLS modes, resolutions, … (M3013). */
export function checkEnum(value: string, allowed: readonly string[], what: string): ValueError | undefined {
  if (allowed.includes(value)) return undefined;
  const near = closest(value, allowed);
  return fail('M3013', { what, text: shown(value), allowed: listed(allowed), hint: hint('hint.didYouMean', near) }, near);
}

const PROTOCOL_ALIASES: Readonly<Record<string, string>> = { h2: 'http2', h2c: 'http2', 'http/2': 'http2', 'http/1.1': 'http', https: 'https', ssl: 'tls' };

/**
 * A port protocol (M3004). Besides typos it recognises Istio port names (`http-web`, whose
 * protocol is `http`) and common aliases (`h2`).
 */
export function checkProtocol(value: string, allowed: readonly string[]): ValueError | undefined {
  if (allowed.includes(value)) return undefined;
  const lower = value.toLowerCase();
  let extra = '';
  let fix: string | undefined;
  if (allowed.includes(lower)) {
    fix = lower;
    extra = hint('hint.didYouMean', fix);
  } else if (lower.includes('-') && allowed.includes(lower.slice(0, lower.indexOf('-')))) {
    fix = lower.slice(0, lower.indexOf('-'));
    extra = hint('hint.portName', fix);
  } else if (PROTOCOL_ALIASES[lower] !== undefined && allowed.includes(PROTOCOL_ALIASES[lower])) {
    fix = PROTOCOL_ALIASES[lower];
    extra = hint('hint.didYouMean', fix);
  } else if (lower === 'udp') {
    extra = reason('hint.udp');
  } else {
    fix = closest(value, allowed);
    extra = hint('hint.didYouMean', fix);
  }
  return fail('M3004', { text: shown(value), allowed: listed(allowed), hint: extra }, fix);
}

// ---- M3005 hosts ---------------------------------------------------------------------------------

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A host name (M3005): a DNS-1123 subdomain of at most 253 characters and labels of at most 63,
 * lowercase. With `allowWildcard`, the leftmost label may be `*` (`*.example.com`); with
 * `allowStar`, the host may be `*` alone. IP addresses are not hosts.
 *
 * NOTE: Istio also accepts a trailing dot (`example.com.`) and partial wildcards (`*foo.com`) in
 * some fields, but the Gateway API's `Hostname` type accepts neither, so meshc writes hosts in the
 * form every target accepts.
 */
export function checkHost(host: string, opts: { allowWildcard?: boolean; allowStar?: boolean } = {}): ValueError | undefined {
  const error = (key: ValueReason, args: Args = {}, fix?: string): ValueError =>
    fail('M3005', { text: shown(host), reason: reason(key, args) }, fix);
  if (host === '') return error('host.empty');
  if (host === '*') return opts.allowStar ? undefined : error('host.starNotAllowed');

  // For a host written as a URL, the fix is the host part, lowercased when that makes it valid.
  const hostFix = (part: string): string => (checkHost(part.toLowerCase(), opts) === undefined ? part.toLowerCase() : part);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(host);
  if (scheme) {
    const rest = hostFix(host.slice(scheme[0].length).replace(/[/?#].*$/s, '').replace(/^[^@]*@/, '').replace(/:\d*$/, ''));
    return error('host.scheme', { scheme: scheme[1]!, fix: rest }, rest);
  }
  if (looksLikeIp(host)) return error('host.ip');
  const slash = host.search(/[/?#]/);
  if (slash > 0) {
    const fix = hostFix(host.slice(0, slash).replace(/:\d*$/, ''));
    return error('host.path', { fix }, fix);
  }
  const port = /^([^:]+):\d*$/.exec(host);
  if (port) {
    const fix = hostFix(port[1]!);
    return error('host.port', { fix }, fix);
  }
  if (host.length > 253) return error('host.tooLong', { length: host.length });
  if (host.endsWith('.')) {
    const fix = host.replace(/\.+$/, '');
    if (fix !== '' && checkHost(fix, opts) === undefined) return error('host.trailingDot', { fix }, fix);
  }

  const labels = host.split('.');
  let first = 0;
  if (labels[0] === '*') {
    if (!opts.allowWildcard) return error('host.wildcardNotAllowed');
    first = 1;
  }
  for (let i = first; i < labels.length; i++) {
    const label = labels[i]!;
    if (label.includes('*')) return error(opts.allowWildcard ? 'host.wildcardPosition' : 'host.wildcardNotAllowed');
    if (label === '') return error('host.emptyLabel');
    if (label.length > 63) return error('host.labelTooLong', { label: shown(label), length: label.length });
    const bad = [...label].find((c) => !/[-A-Za-z0-9]/.test(c));
    if (bad !== undefined) {
      const fix = bad === '_' ? host.replace(/_/g, '-').toLowerCase() : undefined;
      const valid = fix !== undefined && checkHost(fix, opts) === undefined ? fix : undefined;
      return error('host.badChar', { char: describeChar(bad), hint: hint('hint.write', valid) }, valid);
    }
    if (label.startsWith('-') || label.endsWith('-')) return error('host.hyphen', { label: shown(label) });
  }
  const last = labels[labels.length - 1]!;
  if (/^\d+$/.test(last)) return error('host.numericTld', { label: last });
  if (host !== host.toLowerCase()) return error('host.uppercase', { fix: host.toLowerCase() }, host.toLowerCase());
  return undefined;
}

/** True for an IPv4 or IPv6 address or range, with or without brackets and port. */
function looksLikeIp(text: string): boolean {
  if (/^[\d.]+(\/\d+)?(:\d+)?$/.test(text) && text.includes('.')) return true;
  const inner = text.replace(/^\[(.*)\](:\d+)?$/, '$1');
  return inner.includes(':') && checkCidr(inner) === undefined;
}

// ---- M3006 HTTP methods --------------------------------------------------------------------------

export const HTTP_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** An HTTP method, upper case (M3006): Envoy compares `:method` exactly, so `get` never matches. */
export function checkMethod(method: string): ValueError | undefined {
  if (HTTP_METHODS.includes(method)) return undefined;
  const error = (key: ValueReason, args: Args = {}, fix?: string): ValueError =>
    fail('M3006', { text: shown(method), reason: reason(key, args) }, fix);
  if (method === '') return error('method.empty', { allowed: listed(HTTP_METHODS) });
  const upper = method.toUpperCase();
  if (HTTP_METHODS.includes(upper)) return error('method.case', { fix: upper }, upper);
  const near = closest(upper, HTTP_METHODS);
  return error('method.unknown', { allowed: listed(HTTP_METHODS), hint: hint('hint.didYouMean', near) }, near);
}

// ---- M3008 header names --------------------------------------------------------------------------

export const PSEUDO_HEADERS: readonly string[] = [':authority', ':method', ':path', ':scheme'];
const TOKEN_CHAR = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]$/;

/**
 * An HTTP header name (M3008): an RFC 7230 token, or one of the request pseudo-headers
 * `:authority`, `:method`, `:path`, `:scheme`. Envoy lowercases header names (HTTP/2 requires it),
 * so names are written in lower case.
 */
export function checkHeaderName(name: string): ValueError | undefined {
  const error = (key: ValueReason, args: Args = {}, fix?: string): ValueError =>
    fail('M3008', { text: shown(name), reason: reason(key, args) }, fix);
  if (name === '') return error('header.empty');
  if (name.startsWith(':')) {
    if (PSEUDO_HEADERS.includes(name)) return undefined;
    const lower = name.toLowerCase();
    if (PSEUDO_HEADERS.includes(lower)) return error('header.uppercase', { fix: lower }, lower);
    const near = closest(lower, PSEUDO_HEADERS);
    return error('header.pseudo', { allowed: listed(PSEUDO_HEADERS), hint: hint('hint.didYouMean', near) }, near);
  }
  const bad = [...name].find((c) => !TOKEN_CHAR.test(c));
  if (bad !== undefined) return error('header.badChar', { char: describeChar(bad) });
  const lower = name.toLowerCase();
  if (name !== lower) return error('header.uppercase', { fix: lower }, lower);
  return undefined;
}

// ---- M3009 labels --------------------------------------------------------------------------------

const LABEL_CHAR = /^[-A-Za-z0-9_.]$/;

/**
 * A Kubernetes label key (M3009): an optional prefix that is a DNS subdomain (at most 253
 * characters) and `/`, then a name of at most 63 characters of letters, digits, `-`, `_` and `.`,
 * starting and ending with a letter or digit.
 */
export function checkLabelKey(key: string): ValueError | undefined {
  const error = (key2: ValueReason, args: Args = {}): ValueError =>
    fail('M3009', { part: 'key', text: shown(key), reason: reason(key2, args) });
  if (key === '') return error('label.keyEmpty');
  const pieces = key.split('/');
  if (pieces.length > 2) return error('label.slashes');
  let name = key;
  if (pieces.length === 2) {
    const prefix = pieces[0]!;
    name = pieces[1]!;
    if (prefix === '') return error('label.prefixEmpty');
    if (prefix.length > 253) return error('label.prefixTooLong', { prefix: shown(prefix), length: prefix.length });
    if (!prefix.split('.').every((label) => label.length <= 63 && DNS_LABEL.test(label))) return error('label.prefix', { prefix: shown(prefix) });
    if (name === '') return error('label.nameEmpty', { prefix: shown(prefix) });
  }
  return labelText(name, error);
}

/** A Kubernetes label value (M3009): empty, or like a key's name part. */
export function checkLabelValue(value: string): ValueError | undefined {
  if (value === '') return undefined;
  return labelText(value, (key: ValueReason, args: Args = {}) =>
    fail('M3009', { part: 'value', text: shown(value), reason: reason(key, args) }),
  );
}

function labelText(text: string, error: (key: ValueReason, args?: Args) => ValueError): ValueError | undefined {
  if (text.length > 63) return error('label.tooLong', { length: text.length });
  const bad = [...text].find((c) => !LABEL_CHAR.test(c));
  if (bad !== undefined) return error('label.badChar', { char: describeChar(bad) });
  if (!/^[A-Za-z0-9]/.test(text) || !/[A-Za-z0-9]$/.test(text)) return error('label.edge');
  return undefined;
}

// ---- M3010 regexes -------------------------------------------------------------------------------

/** Istio's limit (`validateStringRegexp`), its stand-in for Envoy's RE2 program size limit. */
export const MAX_REGEX_LENGTH = 1024;

/**
 * A regex in RE2 syntax, the dialect Envoy uses (M3010), of at most 1024 characters. The pattern is
 * compiled with `re2js`; when it fails, the message names the construct RE2 lacks (lookaround,
 * backreferences, possessive quantifiers, …) rather than repeating the parser's error.
 */
export function checkRegex(pattern: string): ValueError | undefined {
  const error = (key: ValueReason, args: Args = {}): ValueError =>
    fail('M3010', { text: shown(pattern), reason: reason(key, args) });
  if (pattern.length > MAX_REGEX_LENGTH) return error('regex.tooLong', { length: pattern.length });
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    const unsupported = unsupportedConstruct(pattern);
    if (unsupported) return error(unsupported.reason, { construct: unsupported.construct });
    const detail = e instanceof Error && typeof (e as { error?: unknown }).error === 'string' ? (e as unknown as { error: string }).error : 'invalid pattern';
    const input = (e as { input?: unknown }).input;
    return error('regex.syntax', { detail, at: typeof input === 'string' && input !== '' ? ` at \`${shown(input)}\`` : '' });
  }
}

/**
 * The first construct in `pattern` that Perl, PCRE or JavaScript have and RE2 lacks. Only called
 * once RE2 has rejected the pattern, so a false find cannot reject a valid regex; it only decides
 * which explanation to give.
 */
function unsupportedConstruct(pattern: string): { reason: ValueReason; construct: string } | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const rest = pattern.slice(i);
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return { reason: 'regex.backreference', construct: `\\${next}` };
      if (!inClass && next === 'k' && /^\\k[<{']/.test(rest)) return { reason: 'regex.backreference', construct: rest.slice(0, 3) };
      if (!inClass && next === 'g' && /^\\g[{\d-]/.test(rest)) return { reason: 'regex.backreference', construct: rest.slice(0, 3) };
      if (next === 'Z') return { reason: 'regex.endOfText', construct: '\\Z' };
      if (next === 'u') return { reason: 'regex.unicodeEscape', construct: '\\u' };
      if (next === 'Q') {
        // `\Q…\E` quotes everything up to `\E`.
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      if (/^\(\?<?[=!]/.test(rest)) {
        const construct = rest.startsWith('(?<') ? rest.slice(0, 4) : rest.slice(0, 3);
        return { reason: rest.startsWith('(?<') ? 'regex.lookbehind' : 'regex.lookahead', construct };
      }
      if (rest.startsWith('(?>')) return { reason: 'regex.atomic', construct: '(?>' };
      if (rest.startsWith('(?#')) return { reason: 'regex.comment', construct: '(?#…)' };
      if (/^\(\?P[=>]/.test(rest)) return { reason: 'regex.backreference', construct: rest.slice(0, 4) };
      if (/^\(\?(\(|R|&|[+-]?\d)/.test(rest)) return { reason: 'regex.recursion', construct: rest.slice(0, 3) };
      const flags = /^\(\?([A-Za-z-]*)[:)]/.exec(rest);
      if (flags) {
        const bad = [...flags[1]!].find((f) => !'imsU-'.includes(f));
        if (bad !== undefined) return { reason: 'regex.flag', construct: `(?${bad}` };
      }
      continue;
    }
    if ('*+?}'.includes(c) && pattern[i + 1] === '+') return { reason: 'regex.atomic', construct: `${c}+` };
  }
  return undefined;
}

// ---- M3011 IP addresses and ranges ---------------------------------------------------------------

/**
 * An IPv4 or IPv6 address with an optional prefix length (M3011): `/0` to `/32` for IPv4, `/0` to
 * `/128` for IPv6. IPv4 numbers have no leading zeros (Go's `netip`, which Istio uses, rejects
 * them; other tools read them as octal).
 *
 * NOTE: a range with host bits set (`10.0.0.1/8`) is accepted, as Istio accepts it
 * (`netip.ParsePrefix`) and Envoy masks it to `10.0.0.0/8`.
 */
export function checkCidr(value: string): ValueError | undefined {
  return checkAddress(value, true);
}

/** An IPv4 or IPv6 address without a prefix length (M3011). */
export function checkIp(value: string): ValueError | undefined {
  return checkAddress(value, false);
}

function checkAddress(value: string, allowPrefix: boolean): ValueError | undefined {
  const what = allowPrefix ? 'IP address or range' : 'IP address';
  const error = (key: ValueReason, args: Args = {}, fix?: string): ValueError =>
    fail('M3011', { what, text: shown(value), reason: reason(key, args) }, fix);
  const range = allowPrefix ? ' or a range such as `10.0.0.0/8`' : '';
  if (value === '') return error('ip.empty', { range });
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefix = slash < 0 ? undefined : value.slice(slash + 1);
  const v6 = address.includes(':');

  const problem = v6 ? ipv6Problem(address) : ipv4Problem(address);
  if (problem) {
    if (problem.key === 'ip.v4LeadingZero') {
      const fix = value.replace(address, problem.fix!);
      return error(problem.key, { octet: problem.octet!, fix }, fix);
    }
    return error(problem.key, { ...problem.args, range });
  }
  if (prefix === undefined) return undefined;
  if (!allowPrefix) return error('ip.prefixNotAllowed', { prefix: shown(prefix) });
  const max = v6 ? 128 : 32;
  if (!/^(0|[1-9]\d*)$/.test(prefix)) return error('ip.prefix', { max });
  if (Number(prefix) > max) return error('ip.prefixTooLong', { prefix, max, family: v6 ? 'IPv6' : 'IPv4' });
  return undefined;
}

interface AddressProblem {
  key: ValueReason;
  args?: Args;
  octet?: string;
  fix?: string;
}

function ipv4Problem(address: string): AddressProblem | undefined {
  if (!/^[\d.]+$/.test(address)) return { key: 'ip.notAnAddress' };
  const octets = address.split('.');
  if (octets.length !== 4 || octets.some((o) => o === '')) return { key: 'ip.v4Parts' };
  const big = octets.find((o) => Number(o) > 255);
  if (big !== undefined) return { key: 'ip.v4Octet', args: { octet: big } };
  const zero = octets.find((o) => o.length > 1 && o.startsWith('0'));
  if (zero !== undefined) return { key: 'ip.v4LeadingZero', octet: zero, fix: octets.map((o) => String(Number(o))).join('.') };
  return undefined;
}

function ipv6Problem(address: string): AddressProblem | undefined {
  const zone = address.indexOf('%');
  if (zone >= 0) return { key: 'ip.zone', args: { zone: shown(address.slice(zone + 1)) } };
  if (!/^[0-9A-Fa-f:.]+$/.test(address)) return { key: 'ip.v6' };
  const halves = address.split('::');
  if (halves.length > 2) return { key: 'ip.v6' };
  const groups = (half: string): string[] | undefined => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return { key: 'ip.v6' };
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const group = all[i]!;
    if (group.includes('.')) {
      // An embedded IPv4 address (`::ffff:10.0.0.1`) must come last and counts as two groups.
      if (i !== all.length - 1 || ipv4Problem(group) !== undefined) return { key: 'ip.v6' };
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(group)) {
      count += 1;
    } else {
      return { key: 'ip.v6' };
    }
  }
  if (halves.length === 2 ? count > 7 : count !== 8) return { key: 'ip.v6' };
  return undefined;
}

// ---- M3012 URIs ----------------------------------------------------------------------------------

/**
 * An absolute URI with one of `schemes` and a host (M3012), such as a JWKS address
 * (`https://accounts.example.com/.well-known/jwks.json`). The host is a DNS name (any case, as in
 * URLs) or an IP address (`[…]` for IPv6); an optional port is 1 to 65535.
 */
export function checkUri(value: string, schemes: readonly string[]): ValueError | undefined {
  const error = (key: ValueReason, args: Args = {}, fix?: string): ValueError =>
    fail('M3012', { text: shown(value), reason: reason(key, args) }, fix);
  const preferred = schemes[0] ?? 'https';
  if (value === '') return error('uri.empty', { example: `${preferred}://example.com/` });
  const space = [...value].find((c) => WHITESPACE_OR_CONTROL.test(c));
  if (space !== undefined) return error('uri.space', { char: describeChar(space) });

  const sep = value.indexOf('://');
  if (sep < 0) {
    const colon = /^([A-Za-z][A-Za-z0-9+.-]*):(?!\d)(.*)$/s.exec(value);
    if (colon && schemes.includes(colon[1]!.toLowerCase())) {
      const fix = `${colon[1]!.toLowerCase()}://${colon[2]!.replace(/^\/+/, '')}`;
      return error('uri.slashes', { fix }, fix);
    }
    const fix = `${preferred}://${value.replace(/^\/+/, '')}`;
    return error('uri.noScheme', { fix }, fix);
  }
  const scheme = value.slice(0, sep);
  if (!schemes.includes(scheme)) {
    if (schemes.includes(scheme.toLowerCase())) {
      const fix = scheme.toLowerCase() + value.slice(sep);
      return error('uri.schemeCase', { fix }, fix);
    }
    return error('uri.scheme', { scheme: shown(scheme), schemes: listed(schemes) });
  }
  const afterScheme = value.slice(sep + 3);
  const authority = afterScheme.replace(/[/?#].*$/s, '');
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  let host: string;
  let port: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return error('uri.host', { host: shown(hostPort) });
    host = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return error('uri.host', { host: shown(hostPort) });
    port = after === '' || after === ':' ? undefined : after.slice(1);
    if (!host.includes(':') || checkIp(host) !== undefined) return error('uri.host', { host: shown(hostPort) });
  } else {
    const colon = hostPort.indexOf(':');
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    // An empty port (`host:`) means the default one, as RFC 3986 allows.
    port = colon < 0 || colon === hostPort.length - 1 ? undefined : hostPort.slice(colon + 1);
    if (host === '') return error('uri.noHost', { scheme });
    const ok = /^[\d.]+$/.test(host) ? checkIp(host) === undefined : checkHost(host.toLowerCase()) === undefined;
    if (!ok) return error('uri.host', { host: shown(host) });
  }
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return error('uri.port', { port: shown(port) });
  }
  return undefined;
}

// ---- M3014 paths ---------------------------------------------------------------------------------

/**
 * A URL path (M3014): starts with `/`, no whitespace or control characters, no `#` fragment.
 *
 * With `allowWildcard` (authorization rules), `*` may be the first or the last character only:
 * `/api/*` (prefix), `*\/info` (suffix) or `*` (any path), as Istio's AuthorizationPolicy requires;
 * a suffix match need not start with `/`. Without it (route matches, rewrites, redirects), a `*`
 * is rejected: it would be a literal character there, which is almost never what was meant.
 */
export function checkPath(path: string, opts: { allowWildcard?: boolean } = {}): ValueError | undefined {
  const error = (key: ValueReason, args: Args = {}, fix?: string): ValueError =>
    fail('M3014', { text: shown(path), reason: reason(key, args) }, fix);
  if (path === '') return error('path.empty');
  if (opts.allowWildcard && path === '*') return undefined;
  const space = [...path].find((c) => WHITESPACE_OR_CONTROL.test(c));
  if (space !== undefined) return error('path.space', { char: describeChar(space) });
  const url = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*(.*)$/s.exec(path);
  if (url) {
    const fix = url[1] === '' ? '/' : url[1]!;
    return error('path.url', { fix }, fix);
  }
  if (path.includes('#')) {
    const fix = path.slice(0, path.indexOf('#'));
    return error('path.fragment', {}, fix.startsWith('/') ? fix : undefined);
  }
  const star = path.indexOf('*');
  if (star >= 0) {
    if (!opts.allowWildcard) {
      const prefix = path.slice(0, star);
      return error('path.wildcard', { prefix: prefix === '' ? '/' : prefix });
    }
    const stars = path.split('*').length - 1;
    if (stars > 1 || (star !== 0 && star !== path.length - 1)) return error('path.wildcardPosition');
    if (star === 0) return undefined;
  }
  if (!path.startsWith('/')) return error('path.slash', { fix: `/${path}` }, `/${path}`);
  return undefined;
}

// ---- M3015 Kubernetes names ----------------------------------------------------------------------

/**
 * A Kubernetes DNS-1123 label (M3015): at most 63 lowercase letters, digits and `-`, starting and
 * ending with a letter or digit. `what` names the thing, as the message shows it: `service name`,
 * `version name`, `namespace name`, …
 */
export function checkDnsLabel(name: string, what: string): ValueError | undefined {
  return checkName(name, what, false);
}

/**
 * A Kubernetes DNS-1123 subdomain (M3015): at most 253 characters of dot-separated DNS-1123 labels,
 * for service accounts and secret names.
 */
export function checkDnsSubdomain(name: string, what: string): ValueError | undefined {
  return checkName(name, what, true);
}

function checkName(name: string, what: string, subdomain: boolean): ValueError | undefined {
  const error = (key: ValueReason, args: Args = {}, fix?: string): ValueError =>
    fail('M3015', { what, text: shown(name), reason: reason(key, args) }, fix);
  if (name === '') return error('name.empty');
  const max = subdomain ? 253 : 63;
  if (name.length > max) return error('name.tooLong', { length: name.length, max });
  const allowed = subdomain ? /[-a-zA-Z0-9.]/ : /[-a-zA-Z0-9]/;
  const bad = [...name].find((c) => !allowed.test(c));
  if (bad !== undefined) {
    const candidate = name.replace(/[_.]/g, (c) => (c === '.' && subdomain ? c : '-')).toLowerCase();
    const fix = candidate !== name && checkName(candidate, what, subdomain) === undefined ? candidate : undefined;
    return error('name.badChar', { char: describeChar(bad), dot: subdomain ? ', `.`' : '', hint: hint('hint.write', fix) }, fix);
  }
  const labels = subdomain ? name.split('.') : [name];
  for (const label of labels) {
    if (label === '') return error('name.emptyLabel');
    if (label.length > 63) return error('name.labelTooLong', { label: shown(label), length: label.length });
    if (!/^[a-zA-Z0-9]/.test(label) || !/[a-zA-Z0-9]$/.test(label)) return error('name.edge');
  }
  const lower = name.toLowerCase();
  if (name !== lower) return error('name.uppercase', { fix: lower }, lower);
  return undefined;
}
