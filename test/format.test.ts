/**
 * `meshc fmt`: canonical output (goldens in test/format/<case>.formatted.mesh), idempotence,
 * meaning preserved (syntax trees equal modulo positions) and every comment kept, on the
 * examples, the diagnostic cases that parse cleanly, and the format cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatText } from '../compiler/index.ts';
import { checkFormatting } from './helpers/format.ts';
import { expectGolden } from './helpers/golden.ts';

function meshFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mesh') && !f.endsWith('.formatted.mesh'))
    .map((f) => join(dir, f))
    .sort();
}

for (const file of meshFiles('test/format')) {
  test(`fmt golden: ${file}`, () => {
    const formatted = checkFormatting(readFileSync(file, 'utf8'), file);
    assert.ok(formatted !== undefined, `${file} should parse`);
    expectGolden(file.replace(/\.mesh$/, '.formatted.mesh'), formatted!);
  });
}

test('fmt: the examples are already formatted', () => {
  for (const file of meshFiles('examples')) {
    const text = readFileSync(file, 'utf8');
    assert.is(checkFormatting(text, file), text, `${file} is not in canonical form: run meshc fmt ${file}`);
  }
});

test('fmt: invariants hold on every diagnostic case that parses', () => {
  let formatted = 0;
  for (const file of meshFiles('test/diagnostics')) {
    if (checkFormatting(readFileSync(file, 'utf8'), file) !== undefined) formatted++;
  }
  assert.ok(formatted >= 20, `expected most diagnostic cases to parse, formatted only ${formatted}`);
});

test('fmt: refuses to format a file with syntax errors', () => {
  const result = formatText('service a {\n  port 80 http\n  rout -> v1\n}\n', 'x.mesh');
  assert.is(result.value, undefined);
  assert.is(result.diagnostics[0]?.code, 'M1004');
});

test('fmt: keeps a blank line between statements, at most one', () => {
  const result = formatText('service a {\n  port 80 http\n\n\n\n  versions v1\n}\n', 'x.mesh');
  assert.is(result.value, 'service a {\n  port 80 http\n\n  versions v1\n}\n');
});

test('fmt: keeps the line breaks of the first line: CRLF stays CRLF, anything else becomes LF', () => {
  const lf = 'service a {\n  port 80 http\n\n  versions v1\n}\n';
  const crlf = lf.replaceAll('\n', '\r\n');
  assert.is(formatText('service a {\r\n    port 80 http\r\n\r\n\r\n  versions v1\r\n}\r\n', 'x.mesh').value, crlf);
  assert.is(formatText(crlf, 'x.mesh').value, crlf, 'a formatted CRLF file is left as it is');
  // Mixed line breaks follow the first one.
  assert.is(formatText('service a {\r\n  port 80 http\n\n  versions v1\n}\n', 'x.mesh').value, crlf);
  assert.is(formatText('service a {\n  port 80 http\r\n\r\n  versions v1\r\n}\r\n', 'x.mesh').value, lf);
  // Comments keep their text, without the carriage return.
  assert.is(formatText('# note\r\nservice a {\r\n  port 80 http\r\n}\r\n', 'x.mesh').value, '# note\r\nservice a {\r\n  port 80 http\r\n}\r\n');
  checkFormatting(crlf, 'x.mesh');
});

test('fmt: strings read back as the same value (quotes, backslashes, regexes)', () => {
  const text = 'service a {\n  port 80 http\n  route {\n    when path regex "^/v\\d+/\\"q\\"\\\\" -> a\n  }\n}\n';
  checkFormatting(text, 'x.mesh');
});

test.run();
