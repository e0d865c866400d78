import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { meshc, project } from './harness.ts';

test('a missing path is an I/O error, exit code 2', () => {
  const run = meshc(['check', 'nowhere.mesh'], project());
  assert.is(run.code, 2);
  assert.is(run.stderr, 'meshc: error: cannot read nowhere.mesh: no such file or folder\n');
});

test('a folder without .mesh files is an error, exit code 2', () => {
  const cwd = project({ 'empty/.hidden/x.mesh': '', 'empty/node_modules/y.mesh': '', 'empty/notes.txt': '' });
  const run = meshc(['check', 'empty'], cwd);
  assert.is(run.code, 2);
  assert.is(run.stderr, 'meshc: error: no .mesh files found under empty\n');
  assert.is(meshc(['check'], project()).code, 2, 'the default . too');
});

test('a file that is not .mesh, named explicitly, is a usage error', () => {
  const run = meshc(['check', 'notes.txt'], project({ 'notes.txt': '' }));
  assert.is(run.code, 2);
  assert.match(run.stderr, 'notes.txt is not a .mesh file');
  assert.match(run.stderr, 'Usage: meshc check');
});

test('a file used as a folder is an error; a folder named like a file is walked', () => {
  const cwd = project({ 'a.mesh': '', 'odd.mesh/inner.mesh': '' });
  const run = meshc(['check', 'a.mesh/'], cwd);
  assert.is(run.code, 2);
  assert.is(run.stderr, 'meshc: error: cannot read a.mesh/: a part of the path is a file, not a folder\n');
  const walked = meshc(['check', '--format', 'json', 'odd.mesh'], cwd);
  assert.is(walked.code, 0, walked.stderr);
});

test('a file that cannot be read is an I/O error, exit code 2', () => {
  // A symbolic link to itself cannot be opened by anyone, root included.
  const cwd = project();
  symlinkSync('loop.mesh', path.join(cwd, 'loop.mesh'));
  const loop = meshc(['check'], cwd);
  assert.is(loop.code, 2);
  assert.is(loop.stderr, 'meshc: error: cannot read loop.mesh: too many symbolic links\n');

  const locked = project({ 'locked.mesh': '' });
  chmodSync(path.join(locked, 'locked.mesh'), 0o000);
  const run = meshc(['check', 'locked.mesh'], locked);
  // NOTE: root reads files whatever their mode (tests may run as root, in CI for one), so the
  // permission check means something only for other users; the link above covers root.
  if (process.getuid?.() !== 0) {
    assert.is(run.code, 2);
    assert.is(run.stderr, 'meshc: error: cannot read locked.mesh: permission denied\n');
  }
});

test('a folder that cannot be read is an I/O error, exit code 2', () => {
  const cwd = project({ 'ok/a.mesh': '' });
  mkdirSync(path.join(cwd, 'ok', 'closed'));
  chmodSync(path.join(cwd, 'ok', 'closed'), 0o000);
  const run = meshc(['check', 'ok'], cwd);
  // NOTE: as above, root can read the folder anyway.
  if (process.getuid?.() !== 0) {
    assert.is(run.code, 2);
    assert.is(run.stderr, 'meshc: error: cannot read folder ok/closed: permission denied\n');
  } else {
    assert.is(run.code, 0, run.stderr);
  }
});

test.run();
