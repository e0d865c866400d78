/**
 * Stage 1 of the pipeline: the tokens of the meshc language (chevrotain lexer).
 *
 * NOTE: the lexer is deliberately permissive. Anything that starts with a digit and goes on with
 * letters (`6s`, `1m30s`, `5xx`, `7sec`) is one `Quantity` token, and the checker decides whether
 * it is a valid duration or retry class; that way a typo such as `7sec` gets a precise message
 * ("unknown duration unit") instead of a confusing syntax error. Likewise an unterminated string is
 * still a string token, reported once by the syntax-tree builder.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Every token belongs to `AnyToken`, so that error recovery can skip any token. */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
/** Words and keywords: anything that may be used as a name. Keywords are soft in name positions. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, categories: [AnyToken] });
/** Both terminated and unterminated strings. */
export const StringLike = createToken({ name: 'StringLike', pattern: Lexer.NA, categories: [AnyToken] });

// NOTE: `start_chars_hint` on the regex tokens spares chevrotain from parsing each pattern at
// start-up to learn which characters can start it (for its first-character dispatch).
const DIGITS = [...'0123456789'];
const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'];

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  start_chars_hint: [' ', '\t', '\r', '\n', '\f', '\v', '\u00a0', '\ufeff'],
});
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments', start_chars_hint: ['#'] });

/** Identifiers: letters, digits, `_` and inner hyphens (`bookinfo-productpage`, `v2-mysql`). */
export const Word = createToken({
  name: 'Word',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/,
  categories: [Name, AnyToken],
  start_chars_hint: LETTERS,
});

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
  categories: [StringLike, AnyToken],
  start_chars_hint: ['"'],
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*\\?/,
  categories: [StringLike, AnyToken],
  start_chars_hint: ['"'],
});

export const Percent = createToken({ name: 'Percent', pattern: /\d+(?:\.\d+)?%/, categories: [AnyToken], start_chars_hint: DIGITS });
export const Quantity = createToken({ name: 'Quantity', pattern: /\d+(?:\.\d+)?[A-Za-z_][A-Za-z0-9_]*/, categories: [AnyToken], start_chars_hint: DIGITS });
export const Decimal = createToken({ name: 'Decimal', pattern: /\d+\.\d+/, categories: [AnyToken], start_chars_hint: DIGITS });
export const Integer = createToken({ name: 'Integer', pattern: /\d+/, categories: [AnyToken], start_chars_hint: DIGITS });

export const Arrow = createToken({ name: 'Arrow', pattern: '->', categories: [AnyToken] });
export const EqEq = createToken({ name: 'EqEq', pattern: '==', categories: [AnyToken] });
export const LBrace = createToken({ name: 'LBrace', pattern: '{', categories: [AnyToken] });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', categories: [AnyToken] });
export const Comma = createToken({ name: 'Comma', pattern: ',', categories: [AnyToken] });
export const Colon = createToken({ name: 'Colon', pattern: ':', categories: [AnyToken] });
export const Dot = createToken({ name: 'Dot', pattern: '.', categories: [AnyToken] });

const keywordTokens: Record<string, TokenType> = {};

function keyword(text: string): TokenType {
  const name = 'Kw_' + text.replace(/-/g, '_');
  const token = createToken({ name, pattern: text, longer_alt: Word, categories: [Name, AnyToken] });
  keywordTokens[text] = token;
  return token;
}

