/**
 * Offsets to lines and columns, and back.
 *
 * Compiler ranges are UTF-16 code-unit offsets (see `../diagnostics/types.ts`). This index turns
 * them into `{ line, column }` positions for rendering and for the language server, and back.
 *
 * NOTE: columns count UTF-16 code units, not bytes and not user-perceived characters, because
 * that is the unit of the Language Server Protocol, VS Code, SARIF's default `columnKind` and
 * JavaScript strings. A character outside the Basic Multilingual Plane (an emoji, say) therefore
 * takes two columns. Tabs are one column like any other character.
 *
 * `\r\n`, `\n` and a lone `\r` each end a line, as in LSP. Positions here are 0-based; renderers
 * add one when they print them.
 */

/** A 0-based line and a 0-based UTF-16 column. */
export interface Position {
  line: number;
  column: number;
}

const LF = 10;
const CR = 13;

export class LineIndex {
  /** Offsets where each line starts; `starts[0]` is 0 and the array is strictly increasing. */
  private readonly starts: Uint32Array;

  constructor(readonly text: string) {
    const starts: number[] = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LF) {
        starts.push(i + 1);
      } else if (c === CR) {
        // A `\r\n` pair is one line break: the next line starts after the `\n`.
        if (text.charCodeAt(i + 1) === LF) i++;
        starts.push(i + 1);
      }
    }
    this.starts = Uint32Array.from(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /**
   * The position of `offset`. Offsets outside the text are clamped to it, so a range that ends
   * at the end of the file (or a stale range in an editor) still has a position.
   */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, column: clamped - this.starts[line]! };
  }

  /**
   * The offset of a position. A column past the end of its line means the end of the line, and a
   * line past the last one means the end of the text, as LSP specifies for positions.
   */
  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    return start + Math.max(0, Math.min(position.column, this.lineEnd(position.line) - start));
  }

  /** The offset where `line` starts. */
  lineStart(line: number): number {
    return this.starts[line]!;
  }

  /** The offset where `line`'s text ends, before its line terminator. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1]!;
    if (this.text.charCodeAt(end - 1) === LF) end--;
    if (this.text.charCodeAt(end - 1) === CR) end--;
    return end;
  }

  /** The text of `line`, without its line terminator. */
  lineText(line: number): string {
    return this.text.slice(this.starts[line]!, this.lineEnd(line));
  }

  /** The line that contains `offset`: the last line whose start is at or before it. */
  private lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
