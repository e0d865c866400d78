/**
 * The misconfiguration analyses (`compiler/analyses/`), beyond the caret goldens of
 * `test/diagnostics/M5*.mesh`: clean programs stay silent, subsumption is table-tested, quick fixes
 * produce the expected text, errors switch analyses off where they are, and the result does not
 * depend on the order of files. Suppression and `meshc.json` have `suppress.test.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram } from '../../compiler/index.ts';
import { analyses } from '../../compiler/analyses/index.ts';
import { allSpecs } from '../../compiler/diagnostics/registry.ts';
import type { Condition } from '../../compiler/check/model.ts';
import type { Diagnostic } from '../../compiler/diagnostics/types.ts';
import { clauseCovers, fullMatch, regexPrefix, stringCovers } from '../../compiler/analyses/match.ts';

const loc = { file: 'x.mesh', range: { start: 0, end: 0 } };

function check(text: string, path = 'x.mesh'): Diagnostic[] {
  return checkProgram([{ path, text }]).diagnostics;
}

function apply(text: string, d: Diagnostic): string {
  const edits = [...d.fixes![0]!.edits].sort((a, b) => b.range.start - a.range.start);
  for (const e of edits) text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
  return text;
}

function only(text: string, code: string): Diagnostic {
  const found = check(text).filter((d) => d.code === code);
  assert.is(found.length, 1, `expected one ${code}, got ${found.length}: ${check(text).map((d) => d.code).join(', ')}`);
  return found[0]!;
}

// ---- Clean programs ---------------------------------------------------------------------------

const cleanDir = 'test/analyses/clean';
for (const name of readdirSync(cleanDir).filter((f) => f.endsWith('.mesh')).sort()) {
  test(`clean: ${name} has no diagnostics`, () => {
    const text = readFileSync(join(cleanDir, name), 'utf8');
    const found = check(text, name).map((d) => `${d.code} ${d.message}`);
    assert.equal(found, []);
  });
}

test('registry: every analysis code is run by a module, and every module lists its codes', () => {
  const fromModules = analyses.flatMap((a) => a.codes).sort();
  const m5 = allSpecs().map((s) => s.code).filter((c) => c.startsWith('M5') && c !== 'M5027');
  assert.equal(fromModules, m5);
});

// ---- Subsumption ------------------------------------------------------------------------------

test('match: regexes that are prefixes or catch-alls in disguise', () => {
  assert.is(regexPrefix('/api/.*'), '/api/');
  assert.is(regexPrefix('^/api/.*$'), '/api/');
  assert.is(regexPrefix('\\/api\\.v1/.*'), '/api.v1/');
  assert.is(regexPrefix('.*'), '');
  assert.is(regexPrefix('^(.*)$'), '');
  assert.is(regexPrefix('/api/v\\d+/.*'), undefined);
  assert.is(regexPrefix('/api/.+'), undefined);
  assert.is(regexPrefix('/a|/b.*'), undefined);
  assert.is(regexPrefix('/api\\.*'), undefined);
});

test('match: regexes run as RE2 full matches', () => {
  assert.ok(fullMatch('/api/v[0-9]+', '/api/v2'));
  assert.not.ok(fullMatch('/api', '/api/v2'));
  assert.not.ok(fullMatch('(?<=x)y', 'y'));
});

const path = (op: 'exact' | 'prefix' | 'regex', value: string): Condition => ({ kind: 'path', op, value, loc });
const header = (name: string, op: 'exact' | 'prefix' | 'regex' | 'present' | 'absent', value?: string): Condition => ({ kind: 'header', name, op, value, loc });
const method = (m: string): Condition => ({ kind: 'method', method: m, loc });

test('match: string matches, outer covers inner', () => {
  const table: [Parameters<typeof stringCovers>[0], Parameters<typeof stringCovers>[1], boolean, boolean][] = [
    // outer, inner, isPath, covers
    [{ op: 'prefix', value: '/api' }, { op: 'prefix', value: '/api/v2' }, true, true],
    [{ op: 'prefix', value: '/api' }, { op: 'exact', value: '/api/users' }, true, true],
    [{ op: 'prefix', value: '/api/v2' }, { op: 'prefix', value: '/api' }, true, false],
    [{ op: 'prefix', value: '/' }, { op: 'regex', value: 'x' }, true, true],
    [{ op: 'exact', value: '/a' }, { op: 'exact', value: '/a' }, true, true],
    [{ op: 'exact', value: '/a' }, { op: 'prefix', value: '/a' }, true, false],
    [{ op: 'regex', value: '/api/.*' }, { op: 'prefix', value: '/api/cart' }, true, true],
    [{ op: 'regex', value: '/api/v[0-9]+' }, { op: 'exact', value: '/api/v7' }, true, true],
    [{ op: 'regex', value: '/api/v[0-9]+' }, { op: 'prefix', value: '/api/v7' }, true, false],
    [{ op: 'regex', value: '.+' }, { op: 'exact', value: '/x' }, true, true],
    [{ op: 'prefix', value: '/api' }, { op: 'regex', value: '/api/.*' }, true, true],
    [{ op: 'present' }, { op: 'exact', value: 'x' }, false, true],
    [{ op: 'present' }, { op: 'absent' }, false, false],
    [{ op: 'absent' }, { op: 'absent' }, false, true],
    [{ op: 'regex', value: '.*' }, { op: 'present' }, false, true],
    [{ op: 'regex', value: '.+' }, { op: 'present' }, false, false],
    [{ op: 'prefix', value: '' }, { op: 'prefix', value: 'x' }, false, true],
    [{ op: 'exact', value: 'x' }, { op: 'present' }, false, false],
  ];
  for (const [outer, inner, isPath, expected] of table) {
    assert.is(stringCovers(outer, inner, isPath), expected, `${JSON.stringify(outer)} ⊇ ${JSON.stringify(inner)} (path: ${isPath})`);
  }
});

test('match: clauses, condition supersets and TLS', () => {
  assert.ok(clauseCovers([header('end-user', 'present')], [header('end-user', 'exact', 'jason'), method('GET')]));
  assert.not.ok(clauseCovers([header('end-user', 'present'), method('GET')], [header('end-user', 'exact', 'jason')]));
  assert.ok(clauseCovers([], [path('exact', '/a')]));
  assert.ok(clauseCovers([path('prefix', '/')], []));
  assert.not.ok(clauseCovers([path('prefix', '/a')], []));
  assert.ok(clauseCovers([{ kind: 'source-namespace', namespace: 'shop', loc }], [{ kind: 'source-service', service: 'web', namespace: 'shop', labels: {}, loc }]));
  const sni = (host: string): Condition => ({ kind: 'sni', host, loc });
  assert.ok(clauseCovers([sni('*.example.com')], [sni('a.example.com')]));
  assert.not.ok(clauseCovers([], [sni('a.example.com')]), 'an HTTP catch-all does not shadow a TLS rule');
});

// ---- Quick fixes ------------------------------------------------------------------------------

test('fix: M5001 moves the shadowed rule, with its body, above the shadowing one', () => {
  const text = 'service a {\n  port 80 http\n  versions v1, v2\n  route {\n    when header x present -> v1\n    otherwise -> v1\n    when header x == "1" -> v2 {\n      timeout 2s\n    }\n  }\n}\n';
  const d = only(text, 'M5001');
  assert.is(d.related?.length, 1);
  const fixed = apply(text, d);
  assert.is(fixed, 'service a {\n  port 80 http\n  versions v1, v2\n  route {\n    when header x == "1" -> v2 {\n      timeout 2s\n    }\n    when header x present -> v1\n    otherwise -> v1\n  }\n}\n');
  assert.equal(check(fixed), []);
});

test('fix: M5001 on one line moves the rule within the line', () => {
  const text = 'service a { port 80 http versions v1, v2 route { otherwise -> v1 when method GET -> v2 } }\n';
  const fixed = apply(text, only(text, 'M5001'));
  assert.is(fixed, 'service a { port 80 http versions v1, v2 route { when method GET -> v2 otherwise -> v1 } }\n');
  assert.equal(check(fixed), []);
});

test('fix: M5001 removes a rule that matches exactly what an earlier one does', () => {
  const text = 'service a {\n  port 80 http\n  versions v1, v2\n  route {\n    when method GET or method HEAD -> v1\n    when method HEAD or method GET -> v2\n    otherwise -> v2\n  }\n}\n';
  const d = only(text, 'M5001');
  assert.match(d.fixes![0]!.title, 'Remove');
  assert.is(apply(text, d), 'service a {\n  port 80 http\n  versions v1, v2\n  route {\n    when method GET or method HEAD -> v1\n    otherwise -> v2\n  }\n}\n');
});

test('fix: M5002 and M5003 change one weight or drop one destination', () => {
  const split = 'service a {\n  port 80 http\n  versions v1, v2, v3\n  route -> v1 90%, v2 20%, v3 5%\n}\n';
  assert.is(apply(split, only(split, 'M5002')), split.replace('v3 5%', 'v3 0%').replace('v2 20%', 'v2 5%').replace('v3 0%', 'v3 5%'));
  const single = 'service a {\n  port 80 http\n  versions v1\n  route -> v1 50%\n}\n';
  assert.is(apply(single, only(single, 'M5002')), single.replace(' 50%', ''));
  const zeroFirst = 'service a {\n  port 80 http\n  versions v1, v2\n  route {\n    when method GET -> v2\n    otherwise -> v2 0%, v1 100%\n  }\n}\n';
  assert.is(apply(zeroFirst, only(zeroFirst, 'M5003')), zeroFirst.replace('v2 0%, ', ''));
});

test('fix: M5006 adds a timeout on the line before the retries, with their indentation', () => {
  const text = 'service a {\n  port 80 http\n  route -> a {\n    retries 3 per-try 250ms on 5xx\n  }\n}\n';
  const fixed = apply(text, only(text, 'M5006'));
  assert.is(fixed, 'service a {\n  port 80 http\n  route -> a {\n    timeout 1s\n    retries 3 per-try 250ms on 5xx\n  }\n}\n');
  assert.equal(check(fixed), []);
});

test('fix: M5013 puts `on port` before `when`', () => {
  const text = 'service a {\n  port 80 http\n  port 81 tcp\n  deny from b when header x-env == "dev"\n}\nservice b {\n  port 80 http\n}\n';
  const fixed = apply(text, only(text, 'M5013'));
  assert.match(fixed, 'deny from b on port 80 when header x-env == "dev"');
  assert.equal(check(fixed), []);
});

test('fix: M5019 copies the service split into the gateway, with the port', () => {
  const text = 'gateway g {\n  listen 80 http\n  route -> r:80\n}\nservice r {\n  port 80 http\n  port 81 grpc\n  versions v1, v2\n  route -> v1 90%, v2 10%\n}\n';
  const fixed = apply(text, only(text, 'M5019'));
  assert.match(fixed, 'route -> r.v1:80 90%, r.v2:80 10%');
  assert.equal(check(fixed), []);
});

// ---- Errors switch analyses off ----------------------------------------------------------------

test('errors: a declaration with an error gets no analyses, the others still do', () => {
  const text =
    'service a {\n  port 80 http\n  versions v1, v2\n  timeout 7sec\n  route { otherwise -> v1 when method GET -> v2 }\n}\n' +
    'service b {\n  port 80 http\n  versions v1, v2\n  route { otherwise -> v1 when method GET -> v2 }\n}\n';
  const found = check(text);
  assert.equal(found.map((d) => d.code), ['M3001', 'M5001']);
  assert.ok(found[1]!.range.start > text.indexOf('service b'));
});

test('errors: analyses that conclude from absence wait for a program without errors', () => {
  const base = 'service a {\n  port 80 http\n  versions v1, v2, v3\n  route -> v1 50%, v2 50%\n}\n';
  assert.equal(check(base).map((d) => d.code), ['M5004']);
  const broken = base + 'service b {\n  port 80 htp\n}\n';
  assert.equal(check(broken).map((d) => d.code), ['M3004']);
});

test('errors: an error outside every declaration switches all analyses off', () => {
  const text = 'mesh {\n  mtls permisive\n}\nservice a {\n  port 80 http\n  versions v1, v2\n  route { otherwise -> v1 when method GET -> v2 }\n}\n';
  assert.equal(check(text).map((d) => d.code), ['M3013']);
});

// ---- Determinism and robustness ----------------------------------------------------------------

const cases = readdirSync('test/diagnostics')
  .filter((f) => /^M5\d{3}-.*\.mesh$/.test(f))
  .sort()
  .map((f) => readFileSync(join('test/diagnostics', f), 'utf8'));

test('determinism: declarations split over files in any order give the same diagnostics', () => {
  for (const text of cases) {
    const parts = text.split(/\n(?=(?:service|gateway|external|mesh) )/);
    if (parts.length < 2) continue;
    const files = parts.map((t, i) => ({ path: `f${i}.mesh`, text: t.endsWith('\n') ? t : `${t}\n` }));
    const forward = checkProgram(files).diagnostics;
    const backward = checkProgram([...files].reverse()).diagnostics;
    assert.equal(backward, forward);
    assert.equal(checkProgram(files).diagnostics, forward, 'a second run differs');
  }
});

test('robustness: edits of the analysis cases never throw, and ranges and fixes stay in the text', () => {
  const mutation = fc
    .record({ c: fc.nat({ max: cases.length - 1 }), a: fc.nat(), b: fc.nat(), kind: fc.constantFrom('delete', 'duplicate', 'swap-lines') })
    .map(({ c, a, b, kind }) => {
      const text = cases[c]!;
      if (kind === 'swap-lines') {
        const lines = text.split('\n');
        const i = a % lines.length;
        const j = b % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        return lines.join('\n');
      }
      const i = a % (text.length + 1);
      const j = Math.min(text.length, i + (b % 60));
      return kind === 'delete' ? text.slice(0, i) + text.slice(j) : text.slice(0, j) + text.slice(i, j) + text.slice(j);
    });
  fc.assert(
    fc.property(mutation, (text) => {
      for (const d of check(text)) {
        assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length, `${d.code} range outside the text`);
        for (const fix of d.fixes ?? []) for (const e of fix.edits) assert.ok(e.range.start <= e.range.end && e.range.end <= text.length, `${d.code} fix outside the text`);
      }
    }),
    { numRuns: 1500, seed: 5 },
  );
});

test.run();
