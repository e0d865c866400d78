/**
 * The syntax tree: every node's range is exact (inside its parent, starting with the node's own
 * text), comments are kept, and the parser handles the input forms editors produce (CRLF, tabs,
 * a BOM character, no final newline).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFile } from '../compiler/syntax/parse.ts';
import { stmtKinds, type Range } from '../compiler/syntax/ast.ts';
import { keywordOf } from '../compiler/check/blocks.ts';
import { MeshParser } from '../grammar/parser.ts';
import { Lexer } from 'chevrotain';
import { allTokens, createLexer, meshLexer } from '../grammar/tokens.ts';

function isRange(value: unknown): value is Range {
  return typeof value === 'object' && value !== null && typeof (value as Range).start === 'number' && typeof (value as Range).end === 'number' && Object.keys(value).length === 2;
}

/** Walks every object with a `range` and checks it lies within its parent's range. */
function checkRanges(node: unknown, parent: Range, text: string, path: string): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => checkRanges(child, parent, text, `${path}[${i}]`));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  let own = parent;
  const range = (node as { range?: unknown }).range;
  if (isRange(range)) {
    assert.ok(range.start >= parent.start && range.end <= parent.end && range.start <= range.end, `${path}: ${JSON.stringify(range)} outside ${JSON.stringify(parent)}`);
    assert.ok(text.slice(range.start, range.end).trim().length > 0 || range.start === range.end, `${path}: empty range text`);
    own = range;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'range') continue;
    if (isRange(value)) {
      assert.ok(value.start >= own.start && value.end <= own.end, `${path}.${key} outside its node`);
    } else checkRanges(value, own, text, `${path}.${key}`);
  }
}

const files = ['examples/bookinfo/bookinfo.mesh', 'examples/canary/canary.mesh', 'test/format/messy.mesh'];

for (const file of files) {
  test(`syntax: ranges are nested and exact in ${file}`, () => {
    const text = readFileSync(file, 'utf8');
    const parsed = parseFile(text, file);
    assert.equal(parsed.diagnostics, []);
    checkRanges(parsed.value.decls, { start: 0, end: text.length }, text, 'decls');
    for (const decl of parsed.value.decls) {
      assert.is(text.slice(decl.keyword.start, decl.keyword.end), decl.declKind);
      assert.ok(text.slice(decl.range.start, decl.range.end).endsWith('}'), `${decl.name?.text}: a declaration ends at its closing brace`);
      for (const stmt of decl.body) {
        const keyword = text.slice(stmt.keyword.start, stmt.keyword.end);
        const expected = keywordOf(stmt);
        assert.ok(expected.startsWith(keyword) || keyword === 'host' || keyword === 'hosts', `${stmt.kind}: keyword text ${keyword} vs ${expected}`);
      }
    }
    const hashes = parsed.value.comments.map((c) => text.slice(c.range.start, c.range.end));
    assert.ok(hashes.every((h) => h.startsWith('#')), 'comments keep their exact ranges');
  });
}

test('syntax: CRLF, tabs, a BOM character and no final newline parse like LF', () => {
  const lf = 'service a {\n  port 80 http\n  versions v1\n  route -> v1\n}';
  const crlf = '\ufeff' + lf.replace(/\n/g, '\r\n').replace(/ {2}/g, '\t');
  const a = parseFile(lf, 'a.mesh');
  const b = parseFile(crlf, 'b.mesh');
  assert.equal(a.diagnostics, []);
  assert.equal(b.diagnostics, []);
  assert.is(b.value.decls[0]!.body.length, 3);
});

test('syntax: soft keywords can be names', () => {
  const parsed = parseFile('service gateway {\n  port 80 http\n  versions route, version\n  route -> version\n}\n', 'x.mesh');
  assert.equal(parsed.diagnostics, []);
  assert.is(parsed.value.decls[0]!.name!.text, 'gateway');
});

test('syntax: every statement kind of the language appears in the format corpus', () => {
  const seen = new Set<string>();
  for (const file of readdirSync('test/format').filter((f) => f.endsWith('.mesh'))) {
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (typeof node === 'object' && node !== null) {
        const kind = (node as { kind?: unknown }).kind;
        if (typeof kind === 'string') seen.add(kind);
        Object.values(node).forEach(visit);
      }
    };
    visit(parseFile(readFileSync(join('test/format', file), 'utf8'), file).value.decls);
  }
  const missing = stmtKinds.filter((k) => !seen.has(k));
  assert.equal(missing, [], `statement kinds without a format case: ${missing.join(', ')}`);
});

test('syntax: the grammar and the tokens pass chevrotain\'s own validations', () => {
  new MeshParser({ validate: true });
  const lexer = createLexer({ validate: true });
  assert.equal(lexer.lexerDefinitionErrors, []);
  // The start-character hints must agree with the patterns: the optimised lexer gives the same
  // tokens as one in safe mode, which tries every pattern at every position.
  const safe = new Lexer(allTokens, { positionTracking: 'full', safeMode: true });
  const names = (l: Lexer, text: string) => l.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
  for (const file of ['test/format/messy.mesh', 'test/format/every-construct.mesh', 'examples/bookinfo/bookinfo.mesh']) {
    const text = readFileSync(file, 'utf8') + ' @ 7sec "open\n 5xx 12.5% 1.5';
    assert.equal(names(meshLexer, text), names(safe, text), file);
  }
});

test.run();
