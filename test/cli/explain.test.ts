import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allSpecs } from '../../compiler/diagnostics/registry.ts';
import { meshc, project, ROOT } from './harness.ts';

const cwd = project();

/**
 * The first code of each range (M0xxx, M1xxx, …): one process per code of the whole registry
 * would make this suite slow as the registry grows, and the pages are embedded all alike.
 */
const sample = allSpecs()
  .map((s) => s.code)
  .filter((code, i, codes) => i === 0 || code[1] !== codes[i - 1]![1]);

test('explain CODE prints the documentation page of the code', () => {
  for (const code of sample) {
    const run = meshc(['explain', code], cwd);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, code);
    const page = path.join(ROOT, 'docs', 'diagnostics', `${code}.md`);
    if (existsSync(page)) assert.is(run.stdout.trimEnd(), readFileSync(page, 'utf8').trimEnd());
  }
});

test('codes are accepted in lower case too', () => {
  const code = allSpecs()[0]!.code;
  assert.is(meshc(['explain', code.toLowerCase()], cwd).stdout, meshc(['explain', code], cwd).stdout);
});

test('the bundled pages do not depend on the repository', () => {
  const copy = project();
  mkdirSync(path.join(copy, 'bin'));
  cpSync(path.join(ROOT, 'bin', 'meshc.js'), path.join(copy, 'bin', 'meshc.js'));
  cpSync(path.join(ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true });
  const code = allSpecs()[0]!.code;
  const bin = path.join(copy, 'bin', 'meshc.js');
  const run = spawnSync(process.execPath, [bin, 'explain', code], { cwd: copy, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, meshc(['explain', code], cwd).stdout);
});

test('an unknown code is a usage error with a suggestion', () => {
  const code = allSpecs()[0]!.code;
  const typo = `${code.slice(0, -1)}${code.endsWith('9') ? '8' : '9'}`;
  const run = meshc(['explain', typo], cwd);
  assert.is(run.code, 2);
  assert.match(run.stderr, `unknown diagnostic code ${typo}; did you mean`);
  assert.match(run.stderr, 'Usage: meshc explain CODE');
  assert.is(meshc(['explain'], cwd).code, 2);
  assert.is(meshc(['explain', code, code], cwd).code, 2);
});

test.run();
