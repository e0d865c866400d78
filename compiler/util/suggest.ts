/**
 * "Did you mean" suggestions: the closest candidate by edit distance, if it is close enough to be
 * a plausible typo (at most a third of the word's length, and at least one edit allowed).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  // Of the closest candidates, the first in sorted order, so that ties always resolve the same
  // way; compared as it goes rather than by sorting the candidates, which for thousands of
  // unknown names among thousands of declarations cost more than the distances.
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = distance(lower, candidate.toLowerCase(), bestDistance + 1);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). When the distance
 * is at least `cap` (the lengths alone show it, or every cell of a row reaches it), returns
 * `Infinity` without computing it to the end.
 */
export function distance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return Infinity;
  // Three rows (OSA looks two rows back), reused between calls: suggestions compare a name with
  // every declared name, and allocating a matrix per comparison was most of the cost.
  const width = b.length + 1;
  if (scratch.length < 3 * width) scratch = new Int32Array(3 * width * 2);
  const rows = scratch;
  let twoBack = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j < width; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let least = i;
    for (let j = 1; j < width; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, rows[previous + j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, rows[twoBack + j - 2]! + 1);
      }
      rows[current + j] = v;
      if (v < least) least = v;
    }
    // Every path to the end goes through this row, and distances never fall along a path.
    if (least >= cap) return Infinity;
    const oldest = twoBack;
    twoBack = previous;
    previous = current;
    current = oldest;
  }
  return rows[previous + b.length]!;
}

let scratch = new Int32Array(256);

/** Formats a suggestion as a sentence to append to a message, or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const found = closest(word, candidates);
  return found ? ` Did you mean \`${found}\`?` : '';
}
