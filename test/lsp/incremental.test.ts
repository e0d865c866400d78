/**
 * The language server's incremental check (`ProgramCache`: re-parsing around an edit in
 * `compiler/query/reparse.ts`, the checker's `CheckCache`) against a fresh `checkProgram`, after
 * every edit of random edit sequences (fast-check, seeded): insertions and deletions anywhere,
 * pastes of tokens that open or close braces and strings, declaration keywords, comments, line
 * breaks, pieces of the same file cut across declaration boundaries, files leaving the program,
 * and undos (which also bring files back). Programs: the examples, the multi-file diagnostic
 * cases, and generated projects in one file and in several.
 *
 * The results must be deep-equal (same keys, same values, same order of diagnostics), and the
 * incremental paths must actually have been taken (chunks re-parsed, declarations kept).
 * `INCREMENTAL_RUNS=N` changes the number of sequences per program; `INCREMENTAL_SEED` the seed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram, type SourceText } from '../../compiler/index.ts';
import { ProgramCache } from '../../compiler/query/index.ts';
import { reparseStats } from '../../compiler/query/reparse.ts';
import { generateProject } from '../../bench/generate.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.INCREMENTAL_RUNS ?? 80);
const SEED = Number(process.env.INCREMENTAL_SEED ?? 6);

function meshFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? meshFiles(full) : name.endsWith('.mesh') ? [full] : [];
    })
    .sort();
}

const read = (files: string[]): SourceText[] => files.map((f) => ({ path: path.relative(ROOT, f), text: readFileSync(f, 'utf8') }));

function programs(): [string, SourceText[]][] {
  const out: [string, SourceText[]][] = [];
  for (const example of ['bookinfo', 'canary']) out.push([example, read(meshFiles(path.join(ROOT, 'examples', example)))]);
  const cases = path.join(ROOT, 'test', 'diagnostics');
  for (const name of readdirSync(cases).sort()) {
    const full = path.join(cases, name);
    if (statSync(full).isDirectory()) out.push([name, read(meshFiles(full))]);
  }
  const generated = generateProject(40, 3);
  out.push(['40 generated services, one file', [{ path: 'all.mesh', text: generated.map((f) => f.text).join('\n') }]]);
  out.push(['40 generated services, several files', generated]);
  return out;
}

const TOKENS = [
  'service', 'service x {', 'service reviews {\n  port 9080 http\n}\n', 'mesh', 'mesh {\n  namespace shop\n}\n', 'gateway', 'external', 'external api {\n  hosts "api.example.com"\n  port 443 tls\n}\n',
  '{', '}', '{\n', '\n}\n', '}\n\n', '"', '"/api"', '"unterminated', '#', '# comment\n', '# meshc:ignore M5001\n', '\n', '\r\n', '\n\n', '  ', '\t',
  'port 80 http', '  timeout 5s\n', 'timeout', '5s', '5', 'route {', 'route -> v1', ' -> v1', 'when path prefix "/a" -> v2', 'otherwise -> v1',
  'versions v1, v2', 'version v3 { labels { track: x } }', 'allow from reviews', 'deny from ', 'mtls permissive', 'retries 3 per-try 2s on 5xx',
  ',', ':', '.', '->', '==', '%', '50%', 'v1', 'v2', 'reviews', 'ratings', 'productpage', 'x-canary', 'é', '😀', '\\', '-', ';', '=',
];

type Edit = {
  file: number;
  at: number;
  remove: number;
  insert: { kind: 'token'; token: string } | { kind: 'paste'; from: number; length: number } | { kind: 'undo' } | { kind: 'drop' };
};

const editArb: fc.Arbitrary<Edit> = fc.record({
  file: fc.nat(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 3 }) }, { weight: 1, arbitrary: fc.nat({ max: 120 }) }),
  insert: fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('token' as const), token: fc.constantFrom(...TOKENS) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('paste' as const), from: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat({ max: 200 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
    // A file leaves the program (an undo brings it back).
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const) }) },
  ),
});

/** Applies `edit`; returns the new texts (the file list is copied, never changed in place). */
function apply(files: SourceText[], history: SourceText[][], edit: Edit): SourceText[] {
  if (edit.insert.kind === 'undo') return history.pop() ?? files;
  const index = edit.file % files.length;
  if (edit.insert.kind === 'drop') {
    if (files.length === 1) return files;
    history.push(files);
    return files.filter((_, i) => i !== index);
  }
  const text = files[index]!.text;
  const at = Math.floor(edit.at * (text.length + 1));
  let insert = '';
  if (edit.insert.kind === 'token') insert = edit.insert.token;
  else {
    const from = Math.floor(edit.insert.from * text.length);
    insert = text.slice(from, from + edit.insert.length);
  }
  const next = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + edit.remove));
  history.push(files);
  return files.map((f, i) => (i === index ? { ...f, text: next } : f));
}

