import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderJson } from '../../compiler/diagnostics/render/json.ts';
import { diagnostics, sources } from './fixtures.ts';

test('one object per line, sorted, with 1-based UTF-16 positions and an exclusive end', () => {
  const lines = renderJson({ diagnostics, sources }).split('\n');
  assert.is(lines.pop(), '', 'every line ends with a newline');
  const objects = lines.map((line) => JSON.parse(line));
  assert.equal(
    objects.map((o) => `${o.file} ${o.code}`),
    ['a.mesh M1002', 'a.mesh M1003', 'b.mesh M1001', 'c.mesh M0002'],
  );
  assert.equal(objects[1], {
    file: 'a.mesh',
    range: { start: { line: 2, column: 13 }, end: { line: 2, column: 14 } },
    severity: 'warning',
    code: 'M1003',
    message: 'Odd, 100% odd:\nsee here',
  });
  assert.equal(objects[0].range, { start: { line: 1, column: 3 }, end: { line: 2, column: 6 } });
  assert.equal(objects[2].related, [
    { file: 'a.mesh', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 5 } }, message: 'the mesh is declared here' },
  ]);
  assert.is('related' in objects[3], false, 'related appears only when there is some');
});

test('no diagnostics, no lines', () => {
  assert.is(renderJson({ diagnostics: [], sources }), '');
});

test.run();
