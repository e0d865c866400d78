/**
 * "Did you mean": the edit distance against a plain dynamic-programming reference on random words
 * (fast-check, seeded), its `cap` contract, and which candidate `closest` picks.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closest, distance } from '../../compiler/util/suggest.ts';

/** Optimal string alignment distance, the textbook way: a full matrix. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', '-', '1'), maxLength: 12 });

test('suggest: distance is the reference distance; under a cap it is exact or Infinity at the cap or above', () => {
  fc.assert(
    fc.property(word, word, fc.integer({ min: 1, max: 8 }), (a, b, cap) => {
      const expected = reference(a, b);
      assert.is(distance(a, b), expected);
      const capped = distance(a, b, cap);
      if (expected < cap) assert.is(capped, expected);
      else assert.ok(capped === expected || capped === Infinity);
    }),
    { numRuns: 5000, seed: 11 },
  );
});

test('suggest: closest picks the nearest plausible typo, the first in sorted order on a tie', () => {
  assert.is(closest('reveiws', ['ratings', 'reviews', 'details']), 'reviews');
  assert.is(closest('v3', ['v1', 'v2']), 'v1');
  assert.is(closest('v3', ['v2', 'v1']), 'v1');
  assert.is(closest('productpage', ['details']), undefined);
  assert.is(closest('same', ['same']), undefined);
  // Many candidates in any order give the same answer.
  const names = Array.from({ length: 500 }, (_, i) => `service-${i}`);
  assert.is(closest('service-4x', names), closest('service-4x', [...names].reverse()));
});

test.run();
