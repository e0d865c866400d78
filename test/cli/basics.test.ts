import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { meshc, project, ROOT } from './harness.ts';

const cwd = project();
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

test('--version and -V print the package version', () => {
  for (const flag of ['--version', '-V']) {
    const run = meshc([flag], cwd);
    assert.is(run.code, 0);
    assert.is(run.stdout, `meshc ${version}\n`);
  }
});

test('help lists every command of the contract', () => {
  for (const args of [['help'], ['--help'], ['-h']]) {
    const run = meshc(args, cwd);
    assert.is(run.code, 0);
    for (const command of ['check', 'fmt', 'explain', 'compile', 'lsp', 'help']) assert.match(run.stdout, `  ${command} `);
  }
});

test('help COMMAND and COMMAND --help describe one command', () => {
  const help = meshc(['help', 'check'], cwd);
  assert.is(help.code, 0);
  assert.match(help.stdout, 'Usage: meshc check');
  assert.match(help.stdout, '--format');
  assert.is(meshc(['check', '--help'], cwd).stdout, help.stdout);
  assert.is(meshc(['help', 'nope'], cwd).code, 2);
});

test('no command: the overview, and exit code 2', () => {
  const run = meshc([], cwd);
  assert.is(run.code, 2);
  assert.match(run.stderr, 'Commands:');
});

test('an unknown command is a usage error with a suggestion', () => {
  const run = meshc(['chekc'], cwd);
  assert.is(run.code, 2);
  assert.match(run.stderr, 'unknown command chekc; did you mean check?');
  assert.match(run.stderr, "run 'meshc help'");
  assert.is(run.stdout, '');
});

test('an unknown option is a usage error with the usage line of its command', () => {
  const run = meshc(['check', '--fromat', 'json'], cwd);
  assert.is(run.code, 2);
  assert.match(run.stderr, 'did you mean --format?');
  assert.match(run.stderr, 'Usage: meshc check');
  assert.is(meshc(['check', '--format', 'xml'], cwd).code, 2);
  assert.is(meshc(['check', '--format'], cwd).code, 2);
  assert.is(meshc(['--frobnicate'], cwd).code, 2);
});

test('compile targets that do not exist yet say so, with exit code 2', () => {
  for (const target of ['gateway-api']) {
    const run = meshc(['compile', '--target', target, '--stdout'], cwd);
    assert.is(run.code, 2);
    assert.match(run.stderr, `--target ${target} is not implemented yet`);
    assert.is(run.stdout, '');
  }
});

test('an internal error exits with 3, a stack trace into the sources and a request to report it', () => {
  // MESHC_INTERNAL_TEST_CRASH is a test hook of compiler/cli/main.ts: it makes a command throw.
  const run = meshc(['check'], cwd, { MESHC_INTERNAL_TEST_CRASH: '1' });
  assert.is(run.code, 3);
  assert.match(run.stderr, 'meshc: internal error: Error: MESHC_INTERNAL_TEST_CRASH');
  assert.match(run.stderr, /at .*compiler\/cli\/main\.ts:\d+/, 'the source map maps the stack to TypeScript');
  assert.match(run.stderr, 'This is a bug in meshc, please report it at https://github.com/meshc/meshc/issues');
});

test.run();
