/**
 * Checking a program again after an edit, re-parsing only the files that changed.
 *
 * `checkProgram` in `compiler/index.ts` parses every file on every call. An editor changes one
 * file at a time, and parsing is most of the cost (at N = 1000 services, about 280 ms of 330 ms),
 * so the language server keeps each file's syntax tree until its text changes.
 *
 * **Invariant:** for the same texts and options, `ProgramCache.check` returns exactly what
 * `checkProgram` returns: after parsing, both run `checkParsed`. `test/lsp/program.test.ts`
 * compares the two on every example and every diagnostic case.
 */
import type { CheckOptions, CheckResult, SourceText } from '../frontend.ts';
import { checkParsed } from '../frontend.ts';
import { parseFile } from '../syntax/parse.ts';
import type { SourceFile } from '../syntax/ast.ts';
import type { Result } from '../diagnostics/types.ts';

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
    const parsed = files.map((source) => this.parse(source));
    // Files that left the program leave the cache, so that it holds one tree per live file.
    const live = new Set(files.map((f) => f.path));
    for (const path of this.parsed.keys()) if (!live.has(path)) this.parsed.delete(path);
    return checkParsed(files, parsed, options);
  }

  get size(): number {
    return this.parsed.size;
  }
}
