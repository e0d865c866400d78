import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { meshc, project } from './harness.ts';

// NOTE: the formatter's canonical layout is not this suite's business. It relies only on an
// empty file being valid, on blank lines alone not being canonical, and on `@@@` being a syntax
// error.
const BLANK = '\n\n\n';

test('fmt --check lists files that would change, changes nothing, and exits with 1', () => {
  const cwd = project({ 'a.mesh': BLANK, 'sub/b.mesh': BLANK });
  const run = meshc(['fmt', '--check'], cwd);
  assert.is(run.code, 1, run.stderr);
  assert.is(run.stdout, 'a.mesh\nsub/b.mesh\n');
  assert.is(readFileSync(path.join(cwd, 'a.mesh'), 'utf8'), BLANK);
});

test('fmt rewrites files in place; afterwards fmt --check exits with 0', () => {
  const cwd = project({ 'a.mesh': BLANK });
  const run = meshc(['fmt'], cwd);
  assert.is(run.code, 0, run.stderr);
  assert.is.not(readFileSync(path.join(cwd, 'a.mesh'), 'utf8'), BLANK);
  const again = meshc(['fmt', '--check'], cwd);
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.is(again.stdout, '');
});

test('fmt keeps a byte order mark', () => {
  const cwd = project({ 'a.mesh': `\uFEFF${BLANK}` });
  assert.is(meshc(['fmt'], cwd).code, 0);
  assert.ok(readFileSync(path.join(cwd, 'a.mesh'), 'utf8').startsWith('\uFEFF'));
});

test('fmt keeps Windows line endings: a formatted CRLF file passes --check and is not rewritten', () => {
  const cwd = project({ 'a.mesh': 'service a {\r\n  port 80 http\r\n}\r\n', 'b.mesh': 'service b {\r\n    port 80 http\r\n}\r\n' });
  const check = meshc(['fmt', '--check'], cwd);
  assert.is(check.code, 1, check.stderr);
  assert.is(check.stdout, 'b.mesh\n');
  assert.is(meshc(['fmt'], cwd).code, 0);
  assert.is(readFileSync(path.join(cwd, 'b.mesh'), 'utf8'), 'service b {\r\n  port 80 http\r\n}\r\n');
  assert.is(meshc(['fmt', '--check'], cwd).code, 0);
});

test('files with syntax errors are reported on stderr and left alone, exit code 1', () => {
  const cwd = project({ 'bad.mesh': '@@@', 'good.mesh': BLANK });
  for (const args of [['fmt', '--check'], ['fmt']]) {
    const run = meshc(args, cwd);
    assert.is(run.code, 1);
    assert.match(run.stderr, /^bad\.mesh:1:1: error\[M1\d{3}\]/);
    assert.not.match(run.stdout, 'bad.mesh');
    assert.is(readFileSync(path.join(cwd, 'bad.mesh'), 'utf8'), '@@@');
  }
});

test('fmt takes the same paths as check', () => {
  assert.is(meshc(['fmt', 'missing'], project()).code, 2);
  assert.is(meshc(['fmt', '--check', '--format', 'json'], project({ 'a.mesh': '' })).code, 2);
});

test.run();
