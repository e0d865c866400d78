/**
 * How many terminal cells a source line takes, so that carets line up under it.
 *
 * Tabs are expanded to the next multiple of `TAB_WIDTH`, control characters are shown as their
 * Unicode control pictures (so a stray escape byte in a file cannot drive the terminal), East Asian
 * wide characters and emoji take two cells, and combining marks take none. This is an
 * approximation of what terminals do, good enough for pointing at a token.
 */
export const TAB_WIDTH = 4;

/** A line made safe to print, and the display column at which each UTF-16 offset of it starts. */
export interface DisplayLine {
  text: string;
  /** `columns[i]` is the display column of code unit `i`; `columns[line.length]` is the width. */
  columns: number[];
}

export function displayLine(line: string): DisplayLine {
  let text = '';
  const columns: number[] = [];
  let column = 0;
  for (let i = 0; i < line.length; ) {
    const codePoint = line.codePointAt(i)!;
    const units = codePoint > 0xffff ? 2 : 1;
    for (let k = 0; k < units; k++) columns.push(column);
    if (codePoint === 0x09) {
      const width = TAB_WIDTH - (column % TAB_WIDTH);
      text += ' '.repeat(width);
      column += width;
    } else if (codePoint < 0x20 || codePoint === 0x7f) {
      text += String.fromCodePoint(codePoint === 0x7f ? 0x2421 : 0x2400 + codePoint);
      column += 1;
    } else {
      text += String.fromCodePoint(codePoint);
      column += cellWidth(codePoint);
    }
    i += units;
  }
  columns.push(column);
  return { text, columns };
}

function cellWidth(codePoint: number): number {
  if (isZeroWidth(codePoint)) return 0;
  return isWide(codePoint) ? 2 : 1;
}

function isZeroWidth(c: number): boolean {
  return (
    (c >= 0x0300 && c <= 0x036f) || // Combining diacritical marks.
    (c >= 0x200b && c <= 0x200f) || // Zero-width space, joiners and direction marks.
    (c >= 0xfe00 && c <= 0xfe0f) || // Variation selectors.
    (c >= 0x20d0 && c <= 0x20ff) // Combining marks for symbols.
  );
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) || // Hangul Jamo.
    (c >= 0x2e80 && c <= 0x303e) || // CJK radicals and punctuation.
    (c >= 0x3041 && c <= 0x33ff) || // Kana and CJK compatibility.
    (c >= 0x3400 && c <= 0x4dbf) || // CJK extension A.
    (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs.
    (c >= 0xa000 && c <= 0xa4cf) || // Yi.
    (c >= 0xac00 && c <= 0xd7a3) || // Hangul syllables.
    (c >= 0xf900 && c <= 0xfaff) || // CJK compatibility ideographs.
    (c >= 0xfe30 && c <= 0xfe4f) || // CJK compatibility forms.
    (c >= 0xff00 && c <= 0xff60) || // Fullwidth forms.
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1faff) || // Emoji and pictographs.
    (c >= 0x20000 && c <= 0x3fffd) // CJK extensions B and later.
  );
}
