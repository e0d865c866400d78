/**
 * Moving checked results to where their text has moved, for the language server's incremental
 * check (`CheckCache` in `index.ts`, fed by `compiler/query/program.ts`).
 *
 * When an edit replaces the text `[start, oldEnd)` of a file, every offset before `start` stays
 * and every offset from `oldEnd` on moves by `delta`; an offset inside the replaced text has no
 * image. Results locate what they are about with `{ file, range }` objects (model locations,
 * diagnostics, related locations, quick-fix edits). `relocatable` says whether every range of
 * the file in a result has an image; `mark` and `unmark` then move them, and the syntax trees
 * after the edit, together.
 *
 * NOTE: in place, not by copy: copying every tree and result after an edit near the top of a
 * large file cost more than parsing and checking it again (the allocation, then the garbage
 * collection). The results share range objects with the trees (a location is
 * `{ file, range: node.range }`), hence the two passes.
 */
import type { Range } from '../diagnostics/types.ts';

/** One file's edit: `[start, oldEnd)` of the old text became `[start, oldEnd + delta)`. */
export interface Relocation {
  start: number;
  oldEnd: number;
  delta: number;
}

function located(record: Record<string, unknown>, path: string): Range | undefined {
  const range = record.range as Range | undefined;
  return record.file === path && typeof range === 'object' && range !== null ? range : undefined;
}

/** True when no range of `path` under `value` touches the replaced text. */
export function relocatable(value: unknown, path: string, r: Relocation): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!relocatable(item, path, r)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  const range = located(record, path);
  if (range && !(range.end <= r.start || range.start >= r.oldEnd)) return false;
  for (const key in record) if (key !== 'range' && !relocatable(record[key], path, r)) return false;
  return true;
}

/**
 * Moves ranges in place, in two passes over the same values, so that a range object reached
 * twice (results and trees share them) moves once, with no set of the objects seen: `mark`
 * replaces each range to move by its new value encoded as a negative number, `unmark` decodes
 * every negative range. `mark` moves every range of the syntax trees under `trees` (all after the
 * edit) and, under `results`, every range of `path` that lies after the replaced text.
 */
export function mark(trees: unknown, results: unknown, path: string, r: Relocation): void {
  markTrees(trees, r.delta);
  markResults(results, path, r);
}

function markRange(range: Range, delta: number): void {
  if (range.start < 0) return;
  range.start = -(range.start + delta) - 1;
  range.end = -(range.end + delta) - 1;
}

const isRange = (x: Record<string, unknown>): boolean => typeof x.start === 'number' && typeof x.end === 'number';

function markTrees(value: unknown, delta: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) markTrees(item, delta);
    return;
  }
  const record = value as Record<string, unknown>;
  if (isRange(record)) return markRange(record as unknown as Range, delta);
  for (const key in record) markTrees(record[key], delta);
}

function markResults(value: unknown, path: string, r: Relocation): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) markResults(item, path, r);
    return;
  }
  const record = value as Record<string, unknown>;
  const range = located(record, path);
  if (range && range.start >= r.oldEnd) markRange(range, r.delta);
  for (const key in record) if (key !== 'range') markResults(record[key], path, r);
}

/** Decodes every range `mark` moved under `value`. */
export function unmark(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) unmark(item);
    return;
  }
  const record = value as Record<string, unknown>;
  if (isRange(record)) {
    if ((record.start as number) < 0) {
      record.start = -(record.start as number) - 1;
      record.end = -(record.end as number) - 1;
    }
    return;
  }
  for (const key in record) unmark(record[key]);
}

/** The files whose ranges appear in `value` (the `file` of every `{ file, range }` object). */
export function filesOf(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value !== 'object' || value === null) return into;
  if (Array.isArray(value)) {
    for (const item of value) filesOf(item, into);
    return into;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.file === 'string' && typeof record.range === 'object') into.add(record.file);
  for (const key in record) if (key !== 'range') filesOf(record[key], into);
  return into;
}
