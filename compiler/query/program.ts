/**
 * Checking a program again after an edit, re-parsing only the files that changed.
 *
 * `checkProgram` in `compiler/index.ts` parses every file on every call. An editor changes one
 * file at a time, and parsing is most of the cost (at N = 1000 services, about 280 ms of 330 ms),
 * so the language server keeps each file's syntax tree until its text changes.
 *
 * **Invariant:** for the same texts and options, `ProgramCache.check` returns exactly what
 * `checkProgram` returns: the same diagnostics in the same order, an equal model and IR. It runs
 * the same stages in the same order. `test/lsp/program.test.ts` compares the two on every example
 * and every diagnostic case, and the language server's fuzz test after thousands of edits.
 *
 * TODO(#6): once `checkProgram` can take already parsed files, call it here instead of repeating
 * its stages.
 */
import type { CheckOptions, CheckResult, SourceText } from '../index.ts';
import { sortDiagnostics } from '../index.ts';
import { parseFile } from '../syntax/parse.ts';
import type { SourceFile } from '../syntax/ast.ts';
import type { Diagnostic, Result } from '../diagnostics/types.ts';
import { checkFiles } from '../check/index.ts';
import { runAnalyses } from '../analyses/index.ts';
import { applySuppressions } from '../suppress.ts';
import { lowerProgram } from '../ir/lower.ts';
import type { IR } from '../ir/types.ts';

interface Parsed {
  text: string;
  result: Result<SourceFile>;
}

/** Syntax trees by path, reused while a file's text is unchanged. */
export class ProgramCache {
  private readonly parsed = new Map<string, Parsed>();

  /** The syntax tree of one file, parsed now or taken from the cache. */
  parse(source: SourceText): Result<SourceFile> {
    const cached = this.parsed.get(source.path);
    if (cached && cached.text === source.text) return cached.result;
    const result = parseFile(source.text, source.path);
    this.parsed.set(source.path, { text: source.text, result });
    return result;
  }

  /** Checks `files` as one program, as `checkProgram` does. Never throws on bad input. */
  check(files: SourceText[], options: CheckOptions = {}): CheckResult {
    const found: Diagnostic[] = [];
    const parsed: SourceFile[] = [];
    const live = new Set<string>();
    for (const source of files) {
      const result = this.parse(source);
      live.add(source.path);
      parsed.push(result.value);
      found.push(...result.diagnostics);
    }
    // Files that left the program leave the cache, so that it holds one tree per live file.
    for (const path of this.parsed.keys()) if (!live.has(path)) this.parsed.delete(path);
    const checked = checkFiles(parsed);
    found.push(...checked.diagnostics);
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const programClean = !found.some((d) => d.severity === 'error');
    found.push(...runAnalyses(checked.value, parsed, { texts, prior: found }));
    const diagnostics = applySuppressions(found, { files: parsed, texts, config: options.config, programClean });
    let ir: IR | undefined;
    if (!diagnostics.some((d) => d.severity === 'error')) {
      const lowered = lowerProgram(checked.value);
      diagnostics.push(...lowered.diagnostics);
      ir = lowered.value;
    }
    return { program: checked.value, ir, files: parsed, diagnostics: sortDiagnostics(diagnostics) };
  }

  get size(): number {
    return this.parsed.size;
  }
}
