/**
 * Semantic colouring, folding and the outline of one file: what an editor shows beside the text.
 *
 * Colouring starts from the lexer's tokens (so that it is exact for broken text too) and refines
 * names with the name index: a word that names a service is coloured as one even where it is
 * also a keyword (keywords are soft), and the name of a declaration is marked as a declaration.
 */
import type * as A from '../syntax/ast.ts';
import type { Range } from '../diagnostics/types.ts';
import { lex, lineStartOf } from './locate.ts';
import type { NameIndex, NameRole } from './names.ts';

export const TOKEN_TYPES = ['keyword', 'comment', 'string', 'regexp', 'number', 'operator', 'class', 'interface', 'struct', 'type', 'namespace', 'variable', 'property', 'enumMember'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface ColouredToken {
  range: Range;
  type: TokenType;
  modifiers: TokenModifier[];
}

const roleType: Record<NameRole, TokenType> = {
  service: 'class',
  gateway: 'interface',
  external: 'struct',
  version: 'type',
  namespace: 'namespace',
  unresolved: 'variable',
};

/** The coloured tokens of `text` (the file `file` of the program indexed by `names`), in order. */
export function colour(text: string, file: A.SourceFile, names: NameIndex): ColouredToken[] {
  const byStart = new Map<number, { type: TokenType; modifiers: TokenModifier[] }>();
  for (const o of names.byFile.get(file.path) ?? []) byStart.set(o.range.start, { type: roleType[o.role], modifiers: o.declaration ? ['declaration'] : [] });
  for (const r of propertyRanges(file)) if (!byStart.has(r.start)) byStart.set(r.start, { type: 'property', modifiers: [] });

  const out: ColouredToken[] = [];
  let previousImage = '';
  for (const token of lex(text)) {
    const known = byStart.get(token.range.start);
    if (known) out.push({ range: token.range, ...known });
    else {
      switch (token.cls) {
        case 'keyword': out.push({ range: token.range, type: 'keyword', modifiers: [] }); break;
        case 'comment': out.push({ range: token.range, type: 'comment', modifiers: [] }); break;
        case 'string': out.push({ range: token.range, type: previousImage === 'regex' ? 'regexp' : 'string', modifiers: [] }); break;
        case 'number':
        case 'percent':
        case 'quantity': out.push({ range: token.range, type: 'number', modifiers: [] }); break;
        case 'operator': out.push({ range: token.range, type: 'operator', modifiers: [] }); break;
        case 'word': out.push({ range: token.range, type: 'enumMember', modifiers: ['defaultLibrary'] }); break;
        default: break;
      }
    }
    if (token.cls !== 'comment') previousImage = token.image;
  }
  return out;
}

/** Keys of settings and label maps, header and query names: coloured as properties. */
function propertyRanges(file: A.SourceFile): Range[] {
  const out: Range[] = [];
  const stmts = (body: A.Stmt[]): void => {
    for (const s of body) {
      switch (s.kind) {
        case 'Settings': for (const e of s.entries) out.push(e.key.range); break;
        case 'Labels':
        case 'Selector': for (const e of s.map?.entries ?? []) out.push(e.key.range); break;
        case 'Version':
        case 'Headers': stmts(s.body); break;
        case 'HeaderSet': if (s.name) out.push(s.name.range); break;
        case 'HeaderRemove': for (const n of s.names) out.push(n.range); break;
        case 'Route':
          for (const rule of s.rules) {
            for (const c of rule.when) for (const a of c.atoms) if ((a.kind === 'HeaderMatch' || a.kind === 'QueryMatch') && a.name) out.push(a.name.range);
            stmts(rule.body);
          }
          break;
        default: break;
      }
    }
  };
  for (const d of file.decls) stmts(d.body);
  return out;
}

// ---- Folding ------------------------------------------------------------------------------------

export interface Fold {
  /** Offsets of the opening brace (or first comment) and of the closing brace (or last comment). */
  start: number;
  end: number;
  kind: 'region' | 'comment';
}

/** Braced blocks and runs of two or more comment lines. Line numbers are the caller's business. */
export function folds(text: string): Fold[] {
  const out: Fold[] = [];
  const open: number[] = [];
  let commentRun: { start: number; end: number; count: number } | undefined;
  const flush = (): void => {
    if (commentRun && commentRun.count >= 2) out.push({ start: commentRun.start, end: commentRun.end, kind: 'comment' });
    commentRun = undefined;
  };
  for (const token of lex(text)) {
    if (token.cls === 'comment') {
      const onlyOnLine = /^[ \t]*$/.test(text.slice(lineStartOf(text, token.range.start), token.range.start));
      if (onlyOnLine && commentRun && lineBreaks(text, commentRun.end, token.range.start) === 1) {
        commentRun.end = token.range.end;
        commentRun.count++;
      } else {
        flush();
        if (onlyOnLine) commentRun = { start: token.range.start, end: token.range.end, count: 1 };
      }
    } else {
      flush();
      if (token.image === '{') open.push(token.range.start);
      else if (token.image === '}') {
        const start = open.pop();
        if (start !== undefined) out.push({ start, end: token.range.start, kind: 'region' });
      }
    }
  }
  flush();
  return out.sort((a, b) => a.start - b.start);
}

function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

// ---- Outline ------------------------------------------------------------------------------------

export type OutlineKind = 'mesh' | 'service' | 'gateway' | 'external' | 'version' | 'route' | 'rule' | 'port' | 'listener' | 'statement';

export interface OutlineNode {
  name: string;
  detail?: string;
  kind: OutlineKind;
  range: Range;
  selection: Range;
  children: OutlineNode[];
}

/** The outline of a file: declarations, and inside them versions, ports, routes and rules. */
export function outline(text: string, file: A.SourceFile): OutlineNode[] {
  const snippet = (r: Range, max = 60): string => {
    const s = text.slice(r.start, r.end).replace(/\s+/g, ' ').trim();
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  };
  const stmtNodes = (body: A.Stmt[]): OutlineNode[] => {
    const out: OutlineNode[] = [];
    for (const s of body) {
      switch (s.kind) {
        case 'Versions':
          for (const n of s.names) out.push({ name: n.text, detail: 'version', kind: 'version', range: n.range, selection: n.range, children: [] });
          break;
        case 'Version':
          if (s.name) out.push({ name: s.name.text, detail: 'version', kind: 'version', range: s.range, selection: s.name.range, children: stmtNodes(s.body) });
          break;
        case 'Port':
          out.push({ name: snippet(s.range), kind: 'port', range: s.range, selection: s.keyword, children: [] });
          break;
        case 'Listen':
          out.push({ name: snippet(s.range), kind: 'listener', range: s.range, selection: s.keyword, children: [] });
          break;
        case 'Route':
          out.push({
            name: s.hosts.length ? `route ${s.hosts.map((h) => h.value).join(', ')}` : 'route',
            kind: 'route',
            range: s.range,
            selection: s.keyword,
            children: s.shorthand
              ? []
              : s.rules.map((rule) => ({ name: snippet({ start: rule.range.start, end: rule.action?.range.end ?? rule.range.end }), kind: 'rule' as const, range: rule.range, selection: rule.keyword, children: [] })),
          });
          if (s.shorthand && s.rules[0]?.action) out[out.length - 1]!.detail = snippet(s.rules[0].action.range);
          break;
        default:
          out.push({ name: snippet({ start: s.range.start, end: Math.min(s.range.end, lineEnd(text, s.range.start)) }), kind: 'statement', range: s.range, selection: s.keyword, children: [] });
      }
    }
    return out;
  };
  return file.decls.map((d) => ({
    name: d.declKind === 'mesh' ? 'mesh' : (d.name?.text ?? `(${d.declKind} without a name)`),
    detail: d.declKind,
    kind: d.declKind,
    range: d.range,
    selection: d.name?.range ?? d.keyword,
    children: stmtNodes(d.body),
  }));
}

function lineEnd(text: string, offset: number): number {
  const i = text.slice(offset).search(/[\r\n]/);
  return i === -1 ? text.length : offset + i;
}
