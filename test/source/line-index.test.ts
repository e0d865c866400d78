import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LineIndex } from '../../compiler/source/line-index.ts';

test('LF, CRLF and lone CR each end one line', () => {
  const index = new LineIndex('a\nbb\r\nccc\rd');
  assert.is(index.lineCount, 4);
  assert.equal([0, 1, 2, 3].map((l) => index.lineText(l)), ['a', 'bb', 'ccc', 'd']);
  assert.equal(index.position(5), { line: 1, column: 3 }, 'the \\n of a CRLF is still on its line');
  assert.equal(index.position(6), { line: 2, column: 0 });
  assert.equal(index.position(10), { line: 3, column: 0 });
});

test('a trailing line break starts an empty last line', () => {
  const index = new LineIndex('x\r\n');
  assert.is(index.lineCount, 2);
  assert.is(index.lineText(1), '');
  assert.equal(index.position(3), { line: 1, column: 0 });
});

test('columns count UTF-16 code units, and a tab is one column', () => {
  const index = new LineIndex('\t😀é x');
  assert.equal(index.position(5), { line: 0, column: 5 });
  assert.is(index.text[index.offset({ line: 0, column: 5 })], 'x');
});

test('offsets and positions outside the text are clamped', () => {
  const index = new LineIndex('ab\ncd');
  assert.equal(index.position(-3), { line: 0, column: 0 });
  assert.equal(index.position(99), { line: 1, column: 2 });
  assert.is(index.offset({ line: 0, column: 99 }), 2, 'a column past the end means the end of the line');
  assert.is(index.offset({ line: 7, column: 0 }), 5);
  assert.is(index.offset({ line: -1, column: 0 }), 0);
});

test('position and offset are inverse, and agree with a naive split', () => {
  const text = fc.string({ unit: fc.constantFrom('a', '\t', '\n', '\r', '\r\n', '😀', 'é') as fc.Arbitrary<string> });
  fc.assert(
    fc.property(text, (t) => {
      const index = new LineIndex(t);
      const lines = t.split(/\r\n|\r|\n/);
      assert.is(index.lineCount, lines.length);
      lines.forEach((line, i) => assert.is(index.lineText(i), line));
      for (let offset = 0; offset <= t.length; offset++) {
        const position = index.position(offset);
        // Offsets inside a CRLF pair have no position of their own; all others round-trip.
        if (!(t[offset - 1] === '\r' && t[offset] === '\n')) assert.is(index.offset(position), offset);
      }
    }),
    // Seeded, so that a CI run is reproducible.
    { seed: 11 },
  );
});

test.run();
