import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ONE_SHOT_INTERRUPT_BUDGET, v8FlagFor } from '../../compiler/cli/v8-tuning.ts';
import { BIN, ROOT } from './harness.ts';

const BUDGET = `--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`;

test('one-shot commands get a larger interrupt budget; the language server and the rest keep V8 defaults', () => {
  for (const command of ['compile', 'check', 'fmt']) assert.is(v8FlagFor([command, 'src'], []), BUDGET, command);
  for (const argv of [['lsp', '--stdio'], ['help'], ['explain', 'M1001'], ['--version'], []]) {
    assert.is(v8FlagFor(argv, []), undefined, argv.join(' '));
  }
});

test("a budget the user chose on node's command line is left alone", () => {
  assert.is(v8FlagFor(['compile'], ['--interrupt-budget=1000']), undefined);
  assert.is(v8FlagFor(['compile'], ['--interrupt_budget=1000']), undefined);
  // Other options, and options that only start alike, do not count as a choice.
  assert.is(v8FlagFor(['compile'], ['--max-old-space-size=4096', '--enable-source-maps']), BUDGET);
  assert.is(v8FlagFor(['compile'], ['--interrupt-budget-factor-for-feedback-allocation=8']), BUDGET);
});

/** The flags the real entry, `bin/meshc.js`, gives V8 (recorded by a preloaded module). */
function flagsSetBy(args: string[], nodeOptions: string[] = []): string | undefined {
  const recorder = path.join(ROOT, 'test', 'helpers', 'record-v8-flags.mjs');
  const run = spawnSync(process.execPath, [...nodeOptions, '--import', recorder, BIN, ...args], { encoding: 'utf8' });
  assert.is(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
  return /v8 flags set: \[(.*)\]/.exec(run.stderr)?.[1];
}

test('bin/meshc.js sets the flag for compile and check, and not for help or a budget of the user', () => {
  const bookinfo = path.join(ROOT, 'examples', 'bookinfo');
  assert.is(flagsSetBy(['check', bookinfo]), BUDGET);
  assert.is(flagsSetBy(['compile', bookinfo, '--stdout']), BUDGET);
  assert.is(flagsSetBy(['help']), '');
  assert.is(flagsSetBy(['check', bookinfo], ['--interrupt-budget=100000']), '');
});

test.run();
