import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sarifLog, renderSarif } from '../../compiler/diagnostics/render/sarif.ts';
import { allSpecs, docsUrl } from '../../compiler/diagnostics/registry.ts';
import { diagnostics, sources } from './fixtures.ts';

const cwd = path.resolve('/work/project');
const options = { cwd, version: '9.9.9' };

test('a SARIF 2.1.0 log with one run and every registry code as a rule', () => {
  const log = sarifLog({ diagnostics, sources }, options);
  assert.is(log.version, '2.1.0');
  assert.ok(log.$schema?.includes('sarif-2.1.0'));
  assert.is(log.runs.length, 1);
  const driver = log.runs[0]!.tool.driver;
  assert.is(driver.name, 'meshc');
  assert.is(driver.version, '9.9.9');
  assert.ok(driver.informationUri);
  const rules = driver.rules!;
  assert.equal(rules.map((r) => r.id), allSpecs().map((s) => s.code));
  for (const rule of rules) {
    assert.is(rule.helpUri, docsUrl(rule.id));
    assert.ok(rule.name && rule.shortDescription?.text);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration!.level!));
  }
});

test('results point at their rule by id and index, with levels, regions and related locations', () => {
  const run = sarifLog({ diagnostics, sources }, options).runs[0]!;
  const results = run.results!;
  assert.equal(results.map((r) => r.ruleId), ['M1002', 'M1003', 'M1001', 'M0002']);
  for (const result of results) {
    assert.is(run.tool.driver.rules![result.ruleIndex!]!.id, result.ruleId);
  }
  assert.equal(results.map((r) => r.level), ['note', 'warning', 'error', 'error']);
  const error = results[2]!;
  assert.equal(error.message, { text: 'Unexpected character #.' });
  assert.equal(error.locations![0]!.physicalLocation, {
    artifactLocation: { uri: 'b.mesh', uriBaseId: '%SRCROOT%' },
    region: { startLine: 2, startColumn: 7, endLine: 2, endColumn: 9 },
  });
  const related = error.relatedLocations![0]!;
  assert.is(related.message!.text, 'the mesh is declared here');
  assert.equal(related.physicalLocation!.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 });
});

test('URIs are relative to the working directory, with / and percent-encoding', () => {
  const uri = (file: string) =>
    sarifLog(
      { diagnostics: [{ code: 'M0002', severity: 'error', file, range: { start: 0, end: 0 }, message: 'm' }], sources },
      options,
    ).runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!;
  assert.equal(uri('dir/my file#1.mesh'), { uri: 'dir/my%20file%231.mesh', uriBaseId: '%SRCROOT%' });
  assert.equal(uri(path.join(cwd, 'abs.mesh')), { uri: 'abs.mesh', uriBaseId: '%SRCROOT%' });
  assert.ok(uri('../outside.mesh').uri!.startsWith('file:///'), 'outside the working directory: absolute');
});

test('rendered as indented JSON, independent of input order', () => {
  const text = renderSarif({ diagnostics, sources }, options);
  assert.ok(text.endsWith('}\n'));
  assert.is(renderSarif({ diagnostics: [...diagnostics].reverse(), sources }, options), text);
});

test.run();
