/**
 * A copy of `value` without its undefined entries, so that models and output compare and
 * serialise cleanly. Copying, not `delete`: deleting keys turns V8 objects into slow dictionaries,
 * which showed in profiles of large programs.
 */
export function withoutUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const inner = value[key];
    if (inner !== undefined) out[key] = inner;
  }
  return out as T;
}
