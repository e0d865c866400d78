/** The formatter's invariants, shared by the format tests and the robustness property test. */
import * as assert from 'uvu/assert';
import { formatText } from '../../compiler/index.ts';
import { parseFile } from '../../compiler/syntax/parse.ts';
import { meaning } from './syntax.ts';

/** Asserts the formatter's invariants on one text; returns the formatted text. */
export function checkFormatting(text: string, label: string): string | undefined {
  const first = formatText(text, label);
  if (first.value === undefined) return undefined;
  const again = formatText(first.value, label);
  assert.is(again.value, first.value, `${label}: formatting is not idempotent`);
  const before = parseFile(text, label).value;
  const after = parseFile(first.value, label).value;
  assert.equal(meaning(after), meaning(before), `${label}: formatting changed the syntax tree`);
  assert.equal(
    after.comments.map((c) => c.text.trim()).sort(),
    before.comments.map((c) => c.text.trim()).sort(),
    `${label}: formatting lost or changed a comment`,
  );
  return first.value;
}

