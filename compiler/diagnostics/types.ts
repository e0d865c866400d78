/**
 * Diagnostics as data.
 *
 * Every stage of the compiler returns its value together with a list of `Diagnostic`s; no stage
 * throws on bad input. Ranges are UTF-16 code-unit offsets into the text of one file (the same
 * unit JavaScript strings and the Language Server Protocol use), so the CLI and editors agree on
 * columns. Line and column numbers are derived from offsets only when a diagnostic is rendered.
 */

/** A half-open range `[start, end)` of UTF-16 code-unit offsets into one file's text. */
export interface Range {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A location in a (possibly different) file that helps explain a diagnostic. */
export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** A mechanical edit that fixes a diagnostic: replace `range` in `file` with `newText`. */
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** Stable registry code, for example `MESH1001`. */
  code: string;
  severity: Severity;
  /** The file the range refers to (a path as given to the compiler, or a URI in the server). */
  file: string;
  range: Range;
  message: string;
  related?: RelatedLocation[];
  fixes?: QuickFix[];
}

/** What every stage returns: its value, and what it found wrong on the way. */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}