test('ProgramCache.check deep-equals checkProgram after every random edit', () => {
  const before = { ...reparseStats };
  let checks = 0;
  for (const [name, original] of programs()) {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 12 }), (edits) => {
        const cache = new ProgramCache();
        let files = original;
        assert.equal(cache.check(files), checkProgram(files), `${name}: before editing`);
        const history: SourceText[][] = [];
        for (const [k, edit] of edits.entries()) {
          files = apply(files, history, edit);
          const incremental = cache.check(files);
          checks++;
          assert.equal(incremental, checkProgram(files), `${name}: after edit ${k + 1} of ${edits.length}: ${JSON.stringify(edit)}`);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }
  // The incremental paths were taken, not only the fallbacks.
  const chunks = reparseStats.chunks - before.chunks;
  assert.ok(chunks > checks / 4, `${chunks} chunks re-parsed in ${checks} checks`);
});

/** Sequences that once broke the incremental parse, each replayed exactly. */
const REGRESSIONS: [string, Edit[]][] = [
  // A declaration ended by a missing `}` has its error at the start of the next one: it is not clean.
  ['canary', [
    { file: 0, at: 0, remove: 1, insert: { kind: 'undo' } },
    { file: 0, at: 0, remove: 0, insert: { kind: 'paste', from: 0, length: 89 } },
    { file: 0, at: 0, remove: 18, insert: { kind: 'paste', from: 0, length: 191 } },
  ]],
  // An error at the very end of the file belongs to the chunk that runs to the end.
  ['bookinfo', [
    { file: 0, at: 0.9999999999999982, remove: 0, insert: { kind: 'token', token: 'mesh' } },
    { file: 0, at: 0.9999999999999986, remove: 40, insert: { kind: 'paste', from: 0, length: 37 } },
  ]],
];

test('edit sequences that once broke the incremental parse', () => {
  const all = new Map(programs());
  for (const [name, edits] of REGRESSIONS) {
    const cache = new ProgramCache();
    let files = all.get(name)!;
    cache.check(files);
    const history: SourceText[][] = [];
    for (const [k, edit] of edits.entries()) {
      files = apply(files, history, edit);
      assert.equal(cache.check(files), checkProgram(files), `${name}, edit ${k + 1}`);
    }
  }
});

test('typing into a generated file re-parses one chunk and checks again only what changed', () => {
  const files = generateProject(200, 1);
  const index = files.findIndex((f) => f.path.startsWith('services/'));
  const cache = new ProgramCache();
  cache.check(files);
  let text = files[index]!.text;
  // Into the third service of the file, so that declarations before and after it are kept.
  let at = text.indexOf('\nservice ');
  at = text.indexOf('\nservice ', at + 1);
  at = text.indexOf('\n', text.indexOf('\nservice ', at + 1) + 1) + 1;
  const typed = '  timeout 5s\n';
  for (let k = 0; k < typed.length; k++) {
    text = text.slice(0, at + k) + typed[k] + text.slice(at + k);
    const edited = files.map((f, i) => (i === index ? { ...f, text } : f));
    const chunks = reparseStats.chunks;
    const result = cache.check(edited);
    assert.equal(result, checkProgram(edited), `after typing ${JSON.stringify(typed.slice(0, k + 1))}`);
    assert.is(reparseStats.chunks, chunks + 1, 'one chunk re-parsed');
    // The edited service's own statements again, and the references of those that name it.
    assert.ok(cache.checker.stats.own <= 2, `step 2 ran for ${cache.checker.stats.own} declarations`);
    assert.ok(cache.checker.stats.refs <= 10, `step 3 ran for ${cache.checker.stats.refs} declarations`);
  }
});

test('a program whose mesh block changes is checked again in full, and equals checkProgram', () => {
  const files = generateProject(60, 2);
  const cache = new ProgramCache();
  cache.check(files);
  const mesh = files.findIndex((f) => f.path === 'mesh.mesh');
  const edited = files.map((f, i) => (i === mesh ? { ...f, text: f.text.replace('mtls strict', 'mtls permissive') } : f));
  assert.equal(cache.check(edited), checkProgram(edited));
  assert.ok(cache.checker.stats.own >= 60);
});

test.run();
