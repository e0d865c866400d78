/**
 * Stage 2b: text → typed syntax tree (`SourceFile`) plus syntax diagnostics.
 *
 * Lexes with `grammar/tokens.ts`, parses with `grammar/parser.ts` (a CST with error recovery) and
 * lowers the CST to `ast.ts` nodes. Lowering is total: recovered CST nodes may lack any child, and
 * tokens inserted by recovery are treated as absent.
 *
 * **Invariant:** `parseFile` never throws on any input, and every diagnostic range lies inside the
 * text.
 */
import type { CstNode, IToken, ILexingError, IRecognitionException } from 'chevrotain';
import * as T from '../../grammar/tokens.ts';
import { meshParser, startKeywords, type JunkContext } from '../../grammar/parser.ts';
import type { Diagnostic, Range, Result } from '../diagnostics/types.ts';
import { message } from '../diagnostics/registry.ts';
import { describeToken } from '../../grammar/messages.ts';
import { closest } from '../util/suggest.ts';
import { unescapeString } from './strings.ts';
import type * as A from './ast.ts';

type Children = Record<string, (CstNode | IToken)[] | undefined>;

export function parseFile(text: string, path: string): Result<A.SourceFile> {
  const diagnostics: Diagnostic[] = [];
  const lexed = T.meshLexer.tokenize(text);
  for (const error of lexed.errors) diagnostics.push(lexError(error, text, path));
  for (const token of lexed.tokens) {
    if (token.tokenType === T.UnterminatedString) {
      diagnostics.push({
        code: 'M1002',
        severity: 'error',
        file: path,
        range: { start: token.startOffset, end: token.startOffset + token.image.length },
        message: message('M1002'),
      });
    }
  }

  meshParser.text = text;
  meshParser.input = lexed.tokens;
  const cst = meshParser.file();
  for (const error of meshParser.errors) diagnostics.push(parseError(error, text, path));

  const lowering = new Lowering(text, path, diagnostics);
  const decls = lowering.file(cst);
  const comments: A.Comment[] = (lexed.groups.comments ?? []).map((t) => ({
    kind: 'Comment',
    range: { start: t.startOffset, end: t.startOffset + t.image.length },
    text: t.image.slice(1),
  }));
  const file: A.SourceFile = { kind: 'File', path, range: { start: 0, end: text.length }, decls, comments };
  return { value: file, diagnostics: dedupe(diagnostics, text) };
}

/** Hints for characters people type from habit in other languages. */
const characterHints: Record<string, string> = {
  "'": ' Strings use double quotes: `"like this"`.',
  '!': ' There is no `!=`; match the values you want, or use `absent` for a missing header.',
  '=': ' Compare with `==`; labels are written `key: value`.',
  ';': ' Statements need no `;`: each one starts with its keyword.',
  '[': ' Lists are written with commas and no brackets: `versions v1, v2`.',
  ']': ' Lists are written with commas and no brackets: `versions v1, v2`.',
  '-': ' Numbers, durations and percentages cannot be negative.',
};

function lexError(error: ILexingError, text: string, path: string): Diagnostic {
  const start = Math.min(error.offset, text.length);
  const char = text.slice(start, start + error.length);
  return {
    code: 'M1001',
    severity: 'error',
    file: path,
    range: { start, end: Math.min(start + Math.max(error.length, 1), text.length) },
    message: message('M1001', { char: JSON.stringify(char), hint: characterHints[char[0] ?? ''] ?? '' }),
  };
}

function parseError(error: IRecognitionException, text: string, path: string): Diagnostic {
  let token = error.token;
  // At the end of input chevrotain reports the EOF token, which has no offsets: use the previous
  // token, or the end of the text.
  let range: Range;
  if (token.tokenType === undefined || Number.isNaN(token.startOffset) || token.image === '') {
    const previous = (error as { previousToken?: IToken }).previousToken;
    if (previous && !Number.isNaN(previous.startOffset)) token = previous;
    const end = text.length;
    range = Number.isNaN(token.startOffset)
      ? { start: end, end }
      : { start: token.startOffset, end: token.startOffset + Math.max(token.image.length, 1) };
    if (error.token.image === '' || Number.isNaN(error.token.startOffset)) range = { start: range.end, end: range.end };
  } else {
    range = { start: token.startOffset, end: token.startOffset + Math.max(token.image.length, 1) };
  }
  range = { start: Math.min(range.start, text.length), end: Math.min(range.end, text.length) };
  return { code: 'M1003', severity: 'error', file: path, range, message: message('M1003', { detail: error.message }) };
}