// Declarations.
export const Mesh = keyword('mesh');
export const Service = keyword('service');
export const Gateway = keyword('gateway');
export const External = keyword('external');
// Statements.
export const Namespace = keyword('namespace');
export const Namespaces = keyword('namespaces');
export const TrustDomain = keyword('trust-domain');
export const Mtls = keyword('mtls');
export const Outbound = keyword('outbound');
export const Access = keyword('access');
export const Port = keyword('port');
export const Target = keyword('target');
export const Labels = keyword('labels');
export const Selector = keyword('selector');
export const Account = keyword('account');
export const Versions = keyword('versions');
export const Version = keyword('version');
export const Route = keyword('route');
export const Timeout = keyword('timeout');
export const Retries = keyword('retries');
export const PerTry = keyword('per-try');
export const On = keyword('on');
export const Off = keyword('off');
export const Fault = keyword('fault');
export const Delay = keyword('delay');
export const Abort = keyword('abort');
export const Mirror = keyword('mirror');
export const Rewrite = keyword('rewrite');
export const RequestHeaders = keyword('request-headers');
export const ResponseHeaders = keyword('response-headers');
export const Set = keyword('set');
export const Add = keyword('add');
export const Remove = keyword('remove');
export const Cors = keyword('cors');
export const Lb = keyword('lb');
export const Hash = keyword('hash');
export const Cookie = keyword('cookie');
export const Ttl = keyword('ttl');
export const Pool = keyword('pool');
export const Outlier = keyword('outlier');
export const Tls = keyword('tls');
export const Sni = keyword('sni');
export const Secret = keyword('secret');
export const Allow = keyword('allow');
export const Deny = keyword('deny');
export const Audit = keyword('audit');
export const From = keyword('from');
export const To = keyword('to');
export const Principal = keyword('principal');
export const Ip = keyword('ip');
export const Claim = keyword('claim');
export const DryRun = keyword('dry-run');
export const Require = keyword('require');
export const Jwt = keyword('jwt');
export const RateLimit = keyword('rate-limit');
export const Per = keyword('per');
export const Burst = keyword('burst');
export const Listen = keyword('listen');
export const Host = keyword('host');
export const Hosts = keyword('hosts');
export const RedirectHttps = keyword('redirect-https');
export const Resolution = keyword('resolution');
export const Location = keyword('location');
export const Addresses = keyword('addresses');
export const Endpoints = keyword('endpoints');
// Rules, matches and actions.
export const When = keyword('when');
export const Otherwise = keyword('otherwise');
export const And = keyword('and');
export const Or = keyword('or');
export const Path = keyword('path');
export const Method = keyword('method');
export const Header = keyword('header');
export const Query = keyword('query');
export const Prefix = keyword('prefix');
export const Regex = keyword('regex');
export const Present = keyword('present');
export const Absent = keyword('absent');
export const Redirect = keyword('redirect');
export const Respond = keyword('respond');
export const Scheme = keyword('scheme');
export const Code = keyword('code');

/** Keyword text → token type, for completion, hover and the TextMate grammar test. */
export const keywords: Readonly<Record<string, TokenType>> = keywordTokens;

// NOTE: order matters in chevrotain: the first pattern that matches wins, so longer keywords come
// before their prefixes (`per-try` before `per`), and every keyword before `Word` (keywords use
// `longer_alt: Word` so that `service-a` is a word, not the keyword `service` and junk).
const keywordList = Object.entries(keywordTokens)
  .sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1))
  .map(([, token]) => token);

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  UnterminatedString,
  Percent,
  Quantity,
  Decimal,
  Integer,
  Arrow,
  EqEq,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Dot,
  ...keywordList,
  Word,
  AnyToken,
  Name,
  StringLike,
];

/**
 * `skipValidations`: chevrotain's checks of the token definitions (which parse every pattern)
 * cost a good part of meshc's start-up; a test constructs the lexer with them on instead
 * (`test/syntax.test.ts`). `onlyOffset`: everything after the lexer works with offsets (lines and
 * columns come from `compiler/source/line-index.ts` when a diagnostic is shown), and tracking
 * lines costs start-up time (chevrotain then parses each pattern to learn whether it can match a
 * line break) and time per token.
 */
export function createLexer(options: { validate?: boolean } = {}): Lexer {
  return new Lexer(allTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: options.validate !== true,
  });
}

export const meshLexer = createLexer();
