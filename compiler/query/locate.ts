/**
 * What is at an offset: the token under the cursor, and the chain of syntax nodes around it.
 */
import type { IToken } from 'chevrotain';
import * as T from '../../grammar/tokens.ts';
import type * as A from '../syntax/ast.ts';
import type { Range } from '../diagnostics/types.ts';

export type TokenClass = 'keyword' | 'word' | 'string' | 'number' | 'percent' | 'quantity' | 'comment' | 'punctuation' | 'operator';

export interface LexedToken {
  range: Range;
  image: string;
  cls: TokenClass;
}

/** The class of a chevrotain token, as the editor sees it. */
export function classOf(token: IToken): TokenClass {
  const type = token.tokenType;
  if (type === T.Comment) return 'comment';
  if (type === T.StringLiteral || type === T.UnterminatedString) return 'string';
  if (type === T.Integer || type === T.Decimal) return 'number';
  if (type === T.Percent) return 'percent';
  if (type === T.Quantity) return 'quantity';
  if (type === T.Arrow || type === T.EqEq) return 'operator';
  if (type === T.Word) return 'word';
  if (Object.hasOwn(T.keywords, token.image) && T.keywords[token.image] === type) return 'keyword';
  return 'punctuation';
}

/**
 * Every token of `text` (comments included), from `start` on. Tokens never span lines (strings
 * end on their line, comments at the line break), so lexing can start at any line start.
 */
export function lex(text: string, start = 0, end = text.length): LexedToken[] {
  const slice = start === 0 && end === text.length ? text : text.slice(start, end);
  const lexed = T.meshLexer.tokenize(slice);
  const all = [...lexed.tokens, ...(lexed.groups.comments ?? [])];
  if (lexed.groups.comments && lexed.groups.comments.length > 0) all.sort((a, b) => a.startOffset - b.startOffset);
  return all.map((t) => ({
    range: { start: start + t.startOffset, end: start + t.startOffset + t.image.length },
    image: t.image,
    cls: classOf(t),
  }));
}

/** The start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** The end of the line holding `offset`, before its line break. */
export function lineEndOf(text: string, offset: number): number {
  let i = Math.max(0, offset);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/** The token at `offset` (a cursor just after a token counts as on it), from its line alone. */
export function tokenAt(text: string, offset: number): LexedToken | undefined {
  const tokens = lex(text, lineStartOf(text, offset), lineEndOf(text, offset));
  // Prefer the token that starts at the cursor over the one that ends there.
  return tokens.find((t) => t.range.start <= offset && offset < t.range.end) ?? tokens.find((t) => t.range.end === offset);
}

/** A syntax node on the path from a declaration down to the cursor. */
export type PathNode = A.Decl | A.Stmt | A.Rule;

const within = (range: Range, offset: number): boolean => range.start <= offset && offset <= range.end;

/**
 * The declaration, statements and rules that contain `offset`, outermost first: for a cursor on
 * `v2` in `route { when … -> v2 { timeout 1s } }` that is [Decl, Route, Rule].
 */
export function pathAt(file: A.SourceFile, offset: number): PathNode[] {
  const path: PathNode[] = [];
  const decl = file.decls.find((d) => within(d.range, offset));
  if (!decl) return path;
  path.push(decl);
  let body: A.Stmt[] | undefined = decl.body;
  while (body) {
    const stmt: A.Stmt | undefined = body.find((s) => within(s.range, offset));
    if (!stmt) break;
    path.push(stmt);
    body = undefined;
    if (stmt.kind === 'Version' || stmt.kind === 'Headers') body = stmt.body;
    else if (stmt.kind === 'Route') {
      const rule: A.Rule | undefined = stmt.rules.find((r) => within(r.range, offset));
      if (rule) {
        path.push(rule);
        body = rule.body;
      }
    }
  }
  return path;
}
