/**
 * YAML for plain JSON data (objects, arrays, strings, numbers, booleans, null), written directly:
 * the Envoy target writes tens of megabytes for a large mesh, where the general `yaml` package
 * (`yaml.ts`) spends seconds.
 *
 * Readers that follow YAML 1.1 (Envoy's yaml-cpp, kubectl) and 1.2 read it the same way: a string
 * is written plain only when it starts with a letter, `_` or `/`, holds nothing but letters,
 * digits and `_ . / - | :`, does not end with `:`, does not look like an exponent (`e1`), and is
 * not one of YAML 1.1's booleans or null;
 * any other string is written as a JSON string, which is also a YAML double-quoted scalar.
 *
 * **Invariant:** the text depends only on the value (key order as built), so the same value always
 * gives the same bytes.
 */
import { GENERATED_HEADER } from './yaml.ts';

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./|:-]*$/;
/** `e1`, `E0`, `e-0`: some YAML 1.1 readers take these for floats. */
const EXPONENT = /^[eE][-+]?[0-9]/;
const YAML11_WORDS = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);
// eslint-disable-next-line no-control-regex
const ESCAPE = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

function str(s: string): string {
  if (PLAIN.test(s) && !s.endsWith(':') && !EXPONENT.test(s) && !YAML11_WORDS.has(s.toLowerCase())) return s;
  return JSON.stringify(s).replace(ESCAPE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return cached(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a JSON number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (typeof v === 'object') {
    for (const _ in v) return undefined;
    return '{}';
  }
  throw new Error(`not JSON data: ${typeof v}`);
}

/** Keys and many values repeat (`name`, `typed_config`, `V3`, …): each is checked for quoting once. */
const seen = new Map<string, string>();
function cached(k: string): string {
  let out = seen.get(k);
  if (out === undefined) {
    out = str(k);
    if (seen.size < 50_000 && k.length <= 80) seen.set(k, out);
  }
  return out;
}

const pads: string[] = [''];
function pad(depth: number): string {
  while (pads.length <= depth) pads.push(`${pads[pads.length - 1]}  `);
  return pads[depth]!;
}

/**
 * The text of objects that several places share (backends reuse one object, such as an SDS secret
 * reference, wherever it belongs), by depth: each is written once per depth.
 */
const shared = new WeakSet<object>();
const texts = new WeakMap<object, string[]>();

/** Marks `value` as shared: its text is kept and reused. It must not change afterwards. */
export function sharedValue<T extends object>(value: T): T {
  shared.add(value);
  return value;
}

/** Writes an object or array that is not empty, at `depth` (two spaces each). */
function block(v: unknown, depth: number): string {
  if (shared.has(v as object)) {
    let byDepth = texts.get(v as object);
    if (!byDepth) texts.set(v as object, (byDepth = []));
    return (byDepth[depth] ??= write(v, depth));
  }
  return write(v, depth);
}

function write(v: unknown, depth: number): string {
  let out = '';
  if (Array.isArray(v)) {
    for (const item of v) out += seqItem(item, depth);
    return out;
  }
  const p = pad(depth);
  const o = v as Record<string, unknown>;
  for (const k in o) out += entry(`${p}${cached(k)}:`, depth + 1, o[k]);
  return out;
}

function entry(prefix: string, childDepth: number, x: unknown): string {
  const s = scalar(x);
  return s !== undefined ? `${prefix} ${s}\n` : `${prefix}\n${block(x, childDepth)}`;
}

function seqItem(x: unknown, depth: number): string {
  const p = pad(depth);
  const s = scalar(x);
  if (s !== undefined) return `${p}- ${s}\n`;
  if (Array.isArray(x)) return `${p}-\n${block(x, depth + 1)}`;
  // An object: its first entry on the dash's line, the others under it.
  let out = '';
  let first = true;
  const o = x as Record<string, unknown>;
  for (const k in o) {
    out += entry(`${first ? `${p}- ` : `${p}  `}${cached(k)}:`, depth + 2, o[k]);
    first = false;
  }
  return out;
}

/** One YAML document, with meshc's generated-file header. */
export function toPlainYaml(value: unknown): string {
  const s = scalar(value);
  return GENERATED_HEADER + (s !== undefined ? `${s}\n` : block(value, 0));
}
