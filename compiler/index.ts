/**
 * The compiler's public entry points. The CLI and the language server use only these.
 *
 * The pipeline: text → syntax tree (`syntax/parse.ts`, with `grammar/`) → checked model
 * (`check/`) → IR and target backends (later stages).
 */
import type { Diagnostic, Result } from './diagnostics/types.ts';
import { parseFile } from './syntax/parse.ts';
import type { SourceFile } from './syntax/ast.ts';
import { checkFiles } from './check/index.ts';
import type { Program } from './check/model.ts';
import { formatFile } from './format/format.ts';
import { runAnalyses } from './analyses/index.ts';

export { VERSION } from './version.ts';

/** One input file: its path as given (used in diagnostics) and its decoded text (no BOM). */
export interface SourceText {
  path: string;
  text: string;
}

export interface CheckResult {
  program: Program;
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

/**
 * Parses and checks a whole program. Never throws on bad input: every problem is a diagnostic.
 * Diagnostics are sorted by file, position and code, so output is the same whatever the order of
 * `files`.
 */
export function checkProgram(files: SourceText[]): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const parsed: SourceFile[] = [];
  for (const source of files) {
    const result = parseFile(source.text, source.path);
    parsed.push(result.value);
    diagnostics.push(...result.diagnostics);
  }
  const checked = checkFiles(parsed);
  diagnostics.push(...checked.diagnostics);
  diagnostics.push(...runAnalyses(checked.value, parsed));
  return { program: checked.value, files: parsed, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Formats one file. The value is undefined when the file has syntax errors (they are returned as
 * diagnostics), because a formatter that guesses could change meaning.
 */
export function formatText(text: string, path: string): Result<string | undefined> {
  const parsed = parseFile(text, path);
  if (parsed.diagnostics.length > 0) return { value: undefined, diagnostics: parsed.diagnostics };
  return { value: formatFile(parsed.value, text), diagnostics: [] };
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start - b.range.start ||
      a.range.end - b.range.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

export { parseFile };
