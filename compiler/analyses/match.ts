/**
 * Subsumption of route matches: does every request that one condition (or clause, or rule)
 * matches also match another? The shadowed-rule analysis (`shadowed-rule.ts`) asks this of every
 * pair of rules in a route.
 *
 * The answers are sound, never complete: `true` means "certainly covered"; `false` means "not
 * covered, or not provably so". A regex is compared with a string by running it (RE2, full match,
 * as Envoy's `safe_regex` does), with another regex only when both are the same text or both are a
 * literal followed by `.*`, which is a prefix match in disguise.
 */
import { RE2JS } from 're2js';
import type { Clause, Condition, Rule, StringMatchOp } from '../check/model.ts';

type Op = StringMatchOp | 'present' | 'absent';

/** A string match on a path, a header or a query parameter. */
interface StringMatch {
  op: Op;
  value?: string;
}

// ---- Regexes ------------------------------------------------------------------------------------

const compiled = new Map<string, RE2JS | null>();

function regex(pattern: string): RE2JS | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    compiled.set(pattern, re);
  }
  return re;
}

/** Whether `pattern` matches all of `value` (Envoy matches regexes against the whole value). */
export function fullMatch(pattern: string, value: string): boolean {
  return regex(pattern)?.matches(value) ?? false;
}

/** The pattern without `^` and `$` at its ends, which a full match makes redundant. */
function unanchored(pattern: string): string {
  let p = pattern;
  if (p.startsWith('^')) p = p.slice(1);
  if (p.endsWith('$') && !p.endsWith('\\$')) p = p.slice(0, -1);
  return p;
}

const EVERYTHING = new Set(['.*', '(.*)', '(?:.*)', '.*?', '(?s).*', '(?s:.*)', '[\\s\\S]*', '[\\S\\s]*', '(?:.*?)']);

/**
 * The literal `L` when `pattern` means "starts with `L`" (`/api/.*`, `^/api/.*$`, `\/api\/.*`),
 * `''` when it matches every string, undefined otherwise.
 */
export function regexPrefix(pattern: string): string | undefined {
  const p = unanchored(pattern);
  if (EVERYTHING.has(p)) return '';
  if (!p.endsWith('.*') || p.endsWith('\\.*')) return undefined;
  const body = p.slice(0, -2);
  let literal = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[i + 1];
      // An escaped punctuation character stands for itself; `\d`, `\w` and friends do not.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      literal += next;
      i++;
    } else if ('.^$*+?()[]{}|'.includes(c)) {
      return undefined;
    } else {
      literal += c;
    }
  }
  return literal;
}

/** Whether a path regex matches every path (paths start with `/` and are never empty). */
function matchesEveryPath(pattern: string): boolean {
  const prefix = regexPrefix(pattern);
  if (prefix === '' || prefix === '/') return true;
  const p = unanchored(pattern);
  return p === '.+' || p === '(.+)' || p === '/.*?';
}

// ---- String matches -----------------------------------------------------------------------------

/** Whether `outer` holds for every value for which `inner` holds. `path` values always exist. */
export function stringCovers(outer: StringMatch, inner: StringMatch, isPath = false): boolean {
  if (trivially(outer, isPath)) return inner.op !== 'absent';
  if (inner.op === 'absent') return outer.op === 'absent';
  if (outer.op === 'absent') return false;
  if (outer.op === 'present') return true;
  const o = outer.value ?? '';
  if (inner.op === 'present') return false;
  const i = inner.value ?? '';
  switch (outer.op) {
    case 'exact':
      return inner.op === 'exact' && i === o;
    case 'prefix': {
      if (inner.op === 'exact' || inner.op === 'prefix') return i.startsWith(o);
      const innerPrefix = regexPrefix(i);
      return innerPrefix !== undefined && innerPrefix.startsWith(o);
    }
    case 'regex': {
      if (inner.op === 'exact') return fullMatch(o, i);
      if (inner.op === 'regex' && i === o) return true;
      const outerPrefix = regexPrefix(o);
      if (outerPrefix === undefined) return false;
      if (inner.op === 'prefix') return i.startsWith(outerPrefix);
      const innerPrefix = regexPrefix(i);
      return innerPrefix !== undefined && innerPrefix.startsWith(outerPrefix);
    }
  }
  return false;
}

/** A match that every present value satisfies (and, for a path, every request). */
function trivially(m: StringMatch, isPath: boolean): boolean {
  if (m.op === 'present') return !isPath;
  if (m.op === 'prefix') return m.value === '' || (isPath && m.value === '/');
  if (m.op === 'regex') return isPath ? matchesEveryPath(m.value ?? '') : regexPrefix(m.value ?? '') === '';
  return false;
}

// ---- Conditions, clauses, rules -----------------------------------------------------------------

/** Whether a request that satisfies all of `inner` certainly satisfies `outer`. */
export function conditionImplied(outer: Condition, inner: readonly Condition[]): boolean {
  switch (outer.kind) {
    case 'path':
      if (trivially(outer, true)) return true;
      return inner.some((c) => c.kind === 'path' && stringCovers(outer, c, true));
    case 'method':
      return inner.some((c) => c.kind === 'method' && c.method === outer.method);
    case 'header':
    case 'query':
      return inner.some((c) => c.kind === outer.kind && c.name === outer.name && stringCovers(outer, c));
    case 'source-service':
      return inner.some((c) => c.kind === 'source-service' && c.service === outer.service);
    case 'source-namespace':
      return inner.some(
        (c) => (c.kind === 'source-namespace' || c.kind === 'source-service') && c.namespace === outer.namespace,
      );
    case 'port':
      return inner.some((c) => c.kind === 'port' && c.port === outer.port);
    case 'sni':
      return inner.some((c) => c.kind === 'sni' && hostCovers(outer.host, c.host));
  }
}

/** Whether server name `outer` (`*.example.com` allowed) matches every name `inner` does. */
export function hostCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true;
  if (!outer.startsWith('*.')) return false;
  const suffix = outer.slice(1);
  return inner.endsWith(suffix) && inner.length > suffix.length;
}

/**
 * Whether every request `inner` matches is matched by `outer`. A TLS clause (one with `sni`) is
 * covered only by another TLS clause: TLS and HTTP rules may end up in different route tables.
 */
export function clauseCovers(outer: readonly Condition[], inner: readonly Condition[]): boolean {
  if (inner.some((c) => c.kind === 'sni') && !outer.some((c) => c.kind === 'sni')) return false;
  return outer.every((c) => conditionImplied(c, inner));
}

/** The clauses of a rule; `otherwise` is one clause without conditions. */
export function clausesOf(rule: Rule): readonly (readonly Condition[])[] {
  return rule.otherwise || rule.clauses.length === 0 ? [[]] : rule.clauses.map((c: Clause) => c.conditions);
}

/** Whether every request `inner` matches is matched by `outer`. */
export function ruleCovers(outer: Rule, inner: Rule): boolean {
  const outerClauses = clausesOf(outer);
  return clausesOf(inner).every((c) => outerClauses.some((o) => clauseCovers(o, c)));
}

/** Whether a rule matches every request. */
export function matchesEverything(rule: Rule): boolean {
  return clausesOf(rule).some((c) => clauseCovers(c, []));
}
