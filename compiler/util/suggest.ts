/**
 * "Did you mean" suggestions: the closest candidate by edit distance, if it is close enough to be
 * a plausible typo (at most a third of the word's length, and at least one edit allowed).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  // Sorted so that ties always resolve the same way.
  for (const candidate of [...candidates].sort()) {
    if (candidate === word) continue;
    const d = distance(word.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). When the lengths
 * alone show that the distance is at least `cap`, returns `Infinity` without computing it.
 */
export function distance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return Infinity;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i]![0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Formats a suggestion as a sentence to append to a message, or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const found = closest(word, candidates);
  return found ? ` Did you mean \`${found}\`?` : '';
}
