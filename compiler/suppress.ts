/**
 * Turning analyses down: the project file `meshc.json` and inline `# meshc:ignore` comments.
 *
 * - `meshc.json` at the root of a project sets the severity of analysis codes:
 *   `{ "severity": { "M5004": "off", "M5023": "error" } }`, with `off`, `hint`, `info`, `warning`
 *   or `error`. `parseProjectConfig` reads it; the CLI finds the file.
 * - `# meshc:ignore M5001` (several codes separated by commas, then an optional reason) silences
 *   those codes on the next line that is not blank or a comment; written after code, on its own
 *   line.
 *
 * Only analysis codes (M5xxx) can be turned down. Every other code means the program is invalid or
 * cannot be compiled, and that is not a matter of taste (as in esbuild, "you cannot turn errors into
 * non-errors"). A comment that names no code, an unknown code or a non-analysis code, or that
 * silences nothing, is itself reported (M5027), so suppressions cannot go stale unnoticed.
 */
import { message, registry, spec } from './diagnostics/registry.ts';
import type { Diagnostic, Severity } from './diagnostics/types.ts';
import type { SourceFile } from './syntax/ast.ts';

export type SeverityLevel = Severity | 'off';

export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

/** What `meshc.json` says. */
export interface ProjectConfig {
  /** Severity by code; `off` drops the code's diagnostics. */
  severity: Readonly<Record<string, SeverityLevel>>;
}

/** Whether a code may be silenced or given another severity: the analyses' codes. */
export function isConfigurable(code: string): boolean {
  return code.startsWith('M5') && registry.has(code);
}

/** Reads the text of a `meshc.json`; the error says what is wrong and where. */
export function parseProjectConfig(text: string): { config: ProjectConfig } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `it is not valid JSON: ${describeJsonError(text, (error as Error).message)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'it must be a JSON object, such as {"severity": {"M5004": "off"}}' };
  for (const key of Object.keys(value)) {
    if (key !== 'severity' && key !== '$schema') return { error: `unknown key "${key}"; the only setting is "severity"` };
  }
  const severity = (value as { severity?: unknown }).severity ?? {};
  if (typeof severity !== 'object' || severity === null || Array.isArray(severity)) {
    return { error: '"severity" must be an object from codes to levels, such as {"M5004": "off"}' };
  }
  const levels: Record<string, SeverityLevel> = {};
  for (const [code, level] of Object.entries(severity)) {
    if (!registry.has(code)) return { error: `"${code}" is not a diagnostic code` };
    if (!isConfigurable(code)) return { error: `"${code}" cannot be configured: only analysis codes (M5xxx) can; ${code} means the program is invalid` };
    if (typeof level !== 'string' || !(SEVERITY_LEVELS as readonly string[]).includes(level)) {
      return { error: `the severity of ${code} must be one of ${SEVERITY_LEVELS.map((l) => `"${l}"`).join(', ')}, not ${JSON.stringify(level)}` };
    }
    levels[code] = level as SeverityLevel;
  }
  return { config: { severity: levels } };
}

/**
 * V8's message for a JSON syntax error, worded the same on every Node and on one line: the offset
 * V8 gives (`at position N`, to which Node 22 adds its own `(line L column C)`) as `line L, column
 * C` (1-based, columns in UTF-16 units as editors count them); excerpts of the text V8 quotes with
 * their line breaks folded.
 */
function describeJsonError(text: string, message: string): string {
  const at = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  const what = (at ? message.slice(0, at.index) : message).replace(/\s+/g, ' ');
  if (!at) return what;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${what}`;
}

interface Ignore {
  file: string;
  /** The offset range of the line the comment applies to, or undefined at the end of the file. */
  line?: { start: number; end: number };
  codes: { code: string; range: { start: number; end: number }; used: boolean }[];
  comment: { start: number; end: number };
}

const MARKER = /^(\s*)meshc:ignore\b/;

