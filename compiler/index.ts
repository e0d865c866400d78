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
import { applySuppressions, type CheckOptions } from './suppress.ts';
import { lowerProgram } from './ir/lower.ts';
import type { IR } from './ir/types.ts';
import { emitIstio } from './backends/istio/index.ts';
import { validateObjects } from './backends/validate-k8s.ts';
import { emitEnvoy } from './backends/envoy/index.ts';
import { assertValid, validateBootstrap, validateDiscoveryResponse } from './backends/validate-envoy.ts';
import { toYamlDocuments } from './emit/yaml.ts';

export { VERSION } from './version.ts';
export { parseProjectConfig, type CheckOptions, type ProjectConfig } from './suppress.ts';

/** One input file: its path as given (used in diagnostics) and its decoded text (no BOM). */
export interface SourceText {
  path: string;
  text: string;
}

export interface CheckResult {
  program: Program;
  /** The program lowered for the targets; absent when the program has errors. */
  ir: IR | undefined;
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
 * (the language server re-parses only the files an edit changed). `parsed[i]` is the parse of
 * `files[i]`.
 */
export function checkParsed(files: SourceText[], parsed: Result<SourceFile>[], options: CheckOptions = {}): CheckResult {
  const found: Diagnostic[] = parsed.flatMap((p) => p.diagnostics);
  const trees = parsed.map((p) => p.value);
  const checked = checkFiles(trees);
  found.push(...checked.diagnostics);
  // The analyses, then `meshc.json` severities and `# meshc:ignore` comments, which apply to them.
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const programClean = !found.some((d) => d.severity === 'error');
  found.push(...runAnalyses(checked.value, trees, { texts, prior: [...found] }));
  const diagnostics = applySuppressions(found, { files: trees, texts, config: options.config, programClean });
  // Lowering is target-neutral and cheap, and what it reports (a rule no port can carry) is as
  // much a problem of the program as a checker error, so `meshc check` reports it too. It runs
  // only on a program without errors: a port that failed to check would otherwise make every
  // rule look unplaceable.
  let ir: IR | undefined;
  if (!diagnostics.some((d) => d.severity === 'error')) {
    const lowered = lowerProgram(checked.value);
    diagnostics.push(...lowered.diagnostics);
    ir = lowered.value;
  }
  return { program: checked.value, ir, files: trees, diagnostics: sortDiagnostics(diagnostics) };
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

/** The targets `meshc compile` implements, in the order their outputs are listed. */
export const TARGETS = ['istio', 'envoy'] as const;
export type Target = (typeof TARGETS)[number];

/** One file of compiled output: its path under the output folder (`istio/…`) and its text. */
export interface OutputFile {
  target: Target;
  path: string;
  content: string;
}

export interface CompileResult {
  outputs: OutputFile[];
  diagnostics: Diagnostic[];
}

/**
 * Checks, lowers and compiles a program for the given targets (default: all). When any diagnostic
 * is an error, `outputs` is empty: invalid configuration is never produced. Every object passes
 * the validation gate before it is serialised; an object that does not is a bug in meshc and
 * throws `ValidationGateError`.
 */
export function compileProgram(files: SourceText[], options: { targets?: readonly Target[] } & CheckOptions = {}): CompileResult {
  const checked = checkProgram(files, { config: options.config });
  const diagnostics = checked.diagnostics;
  if (!checked.ir || diagnostics.some((d) => d.severity === 'error')) return { outputs: [], diagnostics };
  const ir = checked.ir;
  const targets = options.targets ?? TARGETS;
  const outputs: OutputFile[] = [];
  if (targets.includes('istio')) {
    for (const file of emitIstio(ir)) {
      validateObjects(file.objects);
      outputs.push({ target: 'istio', path: file.path, content: toYamlDocuments(file.objects) });
    }
  }
  if (targets.includes('envoy')) {
    // What Envoy cannot express is a diagnostic of this target; an error stops the whole compile.
    const envoy = emitEnvoy(ir);
    diagnostics.push(...envoy.diagnostics);
    if (envoy.diagnostics.some((d) => d.severity === 'error')) return { outputs: [], diagnostics: sortDiagnostics(diagnostics) };
    for (const file of envoy.files) {
      assertValid(file.path, file.kind === 'bootstrap' ? validateBootstrap(file.document) : validateDiscoveryResponse(file.document));
      outputs.push({ target: 'envoy', path: file.path, content: toYamlDocuments([file.document]) });
    }
  }
  return { outputs, diagnostics: sortDiagnostics(diagnostics) };
}

export { ValidationGateError } from './backends/validate-k8s.ts';
export { parseFile };
