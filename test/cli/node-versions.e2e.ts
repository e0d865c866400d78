/**
 * meshc on newer Nodes than the project's: Node 22 and 24 (the npm package `node`, installed under
 * `test/tools/node22` and `test/tools/node24`; the editor test uses the same Node 24). The README
 * promises Node 20 or later; this test holds meshc to it where Node differs most: V8's version
 * (V8 12 and 13 do not know the flag meshc sets on Node 20, `compiler/cli/v8-tuning.ts`),
 * deprecations of Node's built-in modules, and worker threads.
 *
 * Every run must give what the same run gives on the project's Node: the same exit code, the same
 * standard output and error (so no warning of Node's or V8's), and the same files.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanEnv, installNpmTools, ROOT, tempFolder } from '../helpers/real-tools.ts';
import { generatedProject, snapshot } from './harness.ts';

const BIN = path.join(ROOT, 'bin', 'meshc.js');
const logDir = tempFolder('meshc-node-versions-log-');
/** Each Node to test: its major version and its executable. */
const nodes = [22, 24].map((major) => ({ major, node: path.join(installNpmTools(`node${major}`, logDir), 'node_modules', '.bin', 'node') }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(node: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(node, [BIN, ...args], { cwd, env: { ...cleanEnv(), ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `actual` is `expected`: standard error and the exit code compared in full, standard output by
 * its first differing line.
 */
function assertSameRun(actual: Run, expected: Run, what: string): void {
  assert.is(actual.stderr, expected.stderr, `${what}: standard error`);
  assert.is(actual.status, expected.status, `${what}: exit code`);
  if (actual.stdout !== expected.stdout) {
    const a = actual.stdout.split('\n');
    const e = expected.stdout.split('\n');
    const line = a.findIndex((text, i) => text !== e[i]);
    assert.unreachable(`${what}: standard output differs at line ${line + 1}:\n  newer Node: ${a[line]}\n  Node 20: ${e[line]}`);
  }
}

for (const { major, node } of nodes) {
  test(`Node ${major} is installed`, () => {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
    assert.match(version.stdout, new RegExp(`^v${major}\\.`));
  });

  test(`check and compile --stdout on Node ${major} print exactly what they print on Node 20`, () => {
    const bookinfo = path.join(ROOT, 'examples', 'bookinfo');
    for (const args of [
      ['check', bookinfo],
      ['check', bookinfo, '--format', 'json'],
      ['compile', bookinfo, '--stdout'],
      ['compile', bookinfo, '--target', 'envoy', '--stdout'],
    ]) {
      const expected = run(process.execPath, args, ROOT);
      assert.is(expected.status, 0, `${args.join(' ')} on Node 20: ${expected.stderr}`);
      assertSameRun(run(node, args, ROOT), expected, args.join(' '));
    }
  });

  test(`a program with errors, and an invalid meshc.json: the same reports and exit codes on Node ${major}`, () => {
    const cwd = tempFolder(`meshc-node${major}-errors-`);
    writeFileSync(path.join(cwd, 'a.mesh'), 'service reviews {\n  port 9080 http\n  versions v1\n  route -> v2\n}\n');
    const expected = run(process.execPath, ['check', '.'], cwd);
    assert.is(expected.status, 1);
    assertSameRun(run(node, ['check', '.'], cwd), expected, 'check .');
    // V8's JSON messages differ between versions; meshc's report of an invalid meshc.json does not.
    writeFileSync(path.join(cwd, 'meshc.json'), '{\n  "severity": {\n    "M5002": "warning",\n  }\n}\n');
    const config = run(process.execPath, ['check', '.'], cwd);
    assert.is(config.status, 2);
    assertSameRun(run(node, ['check', '.'], cwd), config, 'check . with an invalid meshc.json');
  });

  test(`compile with the output worker on Node ${major} writes the same files as on Node 20`, () => {
    const cwd = generatedProject(60, 7);
    const env = { MESHC_OUTPUT_WORKER: 'on' };
    const on20 = run(process.execPath, ['compile', 'src', '--out', 'out20'], cwd, env);
    assert.is(on20.status, 0, on20.stderr);
    const onNew = run(node, ['compile', 'src', '--out', 'out-new'], cwd, env);
    assertSameRun({ ...onNew, stdout: onNew.stdout.replaceAll('out-new', 'out20') }, on20, 'compile src');
    const expected = snapshot(path.join(cwd, 'out20'));
    assert.ok(Object.keys(expected).length > 100, 'a compile of 60 services writes many files');
    assert.equal(snapshot(path.join(cwd, 'out-new')), expected);
  });
}

test.run();
