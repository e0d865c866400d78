/**
 * The language server under random editing: at least 10,000 edits (insertions, deletions, pastes
 * of random tokens, undos) applied to the examples through `didChange`, interleaved with hover,
 * completion and definition requests at random positions, over the real JSON-RPC stream.
 *
 * It checks that the server never crashes or logs an internal error, that every response is
 * well-formed (ranges inside the document the request was sent for), and that after the last edit
 * the published diagnostics equal what `meshc check` reports on the same texts. The run is done
 * twice with the same seed length; the server's heap after a full GC is printed after each, and
 * the second run may add at most 20% to what the first left.
 *
 * `LSP_FUZZ_EDITS=N` changes the number of edits per run (default 10,000); `LSP_FUZZ_SEED` the seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type * as P from 'vscode-languageserver-protocol';
import { checkProgram } from '../../compiler/index.ts';
import { LineIndex } from '../../compiler/source/line-index.ts';
import { KEYWORDS } from '../../compiler/query/index.ts';
import { positionOf, start, type Session } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EDITS = Number(process.env.LSP_FUZZ_EDITS ?? 10_000);
const SEED = Number(process.env.LSP_FUZZ_SEED ?? 20261126);
const FILES = {
  'bookinfo.mesh': readFileSync(path.join(ROOT, 'examples/bookinfo/bookinfo.mesh'), 'utf8'),
  'canary.mesh': readFileSync(path.join(ROOT, 'examples/canary/canary.mesh'), 'utf8'),
};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** mulberry32: a seeded PRNG, so that a failing run can be replayed. */
function rng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const TOKENS = [
  ...KEYWORDS,
  '{', '}', '{\n', '\n}\n', ',', ':', '.', '->', '==', '%', '"', '"/api"', '"*"', '#', '# comment\n',
  'v1', 'v2', 'reviews', 'ratings', 'productpage', 'details', 'reviews.v2', 'x-canary', 'GET', 'http', 'strict',
  '9080', '0', '65536', '7s', '1m30s', '1.5s', '5xx', '90%', '12.5%', '100%', '\n', '\r\n', '\t', '  ', 'é', '😀', '\u00a0', '\\', '-',
];

interface Pending {
  method: string;
  text: string;
  promise: Promise<unknown>;
}

function validPosition(lines: LineIndex, p: P.Position): boolean {
  return Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < lines.lineCount && p.character <= lines.lineEnd(p.line) - lines.lineStart(p.line);
}

function validRange(text: string, r: P.Range, message: string): void {
  const lines = new LineIndex(text);
  assert.ok(validPosition(lines, r.start) && validPosition(lines, r.end), `${message}: range ${JSON.stringify(r)} is outside the text`);
  const a = lines.offset({ line: r.start.line, column: r.start.character });
  const b = lines.offset({ line: r.end.line, column: r.end.character });
  assert.ok(a <= b, `${message}: range ${JSON.stringify(r)} ends before it starts`);
}

function checkResponse(s: Session, method: string, text: string, result: unknown): void {
  if (result === null) return;
  switch (method) {
    case 'textDocument/hover': {
      const hover = result as P.Hover;
      const contents = hover.contents as P.MarkupContent;
      assert.type(contents.value, 'string');
      assert.ok(contents.value.length > 0, 'hover has text');
      if (hover.range) validRange(text, hover.range, 'hover');
      return;
    }
    case 'textDocument/completion': {
      const list = result as P.CompletionList;
      assert.type(list.isIncomplete, 'boolean');
      for (const item of list.items) {
        assert.type(item.label, 'string');
        validRange(text, (item.textEdit as P.TextEdit).range, `completion ${item.label}`);
      }
      return;
    }
    case 'textDocument/definition': {
      for (const location of result as P.Location[]) {
        assert.ok(Object.values(FILES).length > 0 && location.uri.startsWith('file:'), 'definition uri');
        assert.ok(location.range.start.line >= 0, 'definition range');
      }
      return;
    }
  }
  void s;
}

