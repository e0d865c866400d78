/**
 * The human format, compiler style:
 *
 * ```text
 * services/reviews.mesh:3:12: error[M2001]: message
 *  3 |   route -> foo
 *    |            ^^^
 * services/mesh.mesh:1:1: note: related message
 * ```
 *
 * A header a terminal or editor can jump to, the source line with carets under the range (a range
 * spanning lines is marked to the end of its first line), related locations as `note:` lines, a
 * blank line between diagnostics, and a summary such as `2 errors, 1 warning` at the end. The
 * diagnostic golden tests print with this renderer too, so its output must stay stable.
 */
import type { Diagnostic, Severity } from '../types.ts';
import { Locator, sortDiagnostics, type RenderInput } from './common.ts';
import { displayLine } from './display-width.ts';

export interface TextOptions {
  /** ANSI colours; the CLI asks for them only on a terminal and when `NO_COLOR` is not set. */
  color?: boolean;
}

export function renderText(input: RenderInput, options: TextOptions = {}): string {
  const paint = options.color ? ansi : plain;
  const locator = new Locator(input.sources);
  const blocks = sortDiagnostics(input.diagnostics).map((d) => renderOne(d, locator, paint));
  if (blocks.length === 0) return '';
  return `${blocks.join('\n')}\n${summary(input.diagnostics)}\n`;
}

/** For example `2 errors, 1 warning`; empty when there is nothing to count. */
export function summary(diagnostics: readonly Diagnostic[]): string {
  const counts = new Map<Severity, number>();
  for (const d of diagnostics) counts.set(d.severity, (counts.get(d.severity) ?? 0) + 1);
  const parts: string[] = [];
  for (const severity of SEVERITIES) {
    const count = counts.get(severity);
    if (count) parts.push(`${count} ${NOUNS[severity][count === 1 ? 0 : 1]}`);
  }
  return parts.join(', ');
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
const NOUNS: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
  hint: ['hint', 'hints'],
};

function renderOne(d: Diagnostic, locator: Locator, paint: Paint): string {
  const at = locator.range(d.file, d.range);
  const lines = [
    `${paint.bold(`${d.file}:${at.start.line}:${at.start.column}:`)} ` +
      `${paint[d.severity](`${d.severity}[${d.code}]:`)} ${paint.bold(d.message)}`,
  ];
  if (locator.hasSource(d.file)) lines.push(...snippet(d, locator, paint));
  for (const r of d.related ?? []) {
    const { line, column } = locator.range(r.file, r.range).start;
    lines.push(`${paint.bold(`${r.file}:${line}:${column}:`)} ${paint.note('note:')} ${r.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * On a line longer than this many code units, the snippet shows only the part around the range,
 * with `…` where the line goes on: a generated or pasted file can hold a whole program on one
 * line, and printing it whole under each of thousands of diagnostics took minutes.
 */
const LONG_LINE = 160;
/** Code units shown before and after the range on a long line. */
const CONTEXT = 60;

/** The source line of the range's start, and a caret line under the range. */
function snippet(d: Diagnostic, locator: Locator, paint: Paint): string[] {
  const index = locator.index(d.file);
  const start = index.position(d.range.start);
  const end = index.position(Math.max(d.range.start, d.range.end));
  const source = index.lineText(start.line);
  const lastColumn = end.line === start.line ? end.column : source.length;
  // The part of the line shown: all of it, or a window around the range on a long line.
  let from = 0;
  let to = source.length;
  if (source.length > LONG_LINE) {
    from = Math.max(0, start.column - CONTEXT);
    to = Math.min(source.length, Math.min(lastColumn, start.column + LONG_LINE - CONTEXT) + CONTEXT);
    // Never cut a surrogate pair in two.
    if (from > 0 && isLowSurrogate(source.charCodeAt(from))) from--;
    if (to < source.length && isLowSurrogate(source.charCodeAt(to))) to++;
  }
  const before = from > 0 ? '…' : '';
  const after = to < source.length ? '…' : '';
  const shown = displayLine(source.slice(from, to));
  const caretFrom = before.length + shown.columns[start.column - from]!;
  // An empty range (or one that starts at the end of a line) still gets one caret.
  const width = Math.max(1, shown.columns[Math.min(lastColumn, to) - from]! + before.length - caretFrom);
  const number = String(start.line + 1);
  const gutter = ' '.repeat(number.length + 2);
  return [
    `${paint.gutter(` ${number} |`)} ${before}${shown.text}${after}`.trimEnd(),
    `${paint.gutter(`${gutter}|`)} ${' '.repeat(caretFrom)}${paint[d.severity]('^'.repeat(width))}`,
  ];
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

type Style = 'bold' | 'gutter' | 'note' | Severity;
type Paint = Record<Style, (text: string) => string>;

const plain: Paint = {
  bold: (t) => t,
  gutter: (t) => t,
  note: (t) => t,
  error: (t) => t,
  warning: (t) => t,
  info: (t) => t,
  hint: (t) => t,
};

const sgr = (open: string) => (text: string) => `\u001b[${open}m${text}\u001b[0m`;
const ansi: Paint = {
  bold: sgr('1'),
  gutter: sgr('1;34'),
  note: sgr('1;36'),
  error: sgr('1;31'),
  warning: sgr('1;33'),
  info: sgr('1;36'),
  hint: sgr('1;32'),
};
