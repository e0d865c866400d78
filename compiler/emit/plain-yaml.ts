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
/** `e1`, `E0`: some YAML 1.1 readers take these for floats. */
const EXPONENT = /^[eE][0-9]/;
const YAML11_WORDS = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);
// eslint-disable-next-line no-control-regex
const ESCAPE = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

function str(s: string): string {
  if (PLAIN.test(s) && !s.endsWith(':') && !EXPONENT.test(s) && !YAML11_WORDS.has(s.toLowerCase())) return s;
  return JSON.stringify(s).replace(ESCAPE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a JSON number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (typeof v === 'object') return Object.keys(v).length === 0 ? '{}' : undefined;
  throw new Error(`not JSON data: ${typeof v}`);
}

/** Keys repeat (`name`, `typed_config`, …): each is checked for quoting once. */
const keys = new Map<string, string>();
function key(k: string): string {
  let out = keys.get(k);
  if (out === undefined) {
    out = str(k);
    if (keys.size < 10_000) keys.set(k, out);
  }
  return out;
}

function block(v: unknown, pad: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) seqItem(item, pad, out);
    return;
  }
  for (const k in v as Record<string, unknown>) entry(`${pad}${key(k)}:`, `${pad}  `, (v as Record<string, unknown>)[k], out);
}

function entry(prefix: string, childPad: string, x: unknown, out: string[]): void {
  const s = scalar(x);
  if (s !== undefined) out.push(`${prefix} ${s}\n`);
  else {
    out.push(`${prefix}\n`);
    block(x, childPad, out);
  }
}

function seqItem(x: unknown, pad: string, out: string[]): void {
  const s = scalar(x);
  if (s !== undefined) {
    out.push(`${pad}- ${s}\n`);
    return;
  }
  if (Array.isArray(x)) {
    out.push(`${pad}-\n`);
    block(x, `${pad}  `, out);
    return;
  }
  // An object: its first entry on the dash's line, the others under it.
  let first = true;
  for (const [k, inner] of Object.entries(x as Record<string, unknown>)) {
    entry(`${first ? `${pad}- ` : `${pad}  `}${key(k)}:`, `${pad}    `, inner, out);
    first = false;
  }
}

/** One YAML document, with meshc's generated-file header. */
export function toPlainYaml(value: unknown): string {
  const out: string[] = [GENERATED_HEADER];
  const s = scalar(value);
  if (s !== undefined) out.push(`${s}\n`);
  else block(value, '', out);
  return out.join('');
}
