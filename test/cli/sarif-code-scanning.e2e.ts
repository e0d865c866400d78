/**
 * SARIF that GitHub code scanning accepts: `meshc check --format sarif` checked by Microsoft's SARIF
 * Multitool (`validate`), against the SARIF 2.1.0 schema and with the rules of both kinds, `Sarif`
 * (the specification's) and `Gh` (what GitHub's ingestion requires: rules with a full description
 * and help, relative locations, …). Any error or warning fails the test. The rule that fetches
 * every URI in the log (SARIF2006) is turned off: tests make no requests outside this machine.
 *
 * The validator comes from the npm registry (`test/tools/sarif-multitool`, installed on first use).
 * Run by `npm run test:tools` (part of `npm test`).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanEnv, installNpmTools, tempFolder, TOOLS } from '../helpers/real-tools.ts';
import { meshc, project } from './harness.ts';

let validator: string | undefined;

/** The Multitool's program, installed on first use. */
function multitool(): string {
  if (validator) return validator;
  const tool = path.join(installNpmTools('sarif-multitool', path.join(TOOLS, '.logs')), 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
  chmodSync(tool, 0o755);
  return (validator = tool);
}

const work = tempFolder('meshc-sarif-');
const config = path.join(work, 'validate.xml');
writeFileSync(
  config,
  '<?xml version="1.0" encoding="utf-8"?>\n<Properties>\n  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">\n    <Property Key="RuleEnabled" Value="Disabled" />\n  </Properties>\n</Properties>\n',
);

/** The validator's findings (errors and warnings) on `log`, as lines. */
function validate(name: string, log: string): string[] {
  const input = path.join(work, `${name}.sarif`);
  const output = path.join(work, `${name}.validation.sarif`);
  writeFileSync(input, log);
  const run = spawnSync(multitool(), ['validate', input, '--config', config, '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', '--output', output, '--log', 'ForceOverwrite'], {
    encoding: 'utf8',
    env: { ...cleanEnv(), DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    timeout: 120_000,
  });
  assert.is(run.status, 0, `the SARIF Multitool failed to run:\n${run.stdout}${run.stderr}`);
  const report = JSON.parse(readFileSync(output, 'utf8').replace(/^\uFEFF/, '')) as Sarif.Log;
  const results = report.runs.flatMap((r) => r.results ?? []);
  return results.map((r) => `${r.ruleId} ${r.level}: ${r.message.text ?? JSON.stringify(r.message)}`);
}

// A repository whose .mesh files are in a subfolder, with errors, a warning and related locations.
const repo = project({
  'mesh/shop/reviews.mesh': 'service reviews {\n  port 9080 htp\n  versions v1, v2\n  route -> v1 90%, v3 10%\n}\n',
  'mesh/shop/again.mesh': 'service reviews {\n  port 9080 http\n}\n',
  'mesh/edge.mesh': 'gateway edge {\n  listen 80 http hosts "*"\n  route -> reviews\n  timeout 1.5s\n}\n',
});
// A repository's root: what `.git` marks (a folder is enough; meshc does not read it).
mkdirSync(path.join(repo, '.git'));

test('meshc check --format sarif, run in a subfolder of a repository, passes the SARIF validator with GitHub rules', () => {
  const run = meshc(['check', '--format', 'sarif', '.'], path.join(repo, 'mesh'));
  assert.is(run.code, 1, run.stderr);
  const log = JSON.parse(run.stdout) as Sarif.Log;
  const results = log.runs[0]!.results!;
  assert.ok(results.length >= 2, `findings: ${results.map((r) => r.ruleId).join(', ')}`);
  assert.ok(results.some((r) => r.relatedLocations?.length), 'a finding with related locations');
  for (const r of results) assert.match(r.locations![0]!.physicalLocation!.artifactLocation!.uri!, /^mesh\/(shop\/)?[a-z]+\.mesh$/);
  const findings = validate('check', run.stdout);
  assert.equal(findings, [], `the validator objects:\n${findings.join('\n')}`);
});

test('a clean run is a valid log too', () => {
  const clean = project({ 'a.mesh': 'service a {\n  port 80 http\n}\n' });
  const run = meshc(['check', '--format', 'sarif'], clean);
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.equal(validate('clean', run.stdout), []);
});

test('the validator does object to a log that code scanning would reject (so the check above means something)', () => {
  const run = meshc(['check', '--format', 'sarif', '.'], path.join(repo, 'mesh'));
  const log = JSON.parse(run.stdout) as Sarif.Log;
  for (const rule of log.runs[0]!.tool.driver.rules!) delete rule.help;
  const findings = validate('broken', JSON.stringify(log));
  assert.ok(findings.some((f) => f.startsWith('GH')), findings.join('\n'));
});

test.run();
