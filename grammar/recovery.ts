/**
 * What error recovery stops at: the tokens that start a declaration, a statement or a route
 * rule. Shared by the parser (`parser.ts`) and the benchmark's floor parser
 * (`bench/floor-parser.ts`), which must recognise the same grammar; kept apart from `parser.ts`
 * so that importing them does not build meshc's parser.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.ts';

/** First tokens of a statement (the stop set of statement-level junk). */
const statementStarts: TokenType[] = [
  T.Namespace, T.Namespaces, T.TrustDomain, T.Mtls, T.Outbound, T.Access, T.Account, T.Resolution,
  T.Location, T.Port, T.Labels, T.Selector, T.Versions, T.Version, T.Route, T.Timeout, T.Retries,
  T.Fault, T.Mirror, T.Rewrite, T.RequestHeaders, T.ResponseHeaders, T.Set, T.Add, T.Remove, T.Cors,
  T.Pool, T.Outlier, T.Require, T.Lb, T.Tls, T.Allow, T.Deny, T.Audit, T.RateLimit, T.Listen,
  T.Hosts, T.Host, T.Addresses, T.Endpoints,
];
const declarationStarts: TokenType[] = [T.Mesh, T.Service, T.Gateway, T.External];
const ruleStarts: TokenType[] = [T.When, T.Otherwise];

function toIndexSet(types: TokenType[]): Set<number> {
  return new Set(types.map((t) => t.tokenTypeIdx as number));
}

/** What stops junk: the start of something the enclosing block can hold, or its end. */
export type JunkContext = 'top' | 'block' | 'rules' | 'settings' | 'labels';

/** The token type indexes that end junk in each context (besides a line break or a closing brace). */
export const stopSets: Record<JunkContext, Set<number>> = {
  top: toIndexSet(declarationStarts),
  block: toIndexSet([...statementStarts, ...declarationStarts]),
  rules: toIndexSet([...ruleStarts, ...statementStarts, ...declarationStarts]),
  settings: toIndexSet([T.Word, ...declarationStarts]),
  labels: toIndexSet([T.Word, T.StringLiteral, ...declarationStarts]),
};

/** Keyword texts that can start something in each context, for "did you mean" suggestions. */
export const startKeywords: Record<JunkContext, string[]> = {
  top: declarationStarts.map((t) => t.PATTERN as string),
  block: statementStarts.map((t) => t.PATTERN as string),
  rules: ruleStarts.map((t) => t.PATTERN as string),
  settings: [],
  labels: [],
};

/**
 * Whether only spaces and tabs stand between `token` and the start of its line in `text`: junk
 * stops at a line break, so that a stray word costs one diagnostic and the next line is parsed
 * afresh.
 */
export function startsLine(text: string, token: IToken): boolean {
  for (let i = token.startOffset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
