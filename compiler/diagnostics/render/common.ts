/**
 * What every output format shares: the input of a renderer, the order of diagnostics, and the
 * conversion of offsets to the 1-based lines and columns that people and tools read.
 *
 * Every renderer is a pure function of its input, so the same diagnostics print byte-identically
 * whatever order the compiler found them in.
 */
import { compareBytes } from '../../source/compare.ts';
import { LineIndex } from '../../source/line-index.ts';
import type { Diagnostic, Range } from '../types.ts';

export interface RenderInput {
  diagnostics: readonly Diagnostic[];
  /**
   * The decoded text of each file, keyed by the same path the diagnostics use. A file with no
   * text (one that could not be decoded) renders at line 1, column 1, without a source line.
   */
  sources: ReadonlyMap<string, string>;
}

/** A 1-based line and 1-based UTF-16 column, as printed. */
export interface LineColumn {
  line: number;
  column: number;
}

/**
 * A 1-based range. `end` is exclusive: it is the position just after the last character, as in
 * SARIF's `endColumn` and LSP's `end`.
 */
export interface LineColumnRange {
  start: LineColumn;
  end: LineColumn;
}

/** Diagnostics sorted by file (byte order), start offset, code, then end and message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareBytes(a.file, b.file) ||
      a.range.start - b.range.start ||
      compareBytes(a.code, b.code) ||
      a.range.end - b.range.end ||
      compareBytes(a.message, b.message),
  );
}

/** Line indexes of the input's files, built on first use and kept for the rest of a render. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  /** The line index of `file`; a file without text has one empty line. */
  index(file: string): LineIndex {
    let index = this.indexes.get(file);
    if (!index) {
      index = new LineIndex(this.sources.get(file) ?? '');
      this.indexes.set(file, index);
    }
    return index;
  }

  /** Whether the text of `file` is known, so that its lines can be shown. */
  hasSource(file: string): boolean {
    return this.sources.has(file);
  }

  range(file: string, range: Range): LineColumnRange {
    const index = this.index(file);
    const start = index.position(range.start);
    const end = index.position(range.end);
    return {
      start: { line: start.line + 1, column: start.column + 1 },
      end: { line: end.line + 1, column: end.column + 1 },
    };
  }
}
