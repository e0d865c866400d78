/**
 * Collects the checker's diagnostics. Messages come from the registry, so each report names a
 * code and the template's arguments; the file is fixed per declaration being checked.
 */
import type { Diagnostic, QuickFix, Range, RelatedLocation } from '../diagnostics/types.ts';
import { message, spec } from '../diagnostics/registry.ts';
import type { Loc } from './model.ts';
import type { Literal } from '../syntax/ast.ts';
import { quoteString } from '../syntax/strings.ts';

/** What a value error is reported on: a literal of the syntax tree. */
type ValueNode = Literal;

export interface ReportExtras {
  related?: RelatedLocation[];
  fixes?: QuickFix[];
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(file: string, code: string, range: Range, args: Record<string, string | number> = {}, extras: ReportExtras = {}): void {
    this.push(file, code, range, message(code, args), extras);
  }

  /** For messages already built (the value validators build theirs from the registry too). */
  push(file: string, code: string, range: Range, text: string, extras: ReportExtras = {}): void {
    const diagnostic: Diagnostic = { code, severity: spec(code).severity, file, range, message: text };
    if (extras.related && extras.related.length > 0) diagnostic.related = extras.related;
    if (extras.fixes && extras.fixes.length > 0) diagnostic.fixes = extras.fixes;
    this.diagnostics.push(diagnostic);
  }
}

/** A reporter bound to one file, with the helpers the declaration checkers share. */
export class FileReporter {
  constructor(
    readonly reporter: Reporter,
    readonly file: string,
  ) {}

  loc(range: Range): Loc {
    return { file: this.file, range };
  }

  report(code: string, range: Range, args: Record<string, string | number> = {}, extras: ReportExtras = {}): void {
    this.reporter.report(this.file, code, range, args, extras);
  }

  /**
   * Reports a value error if there is one; returns true when the value is valid. `at` is the
   * literal (or a range). When the validator knows the corrected value, it becomes a quick fix,
   * quoted again if the literal was a string.
   */
  value(at: ValueNode | Range, error: { code: string; message: string; fix?: string } | undefined): boolean {
    if (!error) return true;
    const range = 'range' in at ? at.range : at;
    const fixes = error.fix !== undefined ? [this.replace(range, 'kind' in at && at.kind === 'Str' ? quoteString(error.fix) : error.fix)] : [];
    this.reporter.push(this.file, error.code, range, error.message, { fixes });
    return false;
  }

  /** A quick fix that replaces `range` with `text`. */
  replace(range: Range, text: string, title = `Replace with \`${text}\``): QuickFix {
    return { title, edits: [{ file: this.file, range, newText: text }] };
  }

  related(loc: Loc, text: string): RelatedLocation {
    return { file: loc.file, range: loc.range, message: text };
  }
}
