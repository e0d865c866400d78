import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonDiagnostic } from '../../compiler/diagnostics/render/json.ts';
import { LineIndex } from '../../compiler/source/line-index.ts';
import { meshc, project } from './harness.ts';

const BOM = '\uFEFF';
const json = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as JsonDiagnostic);

test('a binary file is M0002, exit code 1', () => {
  const run = meshc(['check', '--format', 'json'], project({ 'bin.mesh': Uint8Array.from([0x6d, 0, 0xff]) }));
  assert.is(run.code, 1);
  const [d] = json(run.stdout);
  assert.is(d!.code, 'M0002');
  assert.equal(d!.range.start, { line: 1, column: 1 });
});

test('invalid UTF-8 is M0001, naming the offset of the first bad byte', () => {
  const run = meshc(['check'], project({ 'latin1.mesh': Uint8Array.from([0x61, 0x62, 0xe9, 0x0a]) }));
  assert.is(run.code, 1);
  assert.match(run.stdout, /^latin1\.mesh:1:1: error\[M0001\]: .*offset 2/);
  assert.match(run.stdout, '1 error');
});

test('a byte order mark is not part of the text: columns count from the first character', () => {
  assert.is(meshc(['check'], project({ 'empty.mesh': BOM })).code, 0);
  const run = meshc(['check', '--format', 'json'], project({ 'bom.mesh': `${BOM}@@@` }));
  assert.is(run.code, 1);
  assert.equal(json(run.stdout)[0]!.range.start, { line: 1, column: 1 });
});

test('with CRLF line ends and tabs, reported columns agree with the line index', () => {
  const text = '\r\n \r\n\t\t@@@ \r\n';
  const run = meshc(['check', '--format', 'json'], project({ 'crlf.mesh': text }));
  assert.is(run.code, 1);
  const index = new LineIndex(text);
  const { start } = json(run.stdout)[0]!.range;
  assert.is(text[index.offset({ line: start.line - 1, column: start.column - 1 })], '@');
  assert.equal(start, { line: 3, column: 3 });

  // In text output the caret sits under the `@`, with the tabs expanded in both lines.
  const lines = meshc(['check'], project({ 'crlf.mesh': text })).stdout.split('\n');
  const source = lines.find((l) => /^ \d+ \| .*@@@/.test(l))!;
  const carets = lines[lines.indexOf(source) + 1]!;
  assert.not.match(source, '\t');
  assert.is(carets.indexOf('^'), source.indexOf('@'));
});

test('an empty file is valid: nothing printed, exit code 0', () => {
  const run = meshc(['check', 'empty.mesh'], project({ 'empty.mesh': '' }));
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.is(run.stdout, '');
});

test.run();