/** One run of `edits` random edits over both files; resolves when every response has been checked. */
async function run(s: Session, edits: number, seed: number): Promise<void> {
  const r = rng(seed);
  const names = Object.keys(FILES);
  const undo: { name: string; start: number; end: number; insert: string }[] = [];
  let pending: Pending[] = [];
  const drain = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    for (const p of batch) checkResponse(s, p.method, p.text, await p.promise);
  };
  for (let i = 0; i < edits; i++) {
    const name = r.pick(names);
    const text = s.text(name);
    const op = r.next();
    const at = r.int(0, text.length);
    let edit: { start: number; end: number; insert: string };
    if (op < 0.1 && undo.length > 0 && undo[undo.length - 1]!.name === name) {
      const last = undo.pop()!;
      edit = last;
    } else {
      if (op < 0.4) edit = { start: at, end: at, insert: r.pick(TOKENS) + (r.next() < 0.5 ? ' ' : '') };
      else if (op < 0.55) edit = { start: at, end: at, insert: String.fromCharCode(r.int(32, 126)) };
      else if (op < 0.8 || text.length > FILES[name as keyof typeof FILES].length * 2) {
        const end = Math.min(text.length, at + r.int(1, text.length > 4000 ? 200 : 12));
        edit = { start: at, end, insert: '' };
      } else {
        // Paste a line of random tokens over a small range.
        const insert = Array.from({ length: r.int(2, 8) }, () => r.pick(TOKENS)).join(' ');
        edit = { start: at, end: Math.min(text.length, at + r.int(0, 5)), insert };
      }
      // Never split a surrogate pair or a \r\n: editors do not, and positions could not express it.
      const bad = (k: number) => k > 0 && k < text.length && ((/[\ud800-\udbff]/.test(text[k - 1]!) && /[\udc00-\udfff]/.test(text[k]!)) || (text[k - 1] === '\r' && text[k] === '\n'));
      if (bad(edit.start) || bad(edit.end)) continue;
      undo.push({ name, start: edit.start, end: edit.start + edit.insert.length, insert: text.slice(edit.start, edit.end) });
      if (undo.length > 50) undo.shift();
    }
    s.edit(name, edit.start, edit.end, edit.insert);
    if (r.next() < 0.35) {
      const current = s.text(name);
      const position = positionOf(current, r.int(0, current.length));
      const method = r.pick(['textDocument/hover', 'textDocument/completion', 'textDocument/definition']);
      pending.push({ method, text: current, promise: s.request(method, { textDocument: { uri: s.uri(name) }, position }) });
    }
    if (pending.length >= 50) await drain();
  }
  await drain();
}

function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

test(`fuzz: ${EDITS} random edits twice, requests in between; diagnostics end equal to meshc check`, async () => {
  const started = Date.now();
  const s = await start(FILES);
  for (const name of Object.keys(FILES)) s.open(name);
  const before = heapMB();
  const heaps: number[] = [];
  for (const round of [0, 1]) {
    await run(s, EDITS, SEED + round);
    // Every edit so far has a version; wait for the report of the last one of each file.
    const finals = await Promise.all(Object.keys(FILES).map((name) => s.waitForDiagnostics(name, (d) => d.version === s.version(name), 20_000)));
    const texts = Object.keys(FILES).map((name) => ({ path: s.uri(name), text: s.text(name) }));
    const expected = checkProgram(texts).diagnostics;
    Object.keys(FILES).forEach((name, k) => {
      const lines = new LineIndex(s.text(name));
      const want = expected
        .filter((d) => d.file === s.uri(name))
        .map((d) => {
          const a = lines.position(d.range.start);
          const b = lines.position(d.range.end);
          return [d.code, d.message, a.line, a.column, b.line, b.column];
        });
      const got = finals[k]!.diagnostics.map((d) => [d.code, String(d.message), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
      assert.equal(got, want, `final diagnostics of ${name} after round ${round + 1}`);
    });
    heaps.push(heapMB());
  }
  assert.equal(s.logs.filter((l) => l.includes('internal error')), [], 'no internal error was logged');
  const first = heaps[0]! - before;
  const second = heaps[1]! - before;
  console.log(
    `  fuzz: ${2 * EDITS} edits in ${((Date.now() - started) / 1000).toFixed(1)} s; heap before ${before.toFixed(1)} MB, ` +
      `after run 1 ${heaps[0]!.toFixed(1)} MB (+${first.toFixed(1)}), after run 2 ${heaps[1]!.toFixed(1)} MB (+${second.toFixed(1)})`,
  );
  assert.ok(heaps[1]! < heaps[0]! * 1.2, `the second run adds less than 20% to the heap (${heaps[0]!.toFixed(1)} → ${heaps[1]!.toFixed(1)} MB)`);
  assert.is(await s.stop(), 0);
});

test.run();
