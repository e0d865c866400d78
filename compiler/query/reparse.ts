/**
 * Parsing a file again after an edit by parsing only the declarations around the edit.
 *
 * An editor changes a few characters at a time; parsing a whole file for that (at 200 services in
 * one file, most of a keystroke's time) is waste. `reparse` parses a *chunk* of the new text, from
 * the start of a declaration before the edit to the end of a declaration after it (where the next
 * one starts), as if it were a file of its own, and splices the result between the old file's
 * trees before and after the chunk, whose ranges are moved by the change in length.
 *
 * Why the result is the one `parseFile` gives for the whole new text. It rests on three properties
 * of the lexer and parser, an invariant of ARCHITECTURE.md (`compiler/syntax/`):
 *
 * 1. Tokens never span lines: the tokens of a line depend on that line alone. So the chunk, which
 *    starts and ends at line starts, lexes as that part of the whole text does.
 * 2. Between declarations the parser holds no state but the position: a declaration that parsed
 *    without a syntax error ends at its closing `}`, and what follows is parsed the same whatever
 *    came before it.
 * 3. Syntax diagnostics are de-duplicated only at one position and within one line.
 *
 * The chunk is chosen so that both of its ends sit next to a declaration that parsed without any
 * syntax diagnostic. Before it, in the old parse: the parser was between declarations at the
 * chunk's start, in the old parse and so in the new one, whose text up to there is the same. At its
 * end, the chunk's last declaration is an old declaration after the edit, which must come out of
 * the chunk's parse without a diagnostic, at the same place and equal to its old tree: so the
 * edit's errors did not reach into it, and after it the parser is between declarations, as in the
 * old parse, from where the rest of the text is the same. (The old tree then takes its place, so
 * that the checker's cache, keyed by tree, knows it.) When no such chunk exists, or it would be the
 * whole file, the answer is `undefined`, and the caller parses the whole text.
 */
import type { Diagnostic, Result } from '../diagnostics/types.ts';
import type { SourceFile } from '../syntax/ast.ts';
import { parseFile } from '../syntax/parse.ts';
import type { Relocation } from '../check/index.ts';

export interface Reparsed {
  result: Result<SourceFile>;
  /** How offsets of the old text map to the new one (for the checker's cache). */
  relocation: Relocation;
  /**
   * The old trees after the edit, now part of `result`: their ranges are still those of the old
   * text, and must be moved (by `CheckCache.relocate`, which moves the results that share range
   * objects with them at the same time) before `result` is used.
   */
  trees: unknown[];
}

/** Counters for tests and benchmarks: how edits were parsed. */
export const reparseStats = { chunks: 0, whole: 0, chunkChars: 0 };

const NEWLINE = 10;

/**
 * The parse of `text`, the new text of a file whose old text and parse are `oldText` and `old`, or
 * undefined when it must be parsed in full. NOTE: the old trees after the edit become part of the
 * new result, to be moved in place (see `trees`): a copy of every tree after the edit would cost
 * more than the parse it saves. `old` must not be used afterwards.
 */
