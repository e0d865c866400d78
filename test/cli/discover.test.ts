import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discover } from '../../compiler/cli/discover.ts';
import { project } from './harness.ts';

const shown = async (args: string[], cwd: string) => (await discover(args, cwd)).map((f) => f.path);

test('folders expand recursively to .mesh files, skipping hidden entries and node_modules', async () => {
  const cwd = project({
    'b.mesh': '',
    'sub/a.mesh': '',
    'sub/deeper/c.mesh': '',
    'sub/readme.md': '',
    '.git/x.mesh': '',
    'sub/.hidden.mesh': '',
    'node_modules/pkg/y.mesh': '',
  });
  assert.equal(await shown([], cwd), ['b.mesh', 'sub/a.mesh', 'sub/deeper/c.mesh']);
});

test('one file named twice, or by a file and its folder, is listed once; order is byte order', async () => {
  const cwd = project({ 'Z.mesh': '', 'a.mesh': '', 'é.mesh': '', 'dir/x.mesh': '' });
  assert.equal(await shown(['dir', './a.mesh', 'a.mesh', 'dir/x.mesh', '.'], cwd), [
    'Z.mesh',
    'a.mesh',
    'dir/x.mesh',
    'é.mesh',
  ]);
});

test('paths are shown relative to the working directory, absolute ones too', async () => {
  const cwd = project({ 'dir/x.mesh': '' });
  const files = await discover([path.join(cwd, 'dir')], path.join(cwd, 'dir'));
  assert.equal(files.map((f) => f.path), ['x.mesh']);
  assert.equal(await shown(['../dir/x.mesh'], path.join(cwd, 'dir')), ['x.mesh']);
  const above = await discover(['dir'], path.join(cwd, 'dir', '..', 'dir', '..'));
  assert.is(above[0]!.absolute, path.join(cwd, 'dir', 'x.mesh'));
});

test('links to files are followed, links to folders are not', async () => {
  const cwd = project({ 'real/a.mesh': '', 'src/b.mesh': '' });
  symlinkSync(path.join(cwd, 'real', 'a.mesh'), path.join(cwd, 'src', 'link.mesh'));
  symlinkSync(path.join(cwd, 'src'), path.join(cwd, 'src', 'cycle'));
  assert.equal(await shown(['src'], cwd), ['src/b.mesh', 'src/link.mesh']);
});

test('problems are CliErrors, which end with exit code 2', async () => {
  const cwd = project({ 'x.txt': '' });
  for (const args of [['missing'], ['x.txt'], ['.']]) {
    try {
      await discover(args, cwd);
      assert.unreachable(`${args} should fail`);
    } catch (error) {
      assert.is((error as Error).name, 'CliError', String(error));
    }
  }
});

test.run();
