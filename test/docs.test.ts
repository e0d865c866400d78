/**
 * The docs cannot drift from the language: every ```mesh block in README.md and docs/ checks with
 * no diagnostics, unless the line before its fence says `<!-- error: M1234 -->`, in which case it
 * must report exactly that code. The diagnostic pages' "Avoid" blocks must report their page's code
 * and their "Prefer" blocks must check clean.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram, compileProgram, TARGETS } from '../compiler/index.ts';

interface Snippet {
  where: string;
  text: string;
  /** The code the snippet must report, or undefined when it must be clean. */
  expect: string | undefined;
}

function snippets(file: string, pageCode?: string): Snippet[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: Snippet[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (line.trim() !== '```mesh') continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== '```') j++;
    const marker = /^<!-- error: (M\d{4}) -->$/.exec((lines[i - 1] ?? '').trim())?.[1];
    const expect = marker ?? (pageCode && section === 'Avoid' ? pageCode : undefined);
    found.push({ where: `${file}:${i + 2}`, text: lines.slice(i + 1, j).join('\n') + '\n', expect });
    i = j;
  }
  return found;
}

/** `compile`: check as `meshc compile` for every target does, which adds the target diagnostics (M61xx). */
function check(snippet: Snippet, compile = false): void {
  const files = [{ path: snippet.where, text: snippet.text }];
  const codes = (compile ? compileProgram(files, { targets: TARGETS }) : checkProgram(files)).diagnostics.map((d) => `${d.code} ${d.message}`);
  if (snippet.expect === undefined) assert.equal(codes, [], `${snippet.where} should check clean`);
  else assert.ok(codes.some((c) => c.startsWith(snippet.expect!)), `${snippet.where} should report ${snippet.expect}; got ${codes.join('; ') || 'nothing'}`);
}

const guides = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

test('docs: every mesh snippet in README.md and docs/*.md is valid (or shows its marked error)', () => {
  let count = 0;
  for (const file of guides) for (const s of snippets(file)) (check(s), count++);
  assert.ok(count >= 20, `expected the guides to have mesh snippets, found ${count}`);
});

test('docs: diagnostic pages show their own code under Avoid and clean code under Prefer', () => {
  for (const page of readdirSync('docs/diagnostics').filter((f) => f.endsWith('.md'))) {
    const code = page.replace(/\.md$/, '');
    // Input-file codes (M0xxx) describe bytes, not programs, and have no mesh snippets.
    if (code.startsWith('M0')) continue;
    const found = snippets(join('docs/diagnostics', page), code);
    assert.ok(found.length >= 2, `${page} needs an Avoid and a Prefer snippet`);
    for (const s of found) check(s, code.startsWith('M61'));
  }
});

test.run();
