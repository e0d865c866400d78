/**
 * Human descriptions of tokens and the parser's error messages.
 *
 * Chevrotain's default messages name token types ("Expecting token of type --> Integer <--"); ours
 * say what the user should write ("expected a number, found `abc`").
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import * as T from './tokens.ts';

const descriptions = new Map<TokenType, string>([
  [T.Integer, 'a number'],
  [T.Decimal, 'a number'],
  [T.Percent, 'a percentage such as `10%`'],
  [T.Quantity, 'a duration such as `5s`'],
  [T.StringLike, 'a string in double quotes'],
  [T.StringLiteral, 'a string in double quotes'],
  [T.UnterminatedString, 'a string in double quotes'],
  [T.Name, 'a name'],
  [T.Word, 'a name'],
  [T.Arrow, '`->`'],
  [T.EqEq, '`==`'],
  [T.LBrace, '`{`'],
  [T.RBrace, '`}`'],
  [T.Comma, '`,`'],
  [T.Colon, '`:`'],
  [T.Dot, '`.`'],
  [T.AnyToken, 'anything'],
]);

export function describeType(type: TokenType): string {
  const known = descriptions.get(type);
  if (known) return known;
  const pattern = type.PATTERN;
  return typeof pattern === 'string' ? `\`${pattern}\`` : type.name;
}

/** What was found, for "found …": the token's text, shortened, or "the end of the file". */
export function describeToken(token: IToken): string {
  if (token.tokenType === undefined || token.image === '' || Number.isNaN(token.startOffset)) return 'the end of the file';
  const text = token.image.length > 40 ? token.image.slice(0, 37) + '…' : token.image;
  return `\`${text}\``;
}

function list(items: string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  if (unique.length > 6) return unique.slice(0, 6).join(', ') + ', …';
  return unique.slice(0, -1).join(', ') + ' or ' + unique[unique.length - 1];
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `Expected ${describeType(expected)}, found ${describeToken(actual)}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Unexpected ${describeToken(firstRedundant)} after the end of the declarations.`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    const firsts = expectedPathsPerAlt.flatMap((paths) => paths.map((path) => (path[0] ? describeType(path[0]) : '')));
    return `Expected ${list(firsts.filter((x) => x !== ''))}, found ${describeToken(actual[0]!)}.`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const firsts = expectedIterationPaths.map((path) => (path[0] ? describeType(path[0]) : ''));
    return `Expected ${list(firsts.filter((x) => x !== ''))}, found ${describeToken(actual[0]!)}.`;
  },
};
