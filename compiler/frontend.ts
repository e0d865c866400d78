/**
 * The front end's entry points: parse, check, analyse, lower, format. Everything `meshc check`,
 * `meshc fmt` and the language server's diagnostics need, and nothing of the target backends, so
 * that their start-up does not load the schema validators and serialisers (`compiler/index.ts`
 * adds `compileProgram` on top).
 */
import type { Diagnostic, Result } from './diagnostics/types.ts';
import { parseFile } from './syntax/parse.ts';
import type { SourceFile } from './syntax/ast.ts';
import { checkFiles, type CheckCache } from './check/index.ts';
import type { Program } from './check/model.ts';
import { formatFile } from './format/format.ts';
import { runAnalyses } from './analyses/index.ts';
import { applySuppressions, type CheckOptions } from './suppress.ts';
import { lowerProgram, placementDiagnostics } from './ir/lower.ts';
import type { IR } from './ir/types.ts';

export { VERSION } from './version.ts';
export { parseProjectConfig, type CheckOptions, type ProjectConfig } from './suppress.ts';

/** One input file: its path as given (used in diagnostics) and its decoded text (no BOM). */
export interface SourceText {
  path: string;
  text: string;
}

export interface CheckResult {
  program: Program;
  /** The program lowered for the targets (built on first use); absent when the program has errors. */
  readonly ir: IR | undefined;
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

/**
 * Parses and checks a whole program and runs the misconfiguration analyses. Never throws on bad
 * input: every problem is a diagnostic. Diagnostics are sorted by file, position and code, so
 * output is the same whatever the order of `files`. `options.config` (a project's `meshc.json`)
 * sets the severity of analysis codes; `# meshc:ignore` comments silence them line by line.
 */
export function checkProgram(files: SourceText[], options: CheckOptions = {}): CheckResult {
  return checkParsed(files, files.map((source) => parseFile(source.text, source.path)), options);
}

/**
 * The stages of `checkProgram` after parsing, for callers that keep syntax trees between calls
 * (the language server re-parses only the text an edit changed). `parsed[i]` is the parse of
 * `files[i]`. With `cache`, the checker keeps the results of declarations whose syntax trees it
 * has seen (`CheckCache` in `check/index.ts`); the result is the same as without.
 */
export function checkParsed(files: SourceText[], parsed: Result<SourceFile>[], options: CheckOptions = {}, cache?: CheckCache): CheckResult {
  const found: Diagnostic[] = parsed.flatMap((p) => p.diagnostics);
  const trees = parsed.map((p) => p.value);
  const checked = checkFiles(trees, cache);
  found.push(...checked.diagnostics);
  // The analyses, then `meshc.json` severities and `# meshc:ignore` comments, which apply to them.
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const programClean = !found.some((d) => d.severity === 'error');
  found.push(...runAnalyses(checked.value, trees, { texts, prior: [...found] }));
  const diagnostics = applySuppressions(found, { files: trees, texts, config: options.config, programClean });
  // What lowering reports (a rule no port can carry) is as much a problem of the program as a
  // checker error, so `meshc check` reports it too. It is looked at only in a program without
  // errors: a port that failed to check would otherwise make every rule look unplaceable. The IR
  // itself is built when first asked for (by a backend, a preview or a hover), since checking
  // alone does not need it.
  const program = checked.value;
  const lowerable = !diagnostics.some((d) => d.severity === 'error');
  if (lowerable) diagnostics.push(...placementDiagnostics(program));
  let ir: IR | undefined;
  return {
    program,
    get ir(): IR | undefined {
      if (lowerable) ir ??= lowerProgram(program).value;
      return ir;
    },
    files: trees,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/**
 * Formats one file. The value is undefined when the file has syntax errors (they are returned as
 * diagnostics), because a formatter that guesses could change meaning.
 *
 * Line breaks are those of the file's first line: `\r\n` stays `\r\n`, so that a file checked out
 * with Windows line endings (git's `core.autocrlf`) is not rewritten, nor flagged by
 * `meshc fmt --check` in a pre-commit hook, for its line endings alone. Any other file gets `\n`.
 */
export function formatText(text: string, path: string): Result<string | undefined> {
  const parsed = parseFile(text, path);
  if (parsed.diagnostics.length > 0) return { value: undefined, diagnostics: parsed.diagnostics };
  const formatted = formatFile(parsed.value, text);
  const firstBreak = text.indexOf('\n');
  const crlf = firstBreak > 0 && text[firstBreak - 1] === '\r';
  return { value: crlf ? formatted.replaceAll('\n', '\r\n') : formatted, diagnostics: [] };
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
