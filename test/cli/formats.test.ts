import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type * as Sarif from 'sarif';
import type { JsonDiagnostic } from '../../compiler/diagnostics/render/json.ts';
import { docsUrl } from '../../compiler/diagnostics/registry.ts';
import { meshc, project } from './harness.ts';

// Two files with syntax errors and one valid file, in a folder.
const cwd = project({ 'src/bad.mesh': '@@@\n', 'src/z/worse.mesh': '\n@@@', 'src/empty.mesh': '' });

test('text: compiler-style headers, source lines, carets and a summary; no colour off a terminal', () => {
  const run = meshc(['check', 'src'], cwd);
  assert.is(run.code, 1);
  assert.match(run.stdout, /^src\/bad\.mesh:1:1: error\[M1\d{3}\]: .+\n 1 \| @@@\n   \| \^/);
  assert.match(run.stdout, /\nsrc\/z\/worse\.mesh:2:1: error\[M1\d{3}\]/);
  assert.match(run.stdout, /\n\d+ errors?\n$/);
  assert.not.match(run.stdout, '\u001b');
});

test('json: one object per line with 1-based ranges, sorted by file', () => {
  const run = meshc(['check', '--format', 'json', 'src'], cwd);
  assert.is(run.code, 1);
  const objects = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as JsonDiagnostic);
  assert.ok(objects.length >= 2);
  for (const o of objects) {
    assert.equal(Object.keys(o).filter((k) => k !== 'related'), ['file', 'range', 'severity', 'code', 'message']);
    assert.ok(o.range.start.line >= 1 && o.range.start.column >= 1);
    assert.match(o.code, /^M\d{4}$/);
  }
  assert.is(objects[0]!.file, 'src/bad.mesh');
  assert.is(objects.at(-1)!.file, 'src/z/worse.mesh');
});

test('sarif: a valid 2.1.0 log whose results point at rules with docs pages', () => {
  const run = meshc(['check', '--format=sarif', 'src'], cwd);
  assert.is(run.code, 1);
  const log = JSON.parse(run.stdout) as Sarif.Log;
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  const { driver } = log.runs[0]!.tool;
  assert.is(driver.name, 'meshc');
  for (const rule of driver.rules!) assert.is(rule.helpUri, docsUrl(rule.id));
  const results = log.runs[0]!.results!;
  assert.ok(results.length >= 2);
  for (const result of results) {
    assert.is(driver.rules![result.ruleIndex!]!.id, result.ruleId);
    assert.is(result.level, 'error');
    const location = result.locations![0]!.physicalLocation!;
    assert.equal(location.artifactLocation!.uriBaseId, '%SRCROOT%');
    assert.match(location.artifactLocation!.uri!, /^src\/(bad|z\/worse)\.mesh$/);
    assert.ok(location.region!.startLine! >= 1 && location.region!.startColumn! >= 1);
  }
});

test('sarif: a clean run is still a complete log', () => {
  const run = meshc(['check', '--format', 'sarif', 'src/empty.mesh'], cwd);
  assert.is(run.code, 0);
  assert.equal((JSON.parse(run.stdout) as Sarif.Log).runs[0]!.results, []);
});

test('github: annotation lines; the default inside GitHub Actions, unless --format says otherwise', () => {
  const annotation = /^::error file=src\/bad\.mesh,line=1,col=1,endLine=\d+,endColumn=\d+,title=M1\d{3}::.+$/m;
  const run = meshc(['check', '--format', 'github', 'src'], cwd);
  assert.is(run.code, 1);
  assert.match(run.stdout, annotation);
  for (const line of run.stdout.trimEnd().split('\n')) assert.match(line, /^::(error|warning|notice) file=/);
  assert.is(meshc(['check', 'src'], cwd, { GITHUB_ACTIONS: 'true' }).stdout, run.stdout);
  assert.match(meshc(['check', '--format', 'text', 'src'], cwd, { GITHUB_ACTIONS: 'true' }).stdout, /^src\/bad\.mesh:1:1:/);
});

test.run();
