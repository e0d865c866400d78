/**
 * Syntax trees compared "modulo ranges and trivia": positions are dropped, and a range that
 * stands for a flag (`dry-run`, `redirect-https`) becomes `true`.
 */
import type { SourceFile } from '../../compiler/syntax/ast.ts';

const positional = new Set(['range', 'keyword', 'byRange']);

function isRange(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('start') && keys.includes('end');
}

export function stripPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPositions);
  if (typeof value !== 'object' || value === null) return value;
  if (isRange(value)) return true;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (positional.has(key) || inner === undefined) continue;
    out[key] = stripPositions(inner);
  }
  return out;
}

/** The declarations of a file without positions or comments. */
export function meaning(file: SourceFile): unknown {
  return stripPositions(file.decls);
}
