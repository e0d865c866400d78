/**
 * `placementDiagnostics` (what `meshc check` reports about rules no port can carry, without
 * building the IR) says exactly what `lowerProgram` says, on every program the tests have: the
 * compile goldens, the diagnostic cases, the examples and a generated project.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFile } from '../../compiler/syntax/parse.ts';
import { checkFiles } from '../../compiler/check/index.ts';
import { lowerProgram, placementDiagnostics } from '../../compiler/ir/lower.ts';
import { generateProject } from '../../bench/generate.ts';

function meshFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? meshFiles(join(dir, e.name)) : e.name.endsWith('.mesh') ? [join(dir, e.name)] : [],
  );
}

const programs: { name: string; files: { path: string; text: string }[] }[] = [
  ...['test/compile', 'test/diagnostics'].flatMap((dir) =>
    meshFiles(dir).map((path) => ({ name: path, files: [{ path, text: readFileSync(path, 'utf8') }] })),
  ),
  ...readdirSync('examples').map((example) => ({
    name: `examples/${example}`,
    files: meshFiles(join('examples', example)).map((path) => ({ path, text: readFileSync(path, 'utf8') })),
  })),
  { name: 'generated, 100 services', files: generateProject(100, 1) },
];

test('placement: the diagnostics of placement alone are those of lowering', () => {
  let reported = 0;
  for (const { name, files } of programs) {
    const program = checkFiles(files.map((f) => parseFile(f.text, f.path).value)).value;
    const lowered = lowerProgram(program).diagnostics;
    assert.equal(placementDiagnostics(program), lowered, name);
    reported += lowered.length;
  }
  // The comparison must cover programs where lowering reports something.
  assert.ok(reported > 0, 'no program with a rule no port can carry');
});

test.run();
