/**
 * The bundled examples: they check clean through the real CLI, the result does not depend on the
 * order of files, and Bookinfo says what four upstream Istio files say in far fewer lines.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram } from '../compiler/index.ts';

function meshc(...args: string[]) {
  return spawnSync(process.execPath, ['bin/meshc.js', ...args], { encoding: 'utf8' });
}

for (const example of ['examples/bookinfo', 'examples/canary']) {
  test(`example: meshc check ${example} exits 0 with no diagnostics`, () => {
    const run = meshc('check', example);
    assert.is(run.status, 0, run.stdout + run.stderr);
    assert.is(run.stdout.trim(), '');
  });
}

test('example: the whole examples folder is one valid program when checked per example', () => {
  for (const example of readdirSync('examples')) {
    const files = readdirSync(join('examples', example))
      .filter((f) => f.endsWith('.mesh'))
      .map((f) => ({ path: join('examples', example, f), text: readFileSync(join('examples', example, f), 'utf8') }));
    assert.equal(checkProgram(files).diagnostics, [], example);
  }
});

test('determinism: the checked model and diagnostics do not depend on file order', () => {
  const files = [
    { path: 'a.mesh', text: 'service a {\n  port 80 http\n  route -> b\n  allow from c\n}\n' },
    { path: 'b.mesh', text: 'service b {\n  port 80 http\n  versions v1\n  route -> v2\n}\nservice a {\n  port 81 http\n}\n' },
    { path: 'c.mesh', text: 'mesh {\n  namespace shop\n}\nservice c {\n  port 80 htp\n}\n' },
  ];
  const forward = checkProgram(files);
  const backward = checkProgram([...files].reverse());
  assert.equal(backward.diagnostics, forward.diagnostics);
  assert.equal(JSON.stringify(backward.program), JSON.stringify(forward.program));
});

/** Lines that carry content: not blank, not a comment, not a YAML document separator. */
function contentLines(text: string, comment: string): number {
  return text.split(/\r?\n/).filter((line) => {
    const t = line.trim();
    return t !== '' && !t.startsWith(comment) && t !== '---';
  }).length;
}

test('conciseness: examples/bookinfo states the four upstream files in at most 49 lines', () => {
  const upstream = [
    'bookinfo-gateway.yaml',
    'destination-rule-all-mtls.yaml',
    'virtual-service-all-v1.yaml',
    'istio-io-security/authz-http.yaml',
  ].map((f) => readFileSync(join('..', 'shared', 'corpus', 'istio', 'bookinfo', f), 'utf8'));
  const yamlLines = upstream.reduce((sum, text) => sum + contentLines(text, '#'), 0);
  const meshLines = readdirSync('examples/bookinfo')
    .filter((f) => f.endsWith('.mesh'))
    .reduce((sum, f) => sum + contentLines(readFileSync(join('examples/bookinfo', f), 'utf8'), '#'), 0);
  assert.ok(yamlLines >= 240, `expected about 244 YAML lines upstream, counted ${yamlLines}`);
  assert.ok(meshLines <= 49, `examples/bookinfo has ${meshLines} lines; the budget is 49`);
  console.log(`  bookinfo: ${meshLines} meshc lines for ${yamlLines} upstream YAML lines (${(yamlLines / meshLines).toFixed(1)}x)`);
});

test.run();
