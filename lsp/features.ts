/**
 * The language features, one function per LSP request: each reads a snapshot of the program and
 * answers in protocol types. None of them changes anything, and none of them throws on any text
 * (an exception here is a bug, which `server.ts` turns into an error response).
 */
import * as L from 'vscode-languageserver';
import { formatText } from '../compiler/frontend.ts';
import {
  colour,
  complete,
  docsUrl,
  folds,
  hover,
  NAME_PATTERN,
  occurrenceAt,
  outline,
  TOKEN_MODIFIERS,
  TOKEN_TYPES,
  type CandidateKind,
  type OutlineKind,
} from '../compiler/query/index.ts';
import { overlaps, toDiagnostic, toOffset, toRange, toWorkspaceEdit } from './convert.ts';
import type { Snapshot } from './workspace.ts';

export interface ClientSupport {
  snippets: boolean;
  hierarchicalSymbols: boolean;
  relatedInformation: boolean;
  markdown: boolean;
  showDocument: boolean;
}

// ---- Hover --------------------------------------------------------------------------------------

export function onHover(s: Snapshot, p: L.HoverParams, client: ClientSupport): L.Hover | null {
  const file = s.file(p.textDocument.uri);
  const text = s.texts.get(p.textDocument.uri);
  if (!file || text === undefined) return null;
  const lines = s.lines(p.textDocument.uri);
  // The IR is meaningful only for a program without errors (`CheckResult.ir`).
  const clean = !s.result.diagnostics.some((d) => d.severity === 'error');
  const answer = hover({ text, file, names: s.names, program: s.result.program, ...(clean ? { ir: s.result.ir } : {}) }, toOffset(lines, p.position));
  if (!answer) return null;
  return {
    contents: { kind: client.markdown ? L.MarkupKind.Markdown : L.MarkupKind.PlainText, value: answer.markdown },
    range: toRange(lines, answer.range),
  };
}

// ---- Completion ---------------------------------------------------------------------------------

const itemKinds: Record<CandidateKind, L.CompletionItemKind> = {
  keyword: L.CompletionItemKind.Keyword,
  snippet: L.CompletionItemKind.Snippet,
  service: L.CompletionItemKind.Class,
  gateway: L.CompletionItemKind.Interface,
  external: L.CompletionItemKind.Struct,
  version: L.CompletionItemKind.EnumMember,
  namespace: L.CompletionItemKind.Module,
  value: L.CompletionItemKind.Value,
  setting: L.CompletionItemKind.Property,
  operator: L.CompletionItemKind.Operator,
};

export function onCompletion(s: Snapshot, p: L.CompletionParams, client: ClientSupport): L.CompletionList | null {
  const text = s.texts.get(p.textDocument.uri);
  if (text === undefined) return null;
  const lines = s.lines(p.textDocument.uri);
  const answer = complete(text, toOffset(lines, p.position), s.names);
  const range = toRange(lines, answer.replace);
  const items = answer.items.map((c): L.CompletionItem => {
    const snippet = c.snippet === true && client.snippets;
    const item: L.CompletionItem = {
      label: c.label,
      kind: itemKinds[c.kind],
      textEdit: { range, newText: snippet ? c.insertText! : c.label === 'route ->' ? 'route -> ' : c.label },
      insertTextFormat: snippet ? L.InsertTextFormat.Snippet : L.InsertTextFormat.PlainText,
    };
    if (c.detail) item.detail = c.detail;
    if (c.documentation) item.documentation = { kind: client.markdown ? L.MarkupKind.Markdown : L.MarkupKind.PlainText, value: c.documentation };
    if (c.sortText) item.sortText = c.sortText;
    return item;
  });
  return { isIncomplete: false, items };
}

// ---- Navigation ---------------------------------------------------------------------------------

function occurrence(s: Snapshot, p: L.TextDocumentPositionParams) {
  if (!s.file(p.textDocument.uri)) return undefined;
  return occurrenceAt(s.names, p.textDocument.uri, toOffset(s.lines(p.textDocument.uri), p.position));
}

export function onDefinition(s: Snapshot, p: L.DefinitionParams): L.Location[] | null {
  const o = occurrence(s, p);
  const symbol = o && s.names.symbols.get(o.key);
  if (!symbol) return null;
  return [{ uri: symbol.file, range: toRange(s.lines(symbol.file), symbol.range) }];
}

export function onReferences(s: Snapshot, p: L.ReferenceParams): L.Location[] | null {
  const o = occurrence(s, p);
  if (!o) return null;
  return (s.names.byKey.get(o.key) ?? [])
    .filter((r) => p.context.includeDeclaration || !r.declaration)
    .map((r) => ({ uri: r.file, range: toRange(s.lines(r.file), r.range) }));
}

export function onDocumentHighlight(s: Snapshot, p: L.DocumentHighlightParams): L.DocumentHighlight[] | null {
  const o = occurrence(s, p);
  if (!o) return null;
  return (s.names.byKey.get(o.key) ?? [])
    .filter((r) => r.file === p.textDocument.uri)
    .map((r) => ({ range: toRange(s.lines(r.file), r.range), kind: r.declaration ? L.DocumentHighlightKind.Write : L.DocumentHighlightKind.Read }));
}

