/**
 * The one string order used for paths and file names in output.
 *
 * Output must not depend on the platform or the locale, so paths are compared in the byte order of
 * their UTF-8 encoding. That is Unicode code-point order, which differs from JavaScript's `<` (UTF-16
 * code-unit order) only when characters above U+FFFF meet characters from U+E000 to U+FFFF.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    // Both strings have the same character here; step over its low surrogate too.
    if (x > 0xffff) i++;
  }
  // One string is a prefix of the other: the shorter sorts first.
  return a.length < b.length ? -1 : 1;
}