export function reparse(oldText: string, old: Result<SourceFile>, text: string, path: string): Reparsed | undefined {
  const decls = old.value.decls;
  if (decls.length === 0) return undefined;
  // The edit: [p, editEnd) of the old text became [p, editEnd + delta) of the new one.
  const max = Math.min(oldText.length, text.length);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const editEnd = oldText.length - s;
  const delta = text.length - oldText.length;
  const diagnostics = old.diagnostics;

  const atLineStart = (at: number): boolean => at === 0 || oldText.charCodeAt(at - 1) === NEWLINE;
  /**
   * The declaration at `from` parsed without a syntax diagnostic: none starts in `[from, to]` (`to`
   * being where the next declaration starts: an error that ends a declaration, such as a missing
   * `}`, is reported at the token that ends it) or runs into it.
   */
  const clean = (from: number, to: number): boolean =>
    diagnostics.every((d) => (d.range.start < from ? d.range.end <= from : d.range.start > to));

  // The chunk starts at declaration `first` (kept: the declarations before it), or at 0.
  let first = -1;
  for (let k = 0; k < decls.length && decls[k]!.range.start < p; k++) first = k;
  while (first >= 1 && !(atLineStart(decls[first]!.range.start) && clean(decls[first - 1]!.range.start, decls[first]!.range.start))) first--;
  if (first < 1) first = 0;
  const start = first === 0 ? 0 : decls[first]!.range.start;

  // The chunk ends with declaration `last`, after the edit and clean, at the start of the next one.
  let last = first;
  while (last < decls.length && decls[last]!.range.start < editEnd) last++;
  let end = oldText.length;
  for (; last < decls.length - 1; last++) {
    const next = decls[last + 1]!.range.start;
    if (atLineStart(next) && clean(decls[last]!.range.start, next)) {
      end = next;
      break;
    }
  }
  if (end === oldText.length) last = decls.length;
  if (start === 0 && end === oldText.length) return undefined;

  const chunk = parseFile(text.slice(start, end + delta), path);
  const fresh = new Set<object>();
  moveAll([chunk.value.decls, chunk.value.comments, chunk.diagnostics], start, fresh);
  const parsed = chunk.value.decls;
  if (end < oldText.length) {
    // The chunk's last declaration must be the old one after the edit, unchanged: then the old
    // tree (moved) takes its place, and keeps its identity for the checker's cache.
    const tree = parsed[parsed.length - 1];
    const before = decls[last]!;
    if (!tree || tree.range.start !== before.range.start + delta || tree.range.end !== before.range.end + delta) return undefined;
    if (chunk.diagnostics.some((d) => d.range.start >= tree.range.start || d.range.end > tree.range.start)) return undefined;
    if (!sameMoved(tree, before, delta)) return undefined;
    parsed.pop();
  }

  const right = decls.slice(last);
  const comments = old.value.comments;
  // NOTE: when the chunk runs to the end, an old diagnostic at the very end (a missing `}` at the
  // end of the file, say) was the chunk's, not the rest's: nothing is after the chunk.
  const firstAfter = <T extends { range: { start: number } }>(xs: T[]): number => {
    let k = xs.length;
    while (end < oldText.length && k > 0 && xs[k - 1]!.range.start >= end) k--;
    return k;
  };
  const firstIn = <T extends { range: { start: number } }>(xs: T[]): number => {
    let k = 0;
    while (k < xs.length && xs[k]!.range.start < start) k++;
    return k;
  };
  const commentsAfter = comments.slice(firstAfter(comments));
  // Diagnostics are few, and may share range objects with the trees: copied, not moved.
  const diagnosticsAfter = diagnostics.slice(firstAfter(diagnostics)).map((d) => copyMoved(d, delta));
  const file: SourceFile = {
    kind: 'File',
    path,
    range: { start: 0, end: text.length },
    decls: [...decls.slice(0, first === 0 ? 0 : first), ...parsed, ...right],
    comments: [...comments.slice(0, firstIn(comments)), ...chunk.value.comments, ...commentsAfter],
  };
  const result: Result<SourceFile> = {
    value: file,
    diagnostics: [...diagnostics.slice(0, firstIn(diagnostics)), ...chunk.diagnostics, ...diagnosticsAfter],
  };
  reparseStats.chunks++;
  reparseStats.chunkChars += end + delta - start;
  return { result, relocation: { start: p, oldEnd: editEnd, delta }, trees: [right, commentsAfter] };
}

const isRange = (x: Record<string, unknown>): boolean => typeof x.start === 'number' && typeof x.end === 'number';

/** Moves every range object under `value` by `by`, in place, each once: for a tree just parsed. */
function moveAll(value: unknown, by: number, seen: Set<object>): void {
  if (by === 0 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) moveAll(item, by, seen);
    return;
  }
  const record = value as Record<string, unknown>;
  if (isRange(record)) {
    if (seen.has(record)) return;
    seen.add(record);
    (record.start as number) += by;
    (record.end as number) += by;
    return;
  }
  for (const key in record) moveAll(record[key], by, seen);
}

/** A copy of `value` with every range moved by `by`. */
function copyMoved<T>(value: T, by: number): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => copyMoved(item, by)) as T;
  const record = value as Record<string, unknown>;
  if (isRange(record)) return { start: (record.start as number) + by, end: (record.end as number) + by } as T;
  const out: Record<string, unknown> = {};
  for (const key in record) out[key] = copyMoved(record[key], by);
  return out as T;
}

/** True when `now` is `before` with every range moved by `by`. */
function sameMoved(now: unknown, before: unknown, by: number): boolean {
  if (typeof now !== 'object' || now === null || typeof before !== 'object' || before === null) return now === before;
  if (Array.isArray(now) !== Array.isArray(before)) return false;
  const a = now as Record<string, unknown>;
  const b = before as Record<string, unknown>;
  if (isRange(a) && isRange(b)) return a.start === (b.start as number) + by && a.end === (b.end as number) + by;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!(key in b) || !sameMoved(a[key], b[key], by)) return false;
  return true;
}
