/**
 * `main` run in-process with a stand-in compiler, for behaviour that no `.mesh` input is certain
 * to produce while the language grows: warnings, and colour on a terminal.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Compiler, SourceText } from '../../compiler/cli/compiler.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { project, runInProcess, standInCompileOutput } from './harness.ts';

/** Warns about every file, at its first character. */
const warning: Compiler = {
  VERSION: '0.0.0-test',
  checkProgram: (files: SourceText[]) => ({
    diagnostics: files.map((f) => ({
      code: 'M1003',
      severity: 'warning' as const,
      file: f.path,
      range: { start: 0, end: 1 },
      message: 'stand-in warning',
    })),
  }),
  formatText: (text: string) => ({ value: text, diagnostics: [] }),
  compileProgram: (files: SourceText[]) =>
    standInCompileOutput([{ target: 'istio', path: 'istio/default/namespace.yaml', content: 'kind: Test\n' }], warning.checkProgram(files).diagnostics),
};

const cwd = project({ 'a.mesh': 'abc' });

test('warnings alone exit with 0, or with 1 under --strict', async () => {
  assert.is((await runInProcess(['check'], cwd, { compiler: warning })).code, 0);
  const strict = await runInProcess(['check', '--strict'], cwd, { compiler: warning });
  assert.is(strict.code, 1);
  assert.match(strict.stdout, 'a.mesh:1:1: warning[M1003]: stand-in warning');
  assert.match(strict.stdout, '1 warning\n');
});

test('colour on a terminal, unless --no-color or NO_COLOR says otherwise', async () => {
  const color = (args: string[], env: Record<string, string> = {}) =>
    runInProcess(args, cwd, { compiler: warning, tty: true, env }).then((r) => r.stdout.includes('\u001b['));
  assert.is(await color(['check']), true);
  assert.is(await color(['check', '--no-color']), false);
  assert.is(await color(['check'], { NO_COLOR: '1' }), false);
  assert.is(await color(['check', '--format', 'json']), false, 'only text is ever coloured');
});

test('an exception from the compiler is an internal error, exit code 3', async () => {
  const broken: Compiler = {
    ...warning,
    checkProgram: () => {
      throw new TypeError('boom');
    },
  };
  const run = await runInProcess(['check'], cwd, { compiler: broken });
  assert.is(run.code, 3);
  assert.match(run.stderr, 'meshc: internal error: TypeError: boom');
  assert.match(run.stderr, 'This is a bug in meshc');
});

test('compile: warnings alone still write; under --strict they fail and nothing is written', async () => {
  const dir = project({ 'a.mesh': 'abc' });
  const ok = await runInProcess(['compile', '--out', 'out'], dir, { compiler: warning });
  assert.is(ok.code, 0);
  assert.ok(existsSync(join(dir, 'out/istio/default/namespace.yaml')));
  const other = project({ 'a.mesh': 'abc' });
  const strict = await runInProcess(['compile', '--strict', '--out', 'out'], other, { compiler: warning });
  assert.is(strict.code, 1);
  assert.not.ok(existsSync(join(other, 'out')));
});

test('compile: a file that fails to serialise is an internal error, and DIR is left as it was', async () => {
  const dir = project({ 'a.mesh': 'abc' });
  assert.is((await runInProcess(['compile', '--target', 'istio', '--out', 'out'], dir, { compiler: warning })).code, 0);
  const failing: Compiler = {
    ...warning,
    compileProgram: () =>
      standInCompileOutput([
        { target: 'istio', path: 'istio/default/a.yaml', content: () => 'kind: A\n' },
        {
          target: 'istio',
          path: 'istio/default/b.yaml',
          content: () => {
            throw new TypeError('cannot serialise');
          },
        },
      ]),
  };
  const run = await runInProcess(['compile', '--target', 'istio', '--out', 'out'], dir, { compiler: failing });
  assert.is(run.code, 3);
  assert.match(run.stderr, 'meshc: internal error: TypeError: cannot serialise');
  assert.equal(readdirSync(join(dir, 'out')), ['istio'], 'no staging folder is left behind');
  assert.equal(readdirSync(join(dir, 'out/istio/default')), ['namespace.yaml']);
});

test.run();
