import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderText, summary } from '../../compiler/diagnostics/render/text.ts';
import { diagnostics, sources } from './fixtures.ts';

test('compiler-style blocks in sorted order, carets under the range, notes and a summary', () => {
  assert.fixture(
    renderText({ diagnostics, sources }),
    [
      'a.mesh:1:3: info[M1002]: Spans two lines.',
      ' 1 | mesh {',
      '   |   ^^^^',
      '',
      'a.mesh:2:13: warning[M1003]: Odd, 100% odd:',
      'see here',
      ' 2 |   name "😀" @',
      '   |             ^',
      '',
      'b.mesh:2:7: error[M1001]: Unexpected character #.',
      ' 2 |     port ## 80',
      '   |          ^^',
      'a.mesh:1:1: note: the mesh is declared here',
      '',
      'c.mesh:1:1: error[M0002]: Binary.',
      '',
      '2 errors, 1 warning, 1 info',
      '',
    ].join('\n'),
  );
});

test('tabs expand to the next multiple of four in the line and the carets alike', () => {
  const text = 'a\tb\t\tc';
  const out = renderText({
    diagnostics: [{ code: 'M1001', severity: 'error', file: 't.mesh', range: { start: 5, end: 6 }, message: 'm' }],
    sources: new Map([['t.mesh', text]]),
  });
  const [, line, carets] = out.split('\n');
  assert.is(line, ' 1 | a   b       c');
  assert.is(carets, '   |             ^');
});

test('on a long line only the part around the range is shown, with … where the line goes on', () => {
  const names = Array.from({ length: 3000 }, (_, i) => `svc${i}`);
  const text = `service a { allow from ${names.join(', ')} }`;
  const at = text.indexOf('svc1500,');
  const out = renderText({
    diagnostics: [{ code: 'M2001', severity: 'error', file: 'l.mesh', range: { start: at, end: at + 'svc1500'.length }, message: 'm' }],
    sources: new Map([['l.mesh', text]]),
  });
  const [, line, carets] = out.split('\n');
  assert.ok(line!.length < 260, `the shown line is short (${line!.length})`);
  assert.ok(line!.startsWith(' 1 | …') && line!.endsWith('…'), line);
  // The carets stand under the range's text.
  const column = carets!.indexOf('^');
  assert.is(line!.slice(column, column + 'svc1500'.length), 'svc1500');
  assert.is(carets!.match(/\^/g)?.length, 'svc1500'.length);
  // At the start of a long line there is nothing before, and a surrogate pair is never cut.
  const emoji = '😀'.repeat(200);
  const first = renderText({
    diagnostics: [{ code: 'M1001', severity: 'error', file: 'e.mesh', range: { start: 0, end: 2 }, message: 'm' }],
    sources: new Map([['e.mesh', emoji]]),
  }).split('\n');
  assert.ok(first[1]!.startsWith(' 1 | 😀') && first[1]!.endsWith('…'), first[1]);
  assert.not.match(first[1]!, /[\ud800-\udbff](?![\udc00-\udfff])/, 'no lone high surrogate');
});

test('an empty range at the end of the file still gets a caret', () => {
  const out = renderText({
    diagnostics: [{ code: 'M1002', severity: 'error', file: 't.mesh', range: { start: 3, end: 3 }, message: 'm' }],
    sources: new Map([['t.mesh', 'abc']]),
  });
  assert.match(out, ' 1 | abc\n   |    ^\n');
});

test('control characters are shown as control pictures, never sent to the terminal', () => {
  const out = renderText({
    diagnostics: [{ code: 'M1001', severity: 'error', file: 't.mesh', range: { start: 1, end: 2 }, message: 'm' }],
    sources: new Map([['t.mesh', 'a\u001bb']]),
  });
  assert.not.match(out, '\u001b');
  assert.match(out, ' 1 | a\u241bb\n   |  ^\n');
});

test('colour only when asked', () => {
  assert.not.match(renderText({ diagnostics, sources }), '\u001b[');
  assert.match(renderText({ diagnostics, sources }, { color: true }), '\u001b[1;31merror[M1001]:\u001b[0m');
});

test('no diagnostics, no output; summaries count each severity', () => {
  assert.is(renderText({ diagnostics: [], sources }), '');
  assert.is(summary(diagnostics.slice(0, 1)), '1 error');
  assert.is(summary([...diagnostics, ...diagnostics]), '4 errors, 2 warnings, 2 info');
});

test('output does not depend on the order of the input', () => {
  const reversed = [...diagnostics].reverse();
  assert.is(renderText({ diagnostics: reversed, sources }), renderText({ diagnostics, sources }));
});

test.run();
