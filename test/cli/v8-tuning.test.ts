import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ONE_SHOT_INTERRUPT_BUDGET, v8FlagFor } from '../../compiler/cli/v8-tuning.ts';
import { BIN, ROOT } from './harness.ts';

const BUDGET = `--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`;
const NODE20_V8 = '11.3.244.8-node.33';

test('one-shot commands get a larger interrupt budget; the language server and the rest keep V8 defaults', () => {
  for (const command of ['compile', 'check', 'fmt']) assert.is(v8FlagFor([command, 'src'], [], NODE20_V8), BUDGET, command);
  for (const argv of [['lsp', '--stdio'], ['help'], ['explain', 'M1001'], ['--version'], []]) {
    assert.is(v8FlagFor(argv, [], NODE20_V8), undefined, argv.join(' '));
  }
});

test('V8 12 and later (Node 22, 24) have no interrupt budget: nothing is set there', () => {
  for (const version of ['12.4.254.21-node.57', '13.6.233.17-node.53', '14.0.1', 'unknown', '']) {
    assert.is(v8FlagFor(['compile'], [], version), undefined, version);
  }
  assert.is(v8FlagFor(['compile'], [], '10.2.154.26-node.26'), BUDGET);
});

test("a budget the user chose on node's command line is left alone", () => {
  assert.is(v8FlagFor(['compile'], ['--interrupt-budget=1000'], NODE20_V8), undefined);
  assert.is(v8FlagFor(['compile'], ['--interrupt_budget=1000'], NODE20_V8), undefined);
  // Other options, and options that only start alike, do not count as a choice.
  assert.is(v8FlagFor(['compile'], ['--max-old-space-size=4096', '--enable-source-maps'], NODE20_V8), BUDGET);
  assert.is(v8FlagFor(['compile'], ['--interrupt-budget-factor-for-feedback-allocation=8'], NODE20_V8), BUDGET);
});

/** The flags the real entry, `bin/meshc.js`, gives V8 (recorded by a preloaded module). */
function flagsSetBy(args: string[], nodeOptions: string[] = []): string | undefined {
  const recorder = path.join(ROOT, 'test', 'helpers', 'record-v8-flags.mjs');
  const run = spawnSync(process.execPath, [...nodeOptions, '--import', recorder, BIN, ...args], { encoding: 'utf8' });
  assert.is(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
  assert.not.match(run.stderr, /unrecognized flag|bad option/);
  return /v8 flags set: \[(.*)\]/.exec(run.stderr)?.[1];
}

test('bin/meshc.js sets the flag for compile and check, and not for help or a budget of the user', () => {
  // On the project's Node 20 (V8 11) the flag is set; on a newer Node nothing is
  // (test/cli/node-versions.e2e.ts runs meshc on Node 24).
  const expected = v8FlagFor(['check'], [], process.versions.v8) ?? '';
  const bookinfo = path.join(ROOT, 'examples', 'bookinfo');
  assert.is(flagsSetBy(['check', bookinfo]), expected);
  assert.is(flagsSetBy(['compile', bookinfo, '--stdout']), expected);
  assert.is(flagsSetBy(['help']), '');
  // Only a V8 with the flag accepts it on node's command line.
  if (expected !== '') assert.is(flagsSetBy(['check', bookinfo], ['--interrupt-budget=100000']), '');
});

test.run();
