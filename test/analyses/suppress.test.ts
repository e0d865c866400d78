/**
 * Turning analyses down: `# meshc:ignore` comments, the severities of `meshc.json` (in the
 * compiler and through `meshc check`, with the exit codes they lead to), and the errors a bad
 * `meshc.json` gives.
 */
import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram, parseProjectConfig, type ProjectConfig } from '../../compiler/index.ts';
import { meshc, project } from '../cli/harness.ts';

function codes(text: string, config?: ProjectConfig): string[] {
  return checkProgram([{ path: 'x.mesh', text }], config ? { config } : {}).diagnostics.map((d) => `${d.code}:${d.severity}`);
}

function config(json: unknown): ProjectConfig {
  const parsed = parseProjectConfig(JSON.stringify(json));
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.config;
}

// A shadowed rule (M5001, warning) and a split that does not total 100% (M5002, error).
const shadowed = 'service a {\n  port 80 http\n  versions v1, v2\n  route {\n    otherwise -> v1\n    when method GET -> v2\n  }\n}\n';
const badSplit = 'service a {\n  port 80 http\n  versions v1, v2\n  route -> v1 30%, v2 30%\n}\n';

// ---- Inline comments --------------------------------------------------------------------------

test('ignore: a comment silences its code on the next line, and only there', () => {
  assert.equal(codes(shadowed), ['M5001:warning']);
  assert.equal(codes(shadowed.replace('    when method', '    # meshc:ignore M5001 the catch-all is temporary\n    when method')), []);
  // Two lines below: the comment applies to the `otherwise` line, where nothing reports M5001.
  assert.equal(codes(shadowed.replace('    otherwise', '    # meshc:ignore M5001\n    otherwise')), ['M5027:warning', 'M5001:warning']);
});

test('ignore: blank lines and other comments in between are skipped; a trailing comment covers its own line', () => {
  assert.equal(codes(shadowed.replace('    when method', '    # meshc:ignore M5001\n\n    # the tester rule\n    when method')), []);
  assert.equal(codes(shadowed.replace('-> v2\n', '-> v2 # meshc:ignore M5001\n')), []);
});

test('ignore: several codes, and only the codes named', () => {
  const both = 'service a {\n  port 80 http\n  versions v1, v2\n  route {\n    otherwise -> v1\n    when method GET -> v1 30%, v2 30%\n  }\n}\n';
  assert.equal(codes(both), ['M5001:warning', 'M5002:error']);
  assert.equal(codes(both.replace('    when method', '    # meshc:ignore M5002\n    when method')), ['M5001:warning']);
  assert.equal(codes(both.replace('    when method', '    # meshc:ignore M5001, M5002\n    when method')), []);
});

test('ignore: a comment that silences nothing is reported (M5027), except for codes turned off', () => {
  const stale = '# meshc:ignore M5001\nservice a {\n  port 80 http\n}\n';
  assert.equal(codes(stale), ['M5027:warning']);
  assert.equal(codes(stale, config({ severity: { M5001: 'off' } })), []);
  assert.equal(codes(stale, config({ severity: { M5027: 'off' } })), []);
  assert.equal(codes('# meshc:ignore M2001\nservice a {\n  port 80 http\n}\n'), ['M5027:warning']);
  // While the program has errors, analyses may be skipped: unused suppressions are not reported.
  assert.equal(codes('# meshc:ignore M5001\nservice a {\n  port 80 htp\n}\n'), ['M3004:error']);
});

test('ignore: errors of other ranges cannot be silenced', () => {
  const text = 'service a {\n  port 80 http\n  # meshc:ignore M3001\n  timeout 7sec\n}\n';
  assert.equal(codes(text), ['M5027:warning', 'M3001:error']);
});

// ---- meshc.json -------------------------------------------------------------------------------

test('config: severities change analysis diagnostics, `off` drops them', () => {
  assert.equal(codes(shadowed, config({ severity: { M5001: 'error' } })), ['M5001:error']);
  assert.equal(codes(shadowed, config({ severity: { M5001: 'hint' } })), ['M5001:hint']);
  assert.equal(codes(shadowed, config({ severity: { M5001: 'off' } })), []);
  assert.equal(codes(badSplit, config({ severity: { M5002: 'warning' } })), ['M5002:warning']);
});

