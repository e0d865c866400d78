/**
 * The hooks of `.pre-commit-hooks.yaml` in the real `pre-commit` (Debian's package), as a user's
 * repository uses them: a temporary git repository whose `.pre-commit-config.yaml` takes the hooks
 * from this repository, with `pre-commit install`, and real `git commit`s.
 *
 * The hook source is a snapshot of this checkout (tracked and untracked files that git does not
 * ignore, committed in a temporary repository), so the test tries the hooks as they are now, not as
 * they were at the last commit. pre-commit installs them as it would for a user: it clones that
 * repository, runs `npm install` and `npm pack` in it (the `prepare` script builds the CLI), and
 * installs the package with the machine's Node.js (`language_version: system`).
 *
 * Run by `npm run test:hooks` (part of `npm test`); it fails, saying what to install, without
 * `pre-commit` or `git`. Everything it makes is in temporary folders, removed when it ends.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GIT, gitEnv, PRE_COMMIT, requireTools, snapshotOfThisCheckout, tempFolder } from '../helpers/real-tools.ts';

const home = tempFolder('meshc-pre-commit-');
const user = path.join(home, 'user-repo');
// Only this test's settings: no global or system git configuration, pre-commit's cache in here.
const env: NodeJS.ProcessEnv = { ...gitEnv(home), PRE_COMMIT_HOME: path.join(home, 'pre-commit-cache'), PRE_COMMIT_COLOR: 'never', NO_COLOR: '1' };

function run(command: string, args: string[], cwd: string, timeoutMs = 60_000): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}\n${result.stdout}${result.stderr}`);
  return result;
}

function ok(command: string, args: string[], cwd: string, timeoutMs?: number): string {
  const result = run(command, args, cwd, timeoutMs);
  assert.is(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** The user's repository, whose configuration takes both hooks from the snapshot. */
function setUp(): void {
  requireTools('The pre-commit test (test/pre-commit)', [PRE_COMMIT, GIT]);
  const source = snapshotOfThisCheckout(home);
  mkdirSync(user);
  ok('git', ['init', '-q'], user);
  writeFileSync(
    path.join(user, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${source.repo}\n    rev: ${source.tag}\n    hooks:\n      - id: meshc-check\n      - id: meshc-fmt\n`,
  );
}

const write = (file: string, text: string): void => writeFileSync(path.join(user, file), text);
const commit = (message: string): SpawnSyncReturns<string> => run('git', ['commit', '-m', message], user, 5 * 60_000);
const head = (): string => run('git', ['rev-parse', '--verify', '-q', 'HEAD'], user).stdout.trim();

test('pre-commit installs both hooks from this repository with the system Node.js', () => {
  setUp();
  ok('pre-commit', ['install'], user);
  // The first install clones the repository, installs its npm dependencies, builds and packs it.
  ok('pre-commit', ['install-hooks'], user, 10 * 60_000);
});

test('a clean commit passes, and meshc-check checks the whole project (names across files)', () => {
  write('reviews.mesh', 'service reviews {\n  port 9080 http\n  versions v1, v2\n  route -> v1 90%, v2 10%\n}\n');
  write('productpage.mesh', 'service productpage {\n  port 9080 http\n}\n');
  ok('git', ['add', '-A'], user);
  const first = commit('two services');
  assert.is(first.status, 0, `the clean commit was blocked:\n${first.stdout}${first.stderr}`);
  assert.match(first.stdout + first.stderr, /meshc check\.+Passed/);
  // Only ratings.mesh is staged, and it calls `reviews`, declared in another file.
  write('ratings.mesh', 'service ratings {\n  port 9080 http\n  allow from reviews to GET\n}\n');
  ok('git', ['add', 'ratings.mesh'], user);
  const second = commit('ratings, called by reviews');
  assert.is(second.status, 0, `a commit that refers to a service of another file was blocked:\n${second.stdout}${second.stderr}`);
});

test('a commit with a broken .mesh file is blocked, and the diagnostic is printed', () => {
  const before = head();
  write('reviews.mesh', 'service reviews {\n  port 9080 htp\n  versions v1, v2\n  route -> v1 90%, v2 10%\n}\n');
  ok('git', ['add', 'reviews.mesh'], user);
  const blocked = commit('a typo');
  const output = blocked.stdout + blocked.stderr;
  assert.is.not(blocked.status, 0, `the broken commit went through:\n${output}`);
  assert.is(head(), before, 'no commit was made');
  assert.match(output, /meshc check\.+Failed/);
  assert.match(output, 'reviews.mesh:2:13: error[M3004]: Unknown protocol `htp`');
  assert.match(output, ' 2 |   port 9080 htp');
  // Put the file back as it was, for the next test.
  ok('git', ['checkout', 'HEAD', '--', 'reviews.mesh'], user);
});

test('meshc-fmt rewrites an unformatted file and fails the commit; the formatted file commits', () => {
  const before = head();
  write('details.mesh', 'service   details {port 9080 http\n    versions v1,v2 route -> v1}\n');
  ok('git', ['add', 'details.mesh'], user);
  const first = commit('details, unformatted');
  const output = first.stdout + first.stderr;
  assert.is.not(first.status, 0, `the unformatted commit went through:\n${output}`);
  assert.is(head(), before);
  assert.match(output, /meshc fmt\.+Failed/);
  assert.match(output, 'files were modified by this hook');
  assert.is(readFileSync(path.join(user, 'details.mesh'), 'utf8'), 'service details {\n  port 9080 http\n  versions v1, v2\n  route -> v1\n}\n');
  ok('git', ['add', 'details.mesh'], user);
  const second = commit('details, formatted');
  assert.is(second.status, 0, `the formatted commit was blocked:\n${second.stdout}${second.stderr}`);
  assert.is.not(head(), before);
});

test.run();
