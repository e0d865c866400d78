/**
 * The edge between the compiler's types and the protocol's: offsets to positions, compiler
 * diagnostics and quick fixes to LSP diagnostics and workspace edits.
 *
 * NOTE: positions are UTF-16 code units, the compiler's unit and the protocol's default, so a
 * conversion is a line lookup and never re-counts characters.
 */
import * as L from 'vscode-languageserver';
import type { Diagnostic, QuickFix, Range } from '../compiler/diagnostics/types.ts';
import { docsUrl, type LineIndex } from '../compiler/query/index.ts';
import type { Snapshot } from './workspace.ts';

export function toRange(lines: LineIndex, range: Range): L.Range {
  const start = lines.position(range.start);
  const end = lines.position(range.end);
  return { start: { line: start.line, character: start.column }, end: { line: end.line, character: end.column } };
}

export function toOffset(lines: LineIndex, position: L.Position): number {
  return lines.offset({ line: position.line, column: position.character });
}

const severities: Record<Diagnostic['severity'], L.DiagnosticSeverity> = {
  error: L.DiagnosticSeverity.Error,
  warning: L.DiagnosticSeverity.Warning,
  info: L.DiagnosticSeverity.Information,
  hint: L.DiagnosticSeverity.Hint,
};

/** A compiler diagnostic as the protocol's: `code`, a link to its page, related locations. */
export function toDiagnostic(snapshot: Snapshot, d: Diagnostic, relatedSupport = true): L.Diagnostic {
  const out: L.Diagnostic = {
    range: toRange(snapshot.lines(d.file), d.range),
    severity: severities[d.severity],
    code: d.code,
    codeDescription: { href: docsUrl(d.code) },
    source: 'meshc',
    message: d.message,
  };
  if (d.related && d.related.length > 0) {
    if (relatedSupport) {
      out.relatedInformation = d.related.map((r) => ({
        location: { uri: r.file, range: toRange(snapshot.lines(r.file), r.range) },
        message: r.message,
      }));
    } else {
      // A client without related information still gets the locations, in the message.
      out.message += d.related.map((r) => `\n${r.message} (${r.file}:${snapshot.lines(r.file).position(r.range.start).line + 1})`).join('');
    }
  }
  return out;
}

/** A quick fix's edits as a workspace edit; edits in other files use those files' lines. */
export function toWorkspaceEdit(snapshot: Snapshot, fix: QuickFix): L.WorkspaceEdit {
  const changes: Record<string, L.TextEdit[]> = {};
  for (const edit of fix.edits) {
    (changes[edit.file] ??= []).push({ range: toRange(snapshot.lines(edit.file), edit.range), newText: edit.newText });
  }
  return { changes };
}

export function sameRange(a: L.Range, b: L.Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function overlaps(a: L.Range, b: L.Range): boolean {
  const before = (p: L.Position, q: L.Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