test('config: a bad meshc.json says what is wrong', () => {
  const error = (text: string) => {
    const parsed = parseProjectConfig(text);
    return 'error' in parsed ? parsed.error : 'no error';
  };
  assert.is(error('{'), 'it is not valid JSON: line 1, column 2: Expected property name or \'}\'');
  // Positions are the same on every Node (Node 22 words them differently), lines and columns 1-based.
  assert.is(error('{\n  "severity": {\n    "M5004": "off",\n  }\n}'), 'it is not valid JSON: line 4, column 3: Expected double-quoted property name');
  // An excerpt V8 quotes stays on one line.
  assert.is(error('{\n  "severity": {\n    "M5004": off\n  }\n}').includes('\n'), false);
  assert.match(error('{\n  "severity": {\n    "M5004": off\n  }\n}'), /^it is not valid JSON: Unexpected token 'o'/);
  assert.is(error(''), 'it is not valid JSON: Unexpected end of JSON input');
  assert.match(error('[]'), 'must be a JSON object');
  assert.match(error('{"severities": {}}'), 'unknown key "severities"');
  assert.match(error('{"severity": []}'), '"severity" must be an object');
  assert.match(error('{"severity": {"M5999": "off"}}'), '"M5999" is not a diagnostic code');
  assert.match(error('{"severity": {"M2001": "off"}}'), 'only analysis codes (M5xxx)');
  assert.match(error('{"severity": {"M5001": "warn"}}'), 'must be one of "off", "hint", "info", "warning", "error"');
  assert.equal(parseProjectConfig('{"$schema": "x", "severity": {"M5001": "off"}}'), { config: { severity: { M5001: 'off' } } });
  assert.equal(parseProjectConfig('{}'), { config: { severity: {} } });
});

// ---- Through the CLI --------------------------------------------------------------------------

test('cli: meshc.json at the project root applies to a folder below it, and sets the exit code', () => {
  const root = project({ 'services/a.mesh': shadowed });
  try {
    assert.is(meshc(['check', 'services'], root).code, 0, 'a warning alone exits 0');
    assert.is(meshc(['check', '--strict', 'services'], root).code, 1);
    const withConfig = project({ 'services/a.mesh': shadowed, 'meshc.json': '{"severity": {"M5001": "error"}}' });
    try {
      const run = meshc(['check', 'services'], withConfig);
      assert.is(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, 'error[M5001]');
      assert.is(meshc(['check', 'services/a.mesh'], withConfig).code, 1, 'a file finds the config too');
    } finally {
      rmSync(withConfig, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('cli: `off` silences, and an error made a warning no longer fails the check unless --strict', () => {
  const root = project({ 'a.mesh': badSplit, 'meshc.json': '{"severity": {"M5002": "warning"}}' });
  try {
    const run = meshc(['check'], root);
    assert.is(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, 'warning[M5002]');
    assert.is(meshc(['check', '--strict'], root).code, 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const off = project({ 'a.mesh': badSplit, 'meshc.json': '{"severity": {"M5002": "off"}}' });
  try {
    const run = meshc(['check', '--strict'], off);
    assert.is(run.code, 0, run.stdout + run.stderr);
    assert.is(run.stdout, '');
  } finally {
    rmSync(off, { recursive: true, force: true });
  }
});

test('cli: a bad meshc.json is a usage error (exit code 2) naming the file', () => {
  const root = project({ 'a.mesh': shadowed, 'meshc.json': '{"severity": {"M5001": "loud"}}' });
  try {
    const run = meshc(['check'], root);
    assert.is(run.code, 2);
    assert.match(run.stderr, 'meshc.json: the severity of M5001 must be one of');
    assert.is(run.stdout, '');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('cli: paths of two projects with different meshc.json files are a usage error', () => {
  const root = project({
    'one/a.mesh': shadowed,
    'one/meshc.json': '{}',
    'two/a.mesh': shadowed,
    'two/meshc.json': '{}',
  });
  try {
    const run = meshc(['check', 'one', 'two'], root);
    assert.is(run.code, 2);
    assert.match(run.stderr, 'different projects');
    assert.is(meshc(['check', 'one'], root).code, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
