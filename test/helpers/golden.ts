/**
 * Golden files: compare `actual` with the file at `path`.
 *
 * A missing golden is written (that is how a new case is added); `UPDATE=1 npm test` rewrites every
 * golden. Either way, review the diff before committing: a golden change is a behaviour change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as assert from 'uvu/assert';

export const updating = process.env.UPDATE === '1';

export function expectGolden(path: string, actual: string): void {
  if (updating || !existsSync(path)) {
    writeFileSync(path, actual);
    return;
  }
  const expected = readFileSync(path, 'utf8');
  assert.fixture(actual, expected, `golden ${path} differs (run UPDATE=1 npm test to accept, then review the diff)`);
}
