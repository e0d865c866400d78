/**
 * The server loads the compiler's backends lazily, so it keeps its own list of targets; this
 * test keeps that list equal to the compiler's.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TARGETS } from '../../compiler/index.ts';
import { COMPILER_TARGETS } from '../../lsp/preview.ts';

test('lsp: the preview knows the targets the compiler implements', () => {
  assert.equal([...COMPILER_TARGETS], [...TARGETS]);
});

test.run();
