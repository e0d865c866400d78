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
 * Moves ranges in place so that a range object reached twice (results and trees share them, and
 * nodes of one tree share them too) moves once, without a set of the objects seen: `markTrees`
 * replaces every range of the syntax trees (all after the edit) by its new value encoded as a
 * negative number, unless it is negative already; `markResults` does the same for each range of
 * `path` under the results that lies after the replaced text; `unmark` decodes.
 */
export function markResults(value: unknown, path: string, r: Relocation): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) markResults(item, path, r);
    return;
  }
  const record = value as Record<string, unknown>;
  const range = located(record, path);
  if (range && range.start >= r.oldEnd) {
    range.start = -(range.start + r.delta) - 1;
    range.end = -(range.end + r.delta) - 1;
  }
  for (const key in record) if (key !== 'range') markResults(record[key], path, r);
}

export function markTrees(value: unknown, delta: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) markTrees(item, delta);
    return;
  }
  const record = value as Record<string, unknown>;
  const start = record.start;
  if (typeof start === 'number') {
    if (start >= 0) {
      record.start = -(start + delta) - 1;
      record.end = -((record.end as number) + delta) - 1;
    }
    return;
  }
  for (const key in record) markTrees(record[key], delta);
}

/** Decodes every range marked under `value` (trees or results). */
export function unmark(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) unmark(item);
    return;
  }
  const record = value as Record<string, unknown>;
  const start = record.start;
  if (typeof start === 'number') {
    if (start < 0) {
      record.start = -start - 1;
      record.end = -(record.end as number) - 1;
    }
    return;
  }
  for (const key in record) unmark(record[key]);
}

/** The smallest start and largest end of the ranges of each file under `value`. */
export type Bounds = Map<string, { min: number; max: number }>;

export function boundsOf(value: unknown, into: Bounds = new Map()): Bounds {
  if (typeof value !== 'object' || value === null) return into;
  if (Array.isArray(value)) {
    for (const item of value) boundsOf(item, into);
    return into;
  }
  const record = value as Record<string, unknown>;
  const range = record.range as Range | undefined;
  if (typeof record.file === 'string' && typeof range === 'object' && range !== null) {
    const b = into.get(record.file);
    if (!b) into.set(record.file, { min: range.start, max: range.end });
    else {
      if (range.start < b.min) b.min = range.start;
      if (range.end > b.max) b.max = range.end;
    }
  }
  for (const key in record) if (key !== 'range') boundsOf(record[key], into);
  return into;
}