/** The `# meshc:ignore` comments of a file, with the line each applies to. */
function ignores(file: SourceFile, text: string): Ignore[] {
  const found: Ignore[] = [];
  for (const comment of file.comments) {
    const marker = MARKER.exec(comment.text);
    if (!marker) continue;
    // Offsets: the comment's text starts one character (the `#`) after its range.
    const base = comment.range.start + 1 + marker[0].length;
    const codes: Ignore['codes'] = [];
    const rest = comment.text.slice(marker[0].length);
    const token = /[^\s,]+/g;
    for (let m = token.exec(rest); m; m = token.exec(rest)) {
      if (!/^M\d+$/i.test(m[0])) break;
      codes.push({ code: m[0], range: { start: base + m.index, end: base + m.index + m[0].length }, used: false });
    }
    // A comment after code on its line applies to that line; a comment alone, to the next code line.
    const lineStart = text.lastIndexOf('\n', comment.range.start - 1) + 1;
    const trailing = text.slice(lineStart, comment.range.start).trim() !== '';
    const line = trailing ? { start: lineStart, end: comment.range.end } : nextCodeLine(text, comment.range.end);
    found.push({ file: file.path, line, codes, comment: comment.range });
  }
  return found;
}

/** The next line after `offset`'s line that holds something other than blanks and a comment. */
function nextCodeLine(text: string, offset: number): { start: number; end: number } | undefined {
  let start = text.indexOf('\n', offset);
  while (start !== -1) {
    start += 1;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    if (line !== '' && !line.startsWith('#')) return { start, end };
    start = end === text.length ? -1 : end;
  }
  return undefined;
}

export interface SuppressionInput {
  files: readonly SourceFile[];
  texts: ReadonlyMap<string, string>;
  config?: ProjectConfig;
  /** Whether the program had no errors before the analyses (else unused suppressions are not reported). */
  programClean: boolean;
}

/**
 * Applies `meshc.json` severities and `# meshc:ignore` comments to `diagnostics`, and reports
 * ineffective comments (M5027, itself subject to the configured severity).
 */
export function applySuppressions(diagnostics: readonly Diagnostic[], input: SuppressionInput): Diagnostic[] {
  const levels = input.config?.severity ?? {};
  const comments: Ignore[] = [];
  for (const file of input.files) {
    const text = input.texts.get(file.path);
    if (text !== undefined && file.comments.length > 0) comments.push(...ignores(file, text));
  }
  const byFile = new Map<string, Ignore[]>();
  for (const c of comments) {
    if (!byFile.has(c.file)) byFile.set(c.file, []);
    byFile.get(c.file)!.push(c);
  }

  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (!isConfigurable(d.code)) {
      kept.push(d);
      continue;
    }
    const silenced = (byFile.get(d.file) ?? []).filter((c) => c.line && d.range.start >= c.line.start && d.range.start <= c.line.end);
    let hidden = false;
    for (const c of silenced) {
      for (const entry of c.codes) {
        if (entry.code === d.code) {
          entry.used = true;
          hidden = true;
        }
      }
    }
    if (!hidden) kept.push(d);
  }

  for (const c of comments) {
    const problem = (detail: string, range: { start: number; end: number }) =>
      kept.push({ code: 'M5027', severity: spec('M5027').severity, file: c.file, range, message: message('M5027', { detail }) });
    if (c.codes.length === 0) {
      problem('This `meshc:ignore` names no code, so it silences nothing: write the code to silence, for example `# meshc:ignore M5001`.', c.comment);
      continue;
    }
    for (const entry of c.codes) {
      if (!registry.has(entry.code)) {
        problem(`\`${entry.code}\` is not a diagnostic code, so this \`meshc:ignore\` silences nothing; \`meshc explain CODE\` describes the codes.`, entry.range);
      } else if (!isConfigurable(entry.code)) {
        problem(`\`${entry.code}\` cannot be silenced: only analysis codes (M5xxx) can, and ${entry.code} means the program is invalid. Fix the program instead.`, entry.range);
      } else if (!entry.used && input.programClean && levels[entry.code] !== 'off') {
        problem(`Nothing on the next line reports \`${entry.code}\`, so this \`meshc:ignore\` silences nothing: remove it.`, entry.range);
      }
    }
  }

  const result: Diagnostic[] = [];
  for (const d of kept) {
    const level = isConfigurable(d.code) ? levels[d.code] : undefined;
    if (level === 'off') continue;
    result.push(level && level !== d.severity ? { ...d, severity: level } : d);
  }
  return result;
}

/** Options of `checkProgram` beyond the files. */
export interface CheckOptions {
  /** The project's `meshc.json`, already read. */
  config?: ProjectConfig;
}
