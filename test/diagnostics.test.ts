/**
 * Diagnostic goldens: each `test/diagnostics/<CODE>-<slug>.mesh` (or a folder of that name with
 * several files, checked as one program) is checked, and its diagnostics are rendered exactly as
 * `meshc check` prints them, with the source line and carets, into `<case>.txt` beside it.
 * Every case must produce the code its name starts with, and every registry code needs a case.
 * Target diagnostics (M61xx) come from compiling for every target, as `meshc compile` does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram, compileProgram, TARGETS, type SourceText } from '../compiler/index.ts';
import { allSpecs } from '../compiler/diagnostics/registry.ts';
import { renderText } from '../compiler/diagnostics/render/text.ts';
import { expectGolden } from './helpers/golden.ts';

const dir = 'test/diagnostics';
const cases = readdirSync(dir)
  .filter((name) => name.endsWith('.mesh') || statSync(join(dir, name)).isDirectory())
  .sort();

function load(name: string): SourceText[] {
  const path = join(dir, name);
  if (!statSync(path).isDirectory()) return [{ path: name, text: readFileSync(path, 'utf8') }];
  return readdirSync(path)
    .filter((f) => f.endsWith('.mesh'))
    .sort()
    .map((f) => ({ path: `${name}/${f}`, text: readFileSync(join(path, f), 'utf8') }));
}

const covered = new Set<string>();

for (const name of cases) {
  const base = name.replace(/\.mesh$/, '');
  const code = /^(M\d{4})/.exec(base)?.[1];
  test(`diagnostics: ${base}`, () => {
    assert.ok(code, `case ${name} must be named after the code it shows (M1234-what.mesh)`);
    const files = load(name);
    // M61xx are diagnostics of one target, reported only when a compile asks for that target.
    const result = code?.startsWith('M61') ? compileProgram(files, { targets: TARGETS }) : checkProgram(files);
    const rendered = renderText({ diagnostics: result.diagnostics, sources: new Map(files.map((f) => [f.path, f.text])) });
    const codes = new Set(result.diagnostics.map((d) => d.code));
    assert.ok(codes.has(code!), `${name} should report ${code}; it reports: ${[...codes].join(', ') || 'nothing'}`);
    for (const d of result.diagnostics) covered.add(d.code);
    expectGolden(join(dir, `${base}.txt`), rendered || '(no diagnostics)\n');
  });
}

test('diagnostics: every registry code has a case', () => {
  // Input codes (M0xxx) are reported when files are read, and have CLI tests instead.
  const missing = allSpecs()
    .map((s) => s.code)
    .filter((c) => !c.startsWith('M0') && !covered.has(c));
  assert.equal(missing, [], `codes without a case in ${dir}: ${missing.join(', ')}`);
});

test.run();
