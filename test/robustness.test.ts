/**
 * Bad input never crashes anything. fast-check generates 10,000+ inputs — random text, random
 * token sequences, and mutations of the examples (deleted, duplicated and truncated spans) — and
 * for each asserts: parsing and checking do not throw, every diagnostic range lies inside the
 * document, a second run gives the same diagnostics, and, when the input parses cleanly, the
 * formatter's invariants hold (idempotent, meaning and comments preserved).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram } from '../compiler/index.ts';
import { keywords } from '../grammar/tokens.ts';
import { checkFormatting } from './helpers/format.ts';

const examples = readdirSync('examples', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mesh'))
  .sort()
  .map((f) => readFileSync(join('examples', f), 'utf8'));

const counts = { runs: 0, formatted: 0 };

function property(text: string): void {
  counts.runs++;
  const files = [{ path: 'input.mesh', text }];
  const first = checkProgram(files);
  for (const d of first.diagnostics) {
    assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length, `range ${JSON.stringify(d.range)} outside the text (${text.length}) for ${d.code}`);
    for (const r of d.related ?? []) assert.ok(r.range.end <= text.length, 'related range outside the text');
  }
  const second = checkProgram(files);
  assert.equal(second.diagnostics, first.diagnostics, 'a second run gave other diagnostics');
  if (!first.diagnostics.some((d) => d.code.startsWith('M1'))) {
    if (checkFormatting(text, 'input.mesh') !== undefined) counts.formatted++;
  }
}

const vocabulary = [
  ...Object.keys(keywords),
  '{', '}', ',', ':', '.', '->', '==', '"a"', '"/api/*"', '"x', '80', '9080', '10%', '100%', '5s', '1m30s', '5xx', '7sec',
  'reviews', 'v1', 'v2', 'GET', 'http', 'grpc', 'strict', '#c\n', '\n', '\r\n', '\t', '@', '\u00e9', '\ud83d\ude00', '\u0000',
];

const tokenSequence = fc
  .array(fc.constantFrom(...vocabulary), { maxLength: 60 })
  .map((tokens) => tokens.join(' '));

/** A mutation of an example: a span deleted, duplicated, or the text cut short. */
const mutation = fc
  .record({
    example: fc.nat({ max: examples.length - 1 }),
    kind: fc.constantFrom('delete', 'duplicate', 'truncate'),
    a: fc.nat(),
    b: fc.nat(),
  })
  .map(({ example, kind, a, b }) => {
    const text = examples[example]!;
    const i = a % (text.length + 1);
    const j = i + (b % Math.min(40, text.length - i + 1));
    if (kind === 'delete') return text.slice(0, i) + text.slice(j);
    if (kind === 'duplicate') return text.slice(0, j) + text.slice(i, j) + text.slice(j);
    return text.slice(0, i);
  });

test('robustness: random text', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), property), { numRuns: 3000, seed: 1 });
});

test('robustness: random token sequences', () => {
  fc.assert(fc.property(tokenSequence, property), { numRuns: 3000, seed: 2 });
});

test('robustness: mutations of the examples', () => {
  fc.assert(fc.property(mutation, property), { numRuns: 4500, seed: 3 });
});

test('robustness: enough inputs, and some of them formatted', () => {
  assert.ok(counts.runs >= 10_000, `only ${counts.runs} inputs`);
  assert.ok(counts.formatted >= 100, `only ${counts.formatted} inputs reached the formatter`);
});

test('robustness: deeply nested input (braces, version blocks, rule bodies) parses without overflowing the stack', () => {
  const deep = [
    'foo ' + '{'.repeat(20_000),
    'service a {\n' + '{'.repeat(20_000) + '}'.repeat(20_000) + '\n}\n',
    'service a {\n' + '  version v {\n'.repeat(2_000) + '}\n'.repeat(2_001),
    'service a {\n  route {\n' + '    when path prefix "/a" -> v1 {\n request-headers {\n'.repeat(1_000) + '}\n'.repeat(2_002),
  ];
  for (const text of deep) {
    property(text);
    assert.ok(checkProgram([{ path: 'input.mesh', text }]).diagnostics.length > 0, 'deep nesting is reported');
  }
});

test('robustness: three independent errors give three diagnostics, and later declarations are checked', () => {
  const text = 'service a {\n  port 80 htp\n  garbage\n  timeout 5\n}\nservice b {\n  port 80 http\n  route -> nowhere\n}\n';
  const codes = checkProgram([{ path: 'x.mesh', text }]).diagnostics.map((d) => d.code);
  assert.ok(codes.length >= 4, `expected at least 4 diagnostics, got ${codes.join(', ')}`);
  assert.ok(codes.includes('M3004') && codes.includes('M1004') && codes.includes('M1003') && codes.includes('M2002'), codes.join(', '));
});

test.run();
