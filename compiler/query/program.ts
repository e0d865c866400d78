/**
 * Checking a program again after an edit, doing again only what the edit can have changed.
 *
 * `checkProgram` in `compiler/index.ts` parses and checks every file on every call. An editor
 * changes a few characters of one file at a time, so the language server keeps, between calls:
 *
 * - each file's text and syntax tree. An unchanged file is not parsed again; a changed one is
 *   parsed again only around the edit (`reparse.ts`: from a declaration before the edit to one
 *   after it, the trees before kept and those after moved), or in full when that cannot be done
 *   safely;
 * - the checker's results per declaration (`CheckCache` in `compiler/check/index.ts`), which it
 *   keeps for every tree it has seen and moves with the trees that `reparse` moved.
 *
 * The analyses, `meshc.json` severities, the placement check of lowering and sorting then run on
 * the whole program, as in `checkProgram` (the IR itself is built when first asked for).
 *
 * Why not simpler: re-parsing only the changed files left a 200-service file at about 35 ms per
 * keystroke of parsing, and checking the whole program again cost 130 ms at N = 1000 services
 * (a third of it garbage collection); now a keystroke costs a chunk of one or two declarations,
 * step 2 of the checker for the declarations in it and step 3 for those that name them, then the
 * analyses. Moving trees and results in place, not by copy, is what makes an edit near the top of
 * a large file cheap.
 *
 * **Invariant:** for the same texts and options, `ProgramCache.check` returns exactly what
 * `checkProgram` returns: after parsing, both run `checkParsed`, and the caches return what a
 * fresh parse and check would. `test/lsp/program.test.ts` compares the two on every example and
 * every diagnostic case, and `test/lsp/incremental.test.ts` after each of thousands of random edits.
 * A result is valid until the next `check`, which moves in place the trees and ranges it shares.
 */
import type { CheckOptions, CheckResult, SourceText } from '../frontend.ts';
import { checkParsed } from '../frontend.ts';
import { parseFile } from '../syntax/parse.ts';
import type { SourceFile } from '../syntax/ast.ts';
import type { Result } from '../diagnostics/types.ts';
import { CheckCache } from '../check/index.ts';
import { reparse, reparseStats } from './reparse.ts';

interface Parsed {
  text: string;
  result: Result<SourceFile>;
}

/** Syntax trees by path, reused while a file's text is unchanged, and the checker's cache. */
export class ProgramCache {
  private readonly parsed = new Map<string, Parsed>();
  private readonly checkCache = new CheckCache();

  /** The syntax tree of one file, parsed now (around the edit, if possible) or from the cache. */
  parse(source: SourceText): Result<SourceFile> {
    const cached = this.parsed.get(source.path);
    if (cached && cached.text === source.text) return cached.result;
    let result: Result<SourceFile> | undefined;
    if (cached) {
      const again = reparse(cached.text, cached.result, source.text, source.path);
      if (again) {
        result = again.result;
        this.checkCache.relocate(source.path, again.relocation, again.trees);
      }
    }
    if (!result) {
      reparseStats.whole++;
      result = parseFile(source.text, source.path);
    }
    this.parsed.set(source.path, { text: source.text, result });
    return result;
  }

  /** Checks `files` as one program, as `checkProgram` does. Never throws on bad input. */
  check(files: SourceText[], options: CheckOptions = {}): CheckResult {
    const parsed = files.map((source) => this.parse(source));
    // Files that left the program leave the cache, so that it holds one tree per live file.
    const live = new Set(files.map((f) => f.path));
    for (const path of this.parsed.keys()) if (!live.has(path)) this.parsed.delete(path);
    return checkParsed(files, parsed, options, this.checkCache);
  }

  get size(): number {
    return this.parsed.size;
  }

  /** The checker's cache, for its counters in tests and benchmarks. */
  get checker(): CheckCache {
    return this.checkCache;
  }
}
