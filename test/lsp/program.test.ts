/**
 * The language server checks with `ProgramCache` (`compiler/query/program.ts`), which re-parses
 * only changed files; it must report exactly what `checkProgram` (and so `meshc check`) reports.
 * Compared on every example and every diagnostic case, and again after editing each file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram, type SourceText } from '../../compiler/index.ts';
import { ProgramCache } from '../../compiler/query/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function meshFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? meshFiles(full) : name.endsWith('.mesh') ? [full] : [];
    })
    .sort();
}

/** Each program: an example folder, a diagnostic case file, or a diagnostic case folder. */
function programs(): [string, SourceText[]][] {
  const read = (files: string[]): SourceText[] => files.map((f) => ({ path: path.relative(ROOT, f), text: readFileSync(f, 'utf8') }));
  const out: [string, SourceText[]][] = [];
  for (const example of ['bookinfo', 'canary']) out.push([example, read(meshFiles(path.join(ROOT, 'examples', example)))]);
  const cases = path.join(ROOT, 'test', 'diagnostics');
  for (const name of readdirSync(cases).sort()) {
    const full = path.join(cases, name);
    if (statSync(full).isDirectory()) out.push([name, read(meshFiles(full))]);
    else if (name.endsWith('.mesh')) out.push([name, read([full])]);
  }
  return out;
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

test('ProgramCache.check equals checkProgram on every example and diagnostic case, before and after edits', () => {
  const all = programs();
  assert.ok(all.length > 50, `found ${all.length} programs`);
  for (const [name, files] of all) {
    const cache = new ProgramCache();
    assert.equal(plain(cache.check(files)), plain(checkProgram(files)), name);
    // Edit each file in turn (a comment line at the top), so that the cache mixes new and kept trees.
    const edited = files.map((f) => ({ ...f }));
    for (const file of edited) {
      file.text = `# edited\n${file.text}`;
      assert.equal(plain(cache.check(edited)), plain(checkProgram(edited)), `${name}, after editing ${file.path}`);
    }
    assert.is(cache.size, files.length);
  }
});

test('a file that leaves the program leaves the cache', () => {
  const cache = new ProgramCache();
  cache.check([{ path: 'a.mesh', text: 'service a { port 1 http }' }, { path: 'b.mesh', text: 'service b { port 1 http }' }]);
  assert.is(cache.size, 2);
  cache.check([{ path: 'a.mesh', text: 'service a { port 1 http }' }]);
  assert.is(cache.size, 1);
});

test.run();