const RENAMEABLE = 'Only the names of services, gateways, externals, versions and namespaces can be renamed.';

export function onPrepareRename(s: Snapshot, p: L.PrepareRenameParams): L.PrepareRenameResult {
  const o = occurrence(s, p);
  if (!o) throw new L.ResponseError(L.ErrorCodes.InvalidRequest, RENAMEABLE);
  if (!s.names.symbols.has(o.key)) throw new L.ResponseError(L.ErrorCodes.InvalidRequest, `\`${o.name}\` is not declared anywhere, so there is nothing to rename.`);
  return { range: toRange(s.lines(p.textDocument.uri), o.range), placeholder: o.name };
}

export function onRename(s: Snapshot, p: L.RenameParams): L.WorkspaceEdit {
  const o = occurrence(s, p);
  const symbol = o && s.names.symbols.get(o.key);
  if (!o || !symbol) throw new L.ResponseError(L.ErrorCodes.InvalidRequest, RENAMEABLE);
  const name = p.newName;
  if (!NAME_PATTERN.test(name) || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
    throw new L.ResponseError(L.ErrorCodes.InvalidParams, `\`${name}\` is not a valid name: use at most 63 lowercase letters, digits and \`-\`, starting and ending with a letter or digit.`);
  }
  const taken =
    symbol.role === 'version'
      ? s.names.symbols.has(`version:${symbol.container}.${name}`)
      : symbol.role === 'namespace'
        ? false
        : s.names.symbols.has(`decl:${name}`);
  if (taken && name !== symbol.name) throw new L.ResponseError(L.ErrorCodes.InvalidParams, `\`${name}\` is already declared${symbol.role === 'version' ? ` in service \`${symbol.container}\`` : ''}.`);
  const changes: Record<string, L.TextEdit[]> = {};
  for (const r of s.names.byKey.get(o.key) ?? []) {
    (changes[r.file] ??= []).push({ range: toRange(s.lines(r.file), r.range), newText: name });
  }
  return { changes };
}

// ---- Symbols ------------------------------------------------------------------------------------

const symbolKinds: Record<OutlineKind, L.SymbolKind> = {
  mesh: L.SymbolKind.Namespace,
  service: L.SymbolKind.Class,
  gateway: L.SymbolKind.Interface,
  external: L.SymbolKind.Struct,
  version: L.SymbolKind.EnumMember,
  route: L.SymbolKind.Event,
  rule: L.SymbolKind.Function,
  port: L.SymbolKind.Field,
  listener: L.SymbolKind.Field,
  statement: L.SymbolKind.Property,
};

export function onDocumentSymbol(s: Snapshot, p: L.DocumentSymbolParams, client: ClientSupport): L.DocumentSymbol[] | L.SymbolInformation[] | null {
  const file = s.file(p.textDocument.uri);
  const text = s.texts.get(p.textDocument.uri);
  if (!file || text === undefined) return null;
  const lines = s.lines(p.textDocument.uri);
  const nodes = outline(text, file);
  const convert = (n: (typeof nodes)[number]): L.DocumentSymbol => {
    const range = toRange(lines, n.range);
    const selection = toRange(lines, n.selection);
    const out: L.DocumentSymbol = { name: n.name || '(unnamed)', kind: symbolKinds[n.kind], range, selectionRange: selection, children: n.children.map(convert) };
    if (n.detail) out.detail = n.detail;
    return out;
  };
  const tree = nodes.map(convert);
  if (client.hierarchicalSymbols) return tree;
  const flat: L.SymbolInformation[] = [];
  const visit = (n: L.DocumentSymbol, container?: string): void => {
    flat.push({ name: n.name, kind: n.kind, location: { uri: p.textDocument.uri, range: n.range }, ...(container ? { containerName: container } : {}) });
    for (const c of n.children ?? []) visit(c, n.name);
  };
  for (const n of tree) visit(n);
  return flat;
}

const roleKinds = { service: L.SymbolKind.Class, gateway: L.SymbolKind.Interface, external: L.SymbolKind.Struct, version: L.SymbolKind.EnumMember, namespace: L.SymbolKind.Namespace };

/** Case-insensitive subsequence match, as editors' symbol pickers do. */
function fuzzy(query: string, name: string): boolean {
  let i = 0;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  for (const c of n) if (c === q[i]) i++;
  return i === q.length;
}

export function onWorkspaceSymbol(s: Snapshot, p: L.WorkspaceSymbolParams): L.SymbolInformation[] {
  const out: L.SymbolInformation[] = [];
  for (const symbol of s.names.symbols.values()) {
    const full = symbol.container ? `${symbol.container}.${symbol.name}` : symbol.name;
    if (!fuzzy(p.query, full)) continue;
    out.push({
      name: symbol.name,
      kind: roleKinds[symbol.role],
      location: { uri: symbol.file, range: toRange(s.lines(symbol.file), symbol.range) },
      containerName: symbol.container ?? symbol.role,
    });
    if (out.length >= 1000) break;
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ---- Folding, colouring, formatting -------------------------------------------------------------

export function onFoldingRanges(s: Snapshot, p: L.FoldingRangeParams): L.FoldingRange[] | null {
  const text = s.texts.get(p.textDocument.uri);
  if (text === undefined) return null;
  const lines = s.lines(p.textDocument.uri);
  const out: L.FoldingRange[] = [];
  for (const f of folds(text)) {
    const start = lines.position(f.start).line;
    let end = lines.position(f.end).line;
    // Keep the closing brace visible: fold up to the line before it, when it starts its line.
    if (f.kind === 'region' && /^[ \t]*$/.test(text.slice(lines.lineStart(end), f.end))) end--;
    if (end > start) out.push({ startLine: start, endLine: end, ...(f.kind === 'comment' ? { kind: L.FoldingRangeKind.Comment } : {}) });
  }
  return out;
}

export const semanticLegend: L.SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

export function onSemanticTokens(s: Snapshot, p: L.SemanticTokensParams): L.SemanticTokens {
  const file = s.file(p.textDocument.uri);
  const text = s.texts.get(p.textDocument.uri);
  if (!file || text === undefined) return { data: [] };
  const lines = s.lines(p.textDocument.uri);
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of colour(text, file, s.names)) {
    const start = lines.position(t.range.start);
    const length = t.range.end - t.range.start;
    const deltaLine = start.line - line;
    data.push(deltaLine, deltaLine === 0 ? start.column - char : start.column, length, TOKEN_TYPES.indexOf(t.type), t.modifiers.reduce((m, x) => m | (1 << TOKEN_MODIFIERS.indexOf(x)), 0));
    line = start.line;
    char = start.column;
  }
  return { data };
}

export function onFormatting(s: Snapshot, p: L.DocumentFormattingParams): L.TextEdit[] | null {
  const text = s.texts.get(p.textDocument.uri);
  if (text === undefined) return null;
  const formatted = formatText(text, p.textDocument.uri).value;
  // A file with syntax errors is not formatted, as with `meshc fmt`: guessing could change meaning.
  if (formatted === undefined) return null;
  if (formatted === text) return [];
  const lines = s.lines(p.textDocument.uri);
  return [{ range: toRange(lines, { start: 0, end: text.length }), newText: formatted }];
}

// ---- Diagnostics and code actions ---------------------------------------------------------------

export function diagnosticsOf(s: Snapshot, uri: string, client: ClientSupport): L.Diagnostic[] {
  return (s.diagnostics.get(uri) ?? []).map((d) => toDiagnostic(s, d, client.relatedInformation));
}

export const COMMANDS = { openDocs: 'meshc.openDocs', preview: 'meshc.preview' } as const;

/**
 * Codes that `# meshc:ignore` can silence: the analyses' (M5xxx, see `compiler/suppress.ts`).
 * Every other code means the program is invalid, which is not a matter of taste.
 */
export function suppressible(code: string): boolean {
  return /^M5\d{3}$/.test(code) && code !== 'M5027';
}

export function onCodeAction(s: Snapshot, p: L.CodeActionParams, client: ClientSupport): L.CodeAction[] {
  const uri = p.textDocument.uri;
  const text = s.texts.get(uri);
  if (text === undefined) return [];
  if (p.context.only && !p.context.only.some((k) => k === L.CodeActionKind.QuickFix || k === 'quickfix' || L.CodeActionKind.QuickFix.startsWith(k))) return [];
  const lines = s.lines(uri);
  const actions: L.CodeAction[] = [];
  const seenCodes = new Set<string>();
  for (const d of s.diagnostics.get(uri) ?? []) {
    const lsp = toDiagnostic(s, d, client.relatedInformation);
    if (!overlaps(lsp.range, p.range)) continue;
    for (const fix of d.fixes ?? []) {
      actions.push({ title: fix.title, kind: L.CodeActionKind.QuickFix, diagnostics: [lsp], isPreferred: d.fixes!.length === 1, edit: toWorkspaceEdit(s, fix) });
    }
    if (seenCodes.has(d.code)) continue;
    seenCodes.add(d.code);
    if (suppressible(d.code)) {
      // `# meshc:ignore CODE` on the line before, indented like that line.
      const line = lines.position(d.range.start).line;
      const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
      const eol = /\r\n/.test(text) ? '\r\n' : '\n';
      actions.push({
        title: `Suppress ${d.code} here`,
        kind: L.CodeActionKind.QuickFix,
        diagnostics: [lsp],
        edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# meshc:ignore ${d.code}${eol}` }] } },
      });
    }
    actions.push({
      title: `Open the docs page for ${d.code}`,
      kind: L.CodeActionKind.QuickFix,
      diagnostics: [lsp],
      command: { title: `Open the docs page for ${d.code}`, command: COMMANDS.openDocs, arguments: [d.code, docsUrl(d.code)] },
    });
  }
  return actions;
}
