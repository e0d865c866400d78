/**
 * Determinism: the compiled output is byte-identical whatever the order of files and of the
 * declarations in them. fast-check shuffles the declarations of each compile case and of the
 * examples and deals them into one to three files under random names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileProgram, type SourceText } from '../compiler/index.ts';
import { parseFile } from '../compiler/syntax/parse.ts';

function declarations(text: string, path: string): string[] {
  return parseFile(text, path).value.decls.map((d) => text.slice(d.range.start, d.range.end));
}

const programs: { name: string; decls: string[] }[] = [
  ...readdirSync('test/compile')
    .filter((f) => f.endsWith('.mesh'))
    .sort()
    .map((f) => ({ name: f, decls: declarations(readFileSync(join('test/compile', f), 'utf8'), f) })),
  ...readdirSync('examples').map((e) => ({
    name: e,
    decls: readdirSync(join('examples', e))
      .filter((f) => f.endsWith('.mesh'))
      .flatMap((f) => declarations(readFileSync(join('examples', e, f), 'utf8'), f)),
  })),
];

function output(files: SourceText[]): string {
  const result = compileProgram(files);
  return result.outputs.map((o) => `${o.path}\n${o.content}`).join('\n');
}

test('determinism: shuffled declarations and files give byte-identical output', () => {
  for (const program of programs) {
    const baseline = output([{ path: 'a.mesh', text: program.decls.join('\n\n') }]);
    assert.ok(baseline.length > 0, program.name);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(program.decls, { minLength: program.decls.length, maxLength: program.decls.length }),
        fc.array(fc.nat({ max: 2 }), { minLength: program.decls.length, maxLength: program.decls.length }),
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 3, maxLength: 3 }),
        (decls, bins, names) => {
          const files = names.map((n) => ({ path: `${n}.mesh`, text: '' }));
          decls.forEach((d, i) => (files[bins[i]!]!.text += `${d}\n\n`));
          assert.is(output(files.filter((f) => f.text !== '')), baseline, program.name);
        },
      ),
      { numRuns: 15, seed: 7 },
    );
  }
});

test.run();