/**
 * One syntax diagnostic per position: a bad token can be reported by the lexer, by chevrotain's
 * recovery and again as skipped input; the first report (the most specific) is kept.
 */
function dedupe(diagnostics: Diagnostic[], text: string): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => a.range.start - b.range.start);
  const kept: Diagnostic[] = [];
  for (const d of sorted) {
    const previous = kept[kept.length - 1];
    if (previous && previous.range.start === d.range.start) continue;
    // Skipped input right after an error on the same line is a consequence of that error.
    if (previous && d.code === 'M1004' && !/[\r\n]/.test(text.slice(previous.range.start, d.range.start))) continue;
    kept.push(d);
  }
  return kept;
}

function isToken(x: CstNode | IToken): x is IToken {
  return (x as IToken).image !== undefined;
}

/** A token that is in the text, not one that error recovery inserted. */
function isReal(t: IToken): boolean {
  return !t.isInsertedInRecovery && !Number.isNaN(t.startOffset);
}

const NO_TOKENS: IToken[] = [];
const NO_NODES: CstNode[] = [];

class Lowering {
  constructor(
    private readonly text: string,
    private readonly path: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  // ---- Access helpers ----------------------------------------------------------------------------

  // NOTE: these helpers run for every node of every file, so they avoid allocating: in a
  // chevrotain CST a label holds only tokens and a rule name only nodes, so no filtering by kind
  // is needed, only skipping tokens that recovery invented.

  private tokens(node: CstNode | undefined, label: string): IToken[] {
    const found = (node?.children as Children | undefined)?.[label] as IToken[] | undefined;
    if (!found) return NO_TOKENS;
    for (const t of found) if (!isReal(t)) return found.filter(isReal);
    return found;
  }

  private token(node: CstNode | undefined, label: string): IToken | undefined {
    const found = (node?.children as Children | undefined)?.[label] as IToken[] | undefined;
    if (found) for (const t of found) if (isReal(t)) return t;
    return undefined;
  }

  private nodes(node: CstNode | undefined, name: string): CstNode[] {
    return ((node?.children as Children | undefined)?.[name] as CstNode[] | undefined) ?? NO_NODES;
  }

  private node(node: CstNode | undefined, name: string): CstNode | undefined {
    return ((node?.children as Children | undefined)?.[name] as CstNode[] | undefined)?.[0];
  }

  private tokenRange(token: IToken): Range {
    return { start: token.startOffset, end: token.startOffset + token.image.length };
  }

  /** The range of a CST node: from its first to its last real token. */
  private rangeOf(node: CstNode, fallback: Range): Range {
    const loc = node.location;
    if (loc && !Number.isNaN(loc.startOffset) && loc.endOffset !== undefined && !Number.isNaN(loc.endOffset)) {
      return { start: loc.startOffset, end: loc.endOffset + 1 };
    }
    return fallback;
  }

  private span(first: Range, ...rest: (Range | undefined)[]): Range {
    let end = first.end;
    for (const r of rest) if (r && r.end > end) end = r.end;
    return { start: first.start, end };
  }

  private ident(token: IToken | undefined): A.Ident | undefined {
    return token ? { kind: 'Ident', range: this.tokenRange(token), text: token.image } : undefined;
  }

  private str(token: IToken | undefined): A.Str | undefined {
    if (!token) return undefined;
    // Unterminated strings were reported once, when the tokens were read.
    const terminated = token.tokenType === T.StringLiteral;
    const body = terminated ? token.image.slice(1, -1) : token.image.slice(1);
    return { kind: 'Str', range: this.tokenRange(token), value: unescapeString(body), terminated };
  }

  private num(token: IToken | undefined): A.Num | undefined {
    return token ? { kind: 'Num', range: this.tokenRange(token), value: Number(token.image), raw: token.image } : undefined;
  }

  private pct(token: IToken | undefined): A.Pct | undefined {
    return token
      ? { kind: 'Pct', range: this.tokenRange(token), value: Number(token.image.slice(0, -1)), raw: token.image }
      : undefined;
  }

  private qty(token: IToken | undefined): A.Qty | undefined {
    return token ? { kind: 'Qty', range: this.tokenRange(token), raw: token.image } : undefined;
  }

  /** A name or string token, whichever was written. */
  private identOrStr(token: IToken | undefined): A.Ident | A.Str | undefined {
    if (!token) return undefined;
    return T.StringLike.tokenTypeIdx !== undefined && isStringToken(token) ? this.str(token) : this.ident(token);
  }

  private literal(token: IToken | undefined): A.Literal | undefined {
    if (!token) return undefined;
    switch (token.tokenType) {
      case T.StringLiteral:
      case T.UnterminatedString:
        return this.str(token);
      case T.Integer:
      case T.Decimal:
        return this.num(token);
      case T.Percent:
        return this.pct(token);
      case T.Quantity:
        return this.qty(token);
      default:
        return this.ident(token);
    }
  }

  // ---- File, declarations, blocks ----------------------------------------------------------------

  file(cst: CstNode): A.Decl[] {
    const decls: A.Decl[] = [];
    for (const child of this.ordered(cst)) {
      if (child.name === 'decl') {
        const decl = this.decl(child);
        if (decl) decls.push(decl);
      } else if (child.name === 'junk_top') {
        this.junk(child, 'top');
      }
    }
    return decls;
  }

  /**
   * The CST children of `node` that are rules, in source order. Usually they are all of one rule
   * (statements without junk), already in order; only a mix needs merging.
   */
  private ordered(node: CstNode): CstNode[] {
    let only: CstNode[] | undefined;
    let mixed = false;
    for (const list of Object.values(node.children as Children)) {
      if (!list || list.length === 0 || isToken(list[0]!)) continue;
      if (only) mixed = true;
      else only = list as CstNode[];
    }
    if (!only) return NO_NODES;
    if (!mixed) return only;
    const all: CstNode[] = [];
    for (const list of Object.values(node.children as Children)) {
      if (list && list.length > 0 && !isToken(list[0]!)) all.push(...(list as CstNode[]));
    }
    return all.sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0));
  }

  private decl(node: CstNode): A.Decl | undefined {
    const keyword = this.token(node, 'keyword');
    if (!keyword) return undefined;
    const declKind = keyword.image as A.DeclKind;
    const keywordRange = this.tokenRange(keyword);
    const name = this.ident(this.token(node, 'name'));
    const body = this.block(this.node(node, 'block'));
    return {
      kind: 'Decl',
      declKind,
      keyword: keywordRange,
      name,
      body,
      range: this.rangeOf(node, this.span(keywordRange, name?.range)),
    };
  }

  private block(node: CstNode | undefined): A.Stmt[] {
    if (!node) return [];
    const stmts: A.Stmt[] = [];
    for (const child of this.ordered(node)) {
      if (child.name === 'statement') {
        const inner = this.ordered(child)[0];
        const stmt = inner ? this.statement(inner) : undefined;
        if (stmt) stmts.push(stmt);
      } else if (child.name === 'junk_block') {
        this.junk(child, 'block');
      }
    }
    return stmts;
  }

  /** Reports skipped tokens once per run, with a keyword suggestion where one is close. */
  private junk(node: CstNode, context: JunkContext): void {
    const [first, last] = this.tokenBounds(node);
    if (!first || !last) return;
    const range = { start: first.startOffset, end: last.startOffset + last.image.length };
    const found = describeToken(first);
    const suggestion = first.tokenType === T.Word ? closest(first.image, startKeywords[context]) : undefined;
    const where = {
      top: 'at the top level: a file holds `mesh`, `service`, `gateway` and `external` declarations',
      block: 'here: a statement starts with a keyword such as `port`, `route`, `allow` or `timeout`',
      rules: 'in a route: each rule starts with `when` or `otherwise`',
      settings: 'in this block: each setting is a name followed by a value',
      labels: 'in a label map: write `key: value` pairs',
    }[context];
    this.diagnostics.push({
      code: 'M1004',
      severity: 'error',
      file: this.path,
      range: { start: range.start, end: Math.min(range.end, this.text.length) },
      message: message('M1004', {
        found,
        where,
        hint: suggestion ? ` Did you mean \`${suggestion}\`?` : '',
      }),
      fixes: suggestion
        ? [{ title: `Replace with \`${suggestion}\``, edits: [{ file: this.path, range: this.tokenRange(first), newText: suggestion }] }]
        : undefined,
    });
  }

  /** The first and last real tokens under `node`. */
  private tokenBounds(node: CstNode): [IToken | undefined, IToken | undefined] {
    let first: IToken | undefined;
    let last: IToken | undefined;
    const visit = (n: CstNode): void => {
      for (const list of Object.values(n.children as Children)) {
        if (!list) continue;
        for (const x of list) {
          if (!isToken(x)) visit(x);
          else if (!x.isInsertedInRecovery && !Number.isNaN(x.startOffset)) {
            if (!first || x.startOffset < first.startOffset) first = x;
            if (!last || x.startOffset > last.startOffset) last = x;
          }
        }
      }
    };
    visit(node);
    return [first, last];
  }

  // ---- Statements --------------------------------------------------------------------------------

  private statement(node: CstNode): A.Stmt | undefined {
    const keywordToken = this.token(node, 'keyword');
    if (!keywordToken) return undefined;
    const keyword = this.tokenRange(keywordToken);
    const range = this.rangeOf(node, keyword);
    const base = { keyword, range };
    switch (node.name) {
      case 'simpleStmt': {
        const value = this.ident(this.token(node, 'value'));
        switch (keywordToken.tokenType) {
          case T.Namespace: return { ...base, kind: 'Namespace', name: value };
          case T.Account: return { ...base, kind: 'Account', name: value };
          case T.Mtls: return { ...base, kind: 'Mtls', mode: value };
          case T.Outbound: return { ...base, kind: 'Outbound', mode: value };
          case T.Access: return { ...base, kind: 'Access', mode: value };
          case T.Resolution: return { ...base, kind: 'Resolution', mode: value };
          default: return { ...base, kind: 'Location', mode: value };
        }
      }
      case 'namespacesStmt':
        return { ...base, kind: 'Namespaces', names: this.nameList(this.node(node, 'nameList')) };
      case 'trustDomainStmt':
        return { ...base, kind: 'TrustDomain', value: this.identOrStr(this.token(node, 'value')) };
      case 'portStmt':
        return {
          ...base,
          kind: 'Port',
          number: this.num(this.token(node, 'number')),
          protocol: this.ident(this.token(this.node(node, 'protocol'), 'value')),
          target: this.num(this.token(node, 'target')),
        };
      case 'labelsStmt': {
        const map = this.labelMap(this.node(node, 'labelMap'));
        return keywordToken.tokenType === T.Labels
          ? { ...base, kind: 'Labels', map }
          : { ...base, kind: 'Selector', map };
      }
      case 'versionsStmt':
        return { ...base, kind: 'Versions', names: this.nameList(this.node(node, 'nameList')) };
      case 'versionStmt':
        return {
          ...base,
          kind: 'Version',
          name: this.ident(this.token(node, 'name')),
          body: this.block(this.node(node, 'block')),
        };
      case 'routeStmt':
        return this.route(node, base);
      case 'timeoutStmt':
        return { ...base, kind: 'Timeout', value: this.qty(this.token(node, 'value')) };
      case 'retriesStmt':
        return {
          ...base,
          kind: 'Retries',
          off: this.token(node, 'off') !== undefined,
          attempts: this.num(this.token(node, 'attempts')),
          perTry: this.qty(this.token(node, 'perTry')),
          on: this.nodes(node, 'retryCondition')
            .map((c) => this.literal(this.token(c, 'value')))
            .filter((x): x is A.Ident | A.Qty | A.Num => x !== undefined && x.kind !== 'Str' && x.kind !== 'Pct'),
        };
      case 'faultStmt': {
        const delayNode = this.node(node, 'faultDelay');
        const abortNode = this.node(node, 'faultAbort');
        return {
          ...base,
          kind: 'Fault',
          delay: delayNode && {
            range: this.rangeOf(delayNode, keyword),
            duration: this.qty(this.token(delayNode, 'duration')),
            percent: this.pct(this.token(delayNode, 'percent')),
          },
          abort: abortNode && {
            range: this.rangeOf(abortNode, keyword),
            status: this.num(this.token(abortNode, 'status')),
            percent: this.pct(this.token(abortNode, 'percent')),
          },
        };
      }
      case 'mirrorStmt': {
        const target = this.target(this.node(node, 'target'));
        return { ...base, kind: 'Mirror', target, percent: target?.weight };
      }
      case 'rewriteStmt':
        return {
          ...base,
          kind: 'Rewrite',
          path: this.str(this.token(node, 'path')),
          host: this.str(this.token(node, 'host')),
        };
      case 'headersStmt':
        return {
          ...base,
          kind: 'Headers',
          direction: keywordToken.tokenType === T.RequestHeaders ? 'request' : 'response',
          body: this.block(this.node(node, 'block')),
        };
      case 'headerSetStmt':
        return {
          ...base,
          kind: 'HeaderSet',
          op: keywordToken.tokenType === T.Set ? 'set' : 'add',
          name: this.headerName(this.node(node, 'headerName')),
          value: this.str(this.token(node, 'value')),
        };
      case 'headerRemoveStmt':
        return {
          ...base,
          kind: 'HeaderRemove',
          names: this.nodes(node, 'headerName')
            .map((n) => this.headerName(n))
            .filter((x): x is A.Ident | A.Str => x !== undefined),
        };
      case 'settingsStmt': {
        const block = keywordToken.image === 'require' ? 'jwt' : (keywordToken.image as 'cors' | 'pool' | 'outlier');
        return { ...base, kind: 'Settings', block, entries: this.settings(this.node(node, 'settingsBlock')) };
      }
      case 'lbStmt':
        return this.lb(node, base);
      case 'tlsStmt':
        return {
          ...base,
          kind: 'Tls',
          mode: this.ident(this.token(node, 'mode')),
          sni: this.str(this.token(node, 'sni')),
          secret: this.str(this.token(node, 'secret')),
        };
      case 'authzStmt':
        return this.authz(node, base, keywordToken.image as 'allow' | 'deny' | 'audit');
      case 'rateLimitStmt':
        return {
          ...base,
          kind: 'RateLimit',
          requests: this.num(this.token(node, 'requests')),
          per: this.qty(this.token(node, 'per')),
          burst: this.num(this.token(node, 'burst')),
        };
      case 'listenStmt': {
        const tlsToken = this.token(node, 'tls');
        const mode = this.ident(this.token(node, 'tlsMode'));
        const secret = this.str(this.token(node, 'secret'));
        const redirect = this.token(node, 'redirectHttps');
        return {
          ...base,
          kind: 'Listen',
          port: this.num(this.token(node, 'port')),
          protocol: this.ident(this.token(this.node(node, 'protocol'), 'value')),
          hosts: this.stringList(this.node(node, 'stringList')),
          tls: tlsToken && { range: this.span(this.tokenRange(tlsToken), mode?.range, secret?.range), mode, secret },
          redirectHttps: redirect && this.tokenRange(redirect),
        };
      }
      case 'hostsStmt':
        return { ...base, kind: 'Hosts', hosts: this.stringList(this.node(node, 'stringList')) };
      case 'listStmt': {
        const values = this.stringList(this.node(node, 'stringList'));
        return keywordToken.tokenType === T.Addresses
          ? { ...base, kind: 'Addresses', values }
          : { ...base, kind: 'Endpoints', values };
      }
      default:
        return undefined;
    }
  }

  private nameList(node: CstNode | undefined): A.Ident[] {
    return this.tokens(node, 'value').map((t) => this.ident(t) as A.Ident);
  }

  private stringList(node: CstNode | undefined): A.Str[] {
    return this.tokens(node, 'value').map((t) => this.str(t) as A.Str);
  }

  private headerName(node: CstNode | undefined): A.Ident | A.Str | undefined {
    return this.identOrStr(this.token(node, 'value'));
  }

  private labelMap(node: CstNode | undefined): A.LabelMap | undefined {
    if (!node) return undefined;
    const entries: A.LabelEntry[] = [];
    for (const child of this.ordered(node)) {
      if (child.name === 'junk_labels') {
        this.junk(child, 'labels');
        continue;
      }
      const keyToken = this.token(child, 'key');
      if (!keyToken) continue;
      const key = this.identOrStr(keyToken) as A.Ident | A.Str;
      const valueToken = this.token(child, 'value');
      const value = valueToken?.tokenType === T.Integer ? this.num(valueToken) : this.identOrStr(valueToken);
      entries.push({ key, value, range: this.rangeOf(child, key.range) });
    }
    return { entries, range: this.rangeOf(node, { start: 0, end: 0 }) };
  }

  private settings(node: CstNode | undefined): A.Setting[] {
    if (!node) return [];
    const entries: A.Setting[] = [];
    for (const child of this.ordered(node)) {
      if (child.name === 'junk_settings') {
        this.junk(child, 'settings');
        continue;
      }
      const key = this.ident(this.token(child, 'key'));
      if (!key) continue;
      const values = this.nodes(child, 'literal')
        .map((l) => this.literal(this.token(l, 'value')))
        .filter((x): x is A.Literal => x !== undefined);
      entries.push({ key, values, range: this.rangeOf(child, key.range) });
    }
    return entries;
  }

  private lb(node: CstNode, base: { keyword: Range; range: Range }): A.LbStmt {
    const hashToken = this.token(node, 'hash');
    if (!hashToken) return { ...base, kind: 'Lb', policy: this.ident(this.token(node, 'policy')) };
    const key = this.node(node, 'hashKey');
    const byToken = this.token(key, 'by');
    const by = byToken?.image as 'header' | 'cookie' | 'query' | 'source-ip' | undefined;
    const name = this.headerName(this.node(key, 'headerName'));
    const ttl = this.qty(this.token(key, 'ttl'));
    return {
      ...base,
      kind: 'Lb',
      hash: {
        range: key ? this.rangeOf(key, this.tokenRange(hashToken)) : this.tokenRange(hashToken),
        by,
        byRange: byToken && this.tokenRange(byToken),
        name,
        ttl,
      },
    };
  }

  private authz(node: CstNode, base: { keyword: Range; range: Range }, action: A.AuthzStmt['action']): A.AuthzStmt {
    const from: A.AuthzSource[] = [];
    for (const source of this.nodes(node, 'authzSource')) {
      const kindToken = this.token(source, 'kind');
      const valueToken = this.token(source, 'value');
      const range = this.rangeOf(source, kindToken ? this.tokenRange(kindToken) : { start: 0, end: 0 });
      if (!kindToken) {
        const name = this.ident(valueToken);
        if (name) from.push({ range, kind: 'service', name });
      } else if (kindToken.tokenType === T.Namespace) {
        from.push({ range, kind: 'namespace', name: this.ident(valueToken) });
      } else if (kindToken.tokenType === T.Principal) {
        from.push({ range, kind: 'principal', value: this.str(valueToken) });
      } else {
        from.push({ range, kind: 'ip', value: this.str(valueToken) });
      }
    }
    const to: A.AuthzTarget[] = [];
    const targets = [...this.nodes(node, 'authzTarget'), ...this.nodes(node, 'authzPath')].sort(
      (a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0),
    );
    for (const target of targets) {
      const method = this.ident(this.token(target, 'method'));
      const path = this.str(this.token(target, 'path'));
      if (method) to.push({ range: method.range, kind: 'method', name: method });
      else if (path) to.push({ range: path.range, kind: 'path', value: path });
    }
    for (const portToken of this.tokens(node, 'port')) {
      const port = this.num(portToken) as A.Num;
      to.push({ range: port.range, kind: 'port', port });
    }
    const when: A.AuthzCondition[] = [];
    for (const condition of this.nodes(node, 'authzCondition')) {
      const on = this.token(condition, 'on');
      if (!on) continue;
      when.push({
        range: this.rangeOf(condition, this.tokenRange(on)),
        on: on.image as 'claim' | 'header',
        name: this.headerName(this.node(condition, 'headerName')),
        values: this.tokens(condition, 'value').map((t) => this.str(t) as A.Str),
      });
    }
    const dryRun = this.token(node, 'dryRun');
    return { ...base, kind: 'Authz', action, from, to, when, dryRun: dryRun && this.tokenRange(dryRun) };
  }

  // ---- Routes ------------------------------------------------------------------------------------

  private route(node: CstNode, base: { keyword: Range; range: Range }): A.RouteStmt {
    const hosts = this.stringList(this.node(node, 'stringList'));
    const rulesBlock = this.node(node, 'rulesBlock');
    if (rulesBlock) {
      const rules: A.Rule[] = [];
      for (const child of this.ordered(rulesBlock)) {
        if (child.name === 'junk_rules') this.junk(child, 'rules');
        else {
          const rule = this.rule(child);
          if (rule) rules.push(rule);
        }
      }
      return { ...base, kind: 'Route', hosts, rules, shorthand: false };
    }
    // The shorthand `route -> action [{…}]` is one `otherwise` rule.
    const actionNode = this.node(node, 'action');
    const action = this.action(actionNode);
    const bodyNode = this.node(node, 'block');
    const rule: A.Rule = {
      kind: 'Rule',
      keyword: base.keyword,
      when: [],
      otherwise: true,
      action,
      body: this.block(bodyNode),
      range: base.range,
    };
    return { ...base, kind: 'Route', hosts, rules: action || bodyNode ? [rule] : [], shorthand: true };
  }

  private rule(node: CstNode): A.Rule | undefined {
    const keywordToken = this.token(node, 'keyword');
    if (!keywordToken) return undefined;
    const keyword = this.tokenRange(keywordToken);
    const when = this.nodes(node, 'matchClause').map((clause) => ({
      range: this.rangeOf(clause, keyword),
      atoms: this.nodes(clause, 'matchAtom')
        .map((atom) => this.matchAtom(atom))
        .filter((x): x is A.MatchAtom => x !== undefined),
    }));
    return {
      kind: 'Rule',
      keyword,
      when,
      otherwise: keywordToken.tokenType === T.Otherwise,
      action: this.action(this.node(node, 'action')),
      body: this.block(this.node(node, 'block')),
      range: this.rangeOf(node, keyword),
    };
  }

  private matchAtom(node: CstNode): A.MatchAtom | undefined {
    const on = this.token(node, 'on');
    if (!on) return undefined;
    const range = this.rangeOf(node, this.tokenRange(on));
    const opNode = this.node(node, 'matchOp');
    const opToken = this.token(opNode, 'op');
    const op = opToken ? opOf(opToken) : undefined;
    const value = this.str(this.token(opNode, 'value'));
    switch (on.tokenType) {
      case T.Path: return { kind: 'PathMatch', range, op, value };
      case T.Method: return { kind: 'MethodMatch', range, method: this.ident(this.token(node, 'name')) };
      case T.Header: return { kind: 'HeaderMatch', range, name: this.headerName(this.node(node, 'headerName')), op, value };
      case T.Query: return { kind: 'QueryMatch', range, name: this.headerName(this.node(node, 'headerName')), op, value };
      case T.From:
        return { kind: 'SourceMatch', range, namespace: this.token(node, 'namespace') !== undefined, name: this.ident(this.token(node, 'name')) };
      case T.Port: return { kind: 'PortMatch', range, port: this.num(this.token(node, 'port')) };
      default: return { kind: 'SniMatch', range, host: this.str(this.token(node, 'value')) };
    }
  }

  private action(node: CstNode | undefined): A.Action | undefined {
    if (!node) return undefined;
    const redirect = this.token(node, 'redirect');
    const respond = this.token(node, 'respond');
    if (redirect) {
      const range = this.rangeOf(node, this.tokenRange(redirect));
      const action: Extract<A.Action, { kind: 'Redirect' }> = { kind: 'Redirect', range };
      for (const part of this.nodes(node, 'redirectPart')) {
        const key = this.token(part, 'key')?.image;
        const value = this.token(part, 'value');
        if (key === 'path') action.path = this.str(value);
        else if (key === 'host') action.host = this.str(value);
        else if (key === 'scheme') action.scheme = this.ident(value);
        else if (key === 'port') action.port = this.num(value);
        else if (key === 'code') action.code = this.num(value);
      }
      return action;
    }
    if (respond) {
      return {
        kind: 'Respond',
        range: this.rangeOf(node, this.tokenRange(respond)),
        status: this.num(this.token(node, 'status')),
        body: this.str(this.token(node, 'body')),
      };
    }
    const targets = this.nodes(node, 'target')
      .map((t) => this.target(t))
      .filter((x): x is A.Target => x !== undefined);
    if (targets.length === 0) return undefined;
    return { kind: 'Forward', range: this.rangeOf(node, targets[0]!.range), targets };
  }

  private target(node: CstNode | undefined): A.Target | undefined {
    const name = this.ident(this.token(node, 'name'));
    if (!node || !name) return undefined;
    return {
      name,
      version: this.ident(this.token(node, 'version')),
      port: this.num(this.token(node, 'port')),
      weight: this.pct(this.token(node, 'weight')),
      range: this.rangeOf(node, name.range),
    };
  }
}

function isStringToken(token: IToken): boolean {
  return token.tokenType === T.StringLiteral || token.tokenType === T.UnterminatedString;
}

function opOf(token: IToken): A.MatchOp {
  switch (token.tokenType) {
    case T.EqEq: return 'exact';
    case T.Prefix: return 'prefix';
    case T.Regex: return 'regex';
    case T.Present: return 'present';
    default: return 'absent';
  }
}
