/**
 * Stage 2 of the pipeline: the chevrotain parser of the meshc language, which builds the typed
 * syntax tree of `compiler/syntax/ast.ts` directly, with error recovery.
 *
 * The grammar is newline-insensitive: every statement starts with its own keyword, and lists are
 * separated by commas, so the end of a statement is always known without looking at line breaks.
 * All blocks (`mesh`, `service`, `gateway`, `external`, `version`, rule bodies) share one
 * statement rule; whether a statement is allowed in a given block is the checker's decision,
 * because "`listen` is only allowed in a gateway" is a better message than a syntax error.
 *
 * Recovery: besides chevrotain's own (single-token insertion and deletion, re-synchronisation),
 * every block has an explicit `junk` alternative that swallows tokens up to the next statement
 * keyword or closing brace, so one stray word yields one diagnostic and the rest of the block is
 * still parsed and checked. Junk is recorded in `junk` for `compiler/syntax/parse.ts` to report.
 *
 * Why embedded actions rather than a concrete syntax tree: building chevrotain's CST and then
 * walking it into the typed tree cost about twice the parse itself (CST objects keyed by label,
 * children merged back into source order, all of it garbage a moment later). Here each rule
 * returns its typed node. Three conventions keep the result exact after error recovery:
 *
 * - **Every consumed token goes through `take`**, which ignores tokens that recovery invented
 *   (they are treated as absent) and widens the range of the rule being parsed. A node's `range`
 *   is that range object: from the first to the last real token the rule and its sub-rules
 *   consumed, as chevrotain's own node locations would be.
 * - **A node is built as soon as its rule knows its kind, and filled in as parts are read**, and
 *   registered with `keep`. A rule hands its node to its parent through `to`, which also hands
 *   over the partial node when an error ends the rule, so that the parent keeps what was read
 *   before the error whichever enclosing rule chevrotain re-synchronises in (as a CST would).
 * - **Nothing runs on values during grammar recording**: chevrotain runs every rule once at
 *   start-up with placeholder tokens, to learn the grammar; `take` returns undefined then and
 *   `to` hands nothing over, and the code handles undefined as it must after recovery anyway.
 *
 * **Invariant:** every node's range lies within its parent's, and tokens inserted by recovery
 * never appear in the tree.
 */
import { EmbeddedActionsParser, EOF, type IOrAlt, type IToken, type OrMethodOpts } from 'chevrotain';
import * as T from './tokens.ts';
import { errorMessages } from './messages.ts';
import { startsLine, stopSets, startKeywords, type JunkContext } from './recovery.ts';
import type * as A from '../compiler/syntax/ast.ts';
import type { Range } from '../compiler/diagnostics/types.ts';
import { unescapeString } from '../compiler/syntax/strings.ts';

export { startKeywords, type JunkContext };

/** A run of tokens that fit nowhere, skipped by the parser. */
export interface Junk {
  context: JunkContext;
  /** Its first token, for the message and a "did you mean" suggestion. */
  first: IToken;
  range: Range;
}

// ---- Leaves: tokens to typed values ----------------------------------------------------------------

function tokenRange(token: IToken): Range {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function ident(token: IToken | undefined): A.Ident | undefined {
  return token ? { kind: 'Ident', range: tokenRange(token), text: token.image } : undefined;
}

function isStringToken(token: IToken): boolean {
  return token.tokenType === T.StringLiteral || token.tokenType === T.UnterminatedString;
}

function str(token: IToken | undefined): A.Str | undefined {
  if (!token) return undefined;
  // Unterminated strings are reported once, by `parseFile`, when the tokens are read.
  const terminated = token.tokenType === T.StringLiteral;
  const body = terminated ? token.image.slice(1, -1) : token.image.slice(1);
  return { kind: 'Str', range: tokenRange(token), value: unescapeString(body), terminated };
}

function num(token: IToken | undefined): A.Num | undefined {
  return token ? { kind: 'Num', range: tokenRange(token), value: Number(token.image), raw: token.image } : undefined;
}

function pct(token: IToken | undefined): A.Pct | undefined {
  return token ? { kind: 'Pct', range: tokenRange(token), value: Number(token.image.slice(0, -1)), raw: token.image } : undefined;
}

function qty(token: IToken | undefined): A.Qty | undefined {
  return token ? { kind: 'Qty', range: tokenRange(token), raw: token.image } : undefined;
}

/** A name or string token, whichever was written. */
function identOrStr(token: IToken | undefined): A.Ident | A.Str | undefined {
  if (!token) return undefined;
  return isStringToken(token) ? str(token) : ident(token);
}

function literalOf(token: IToken | undefined): A.Literal | undefined {
  if (!token) return undefined;
  switch (token.tokenType) {
    case T.StringLiteral:
    case T.UnterminatedString:
      return str(token);
    case T.Integer:
    case T.Decimal:
      return num(token);
    case T.Percent:
      return pct(token);
    case T.Quantity:
      return qty(token);
    default:
      return ident(token);
  }
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

/** `range`, or `fallback` when the rule read no real token (everything was invented by recovery). */
function orElse(range: Range, fallback: Range): Range {
  return Number.isNaN(range.start) ? fallback : range;
}


// Alternatives and repetitions that capture nothing but the parser are built once, not on every
// call (chevrotain's advice for speed: the arrays are otherwise allocated each time a rule runs).
type ManyOptions = { GATE: () => boolean; DEF: () => void };

/**
 * How deep rules may nest before blocks and brace groups stop being entered. The grammar nests
 * through blocks (`version { … }`, rule bodies, headers blocks) and through skipped brace groups,
 * and each level costs a dozen stack frames: ten thousand `{` would overflow the stack. Real
 * programs nest about a dozen rules deep; past the limit, a statement or brace group is skipped
 * as flat junk (one diagnostic), so any input parses.
 */
const MAX_NESTING = 100;
type OrOptions = OrMethodOpts<unknown>;

// ---- How sub-rules hand their nodes to their parents (see `MeshParser.into`) --------------------

// NOTE: the parent and value types of a `Deliver` are the node types of the two rules it joins;
// TypeScript cannot see which rules those are, so they are erased here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Deliver = (parent: any, value: any) => void;

function push(list: unknown[], value: unknown): void {
  list.push(value);
}
function setBody(node: { body: A.Stmt[] }, body: A.Stmt[]): void {
  node.body = body;
}
function setNames(stmt: { names: A.Ident[] }, names: A.Ident[]): void {
  stmt.names = names;
}
function setHosts(stmt: { hosts: A.Str[] }, hosts: A.Str[]): void {
  stmt.hosts = hosts;
}
function setValues(stmt: { values: A.Str[] }, values: A.Str[]): void {
  stmt.values = values;
}
function setProtocol(stmt: { protocol?: A.Ident }, protocol: A.Ident): void {
  stmt.protocol = protocol;
}
function setName(node: { name?: A.Ident | A.Str }, name: A.Ident | A.Str): void {
  node.name = name;
}
function setLabelMap(stmt: A.LabelsStmt | A.SelectorStmt, map: A.LabelMap): void {
  map.range = orElse(map.range, { start: 0, end: 0 });
  stmt.map = map;
}
function pushEntry(map: A.LabelMap, entry: A.LabelEntry): void {
  map.entries.push(entry);
}
function setRules(stmt: A.RouteStmt, rules: A.Rule[]): void {
  stmt.rules = rules;
}
/** The one `otherwise` rule of a shorthand route, made when it gets an action or a body. */
function shorthandRule(stmt: A.RouteStmt): A.Rule {
  return (stmt.rules[0] ??= { kind: 'Rule', keyword: stmt.keyword, when: [], otherwise: true, action: undefined, body: [], range: stmt.range });
}
function setShorthandAction(stmt: A.RouteStmt, action: A.Action): void {
  if (usable(action)) shorthandRule(stmt).action = action;
}
function setShorthandBody(stmt: A.RouteStmt, body: A.Stmt[]): void {
  shorthandRule(stmt).body = body;
}
function pushOn(stmt: A.RetriesStmt, condition: A.Ident | A.Qty | A.Num): void {
  stmt.on.push(condition);
}
function setDelay(stmt: A.FaultStmt, delay: NonNullable<A.FaultStmt['delay']>): void {
  stmt.delay = { ...delay, range: orElse(delay.range, stmt.keyword) };
}
function setAbort(stmt: A.FaultStmt, abort: NonNullable<A.FaultStmt['abort']>): void {
  stmt.abort = { ...abort, range: orElse(abort.range, stmt.keyword) };
}
function setMirrorTarget(stmt: A.MirrorStmt, target: A.Target): void {
  if (!target.name) return;
  stmt.target = target;
  stmt.percent = target.weight;
}
function pushName(stmt: A.HeaderRemoveStmt, name: A.Ident | A.Str): void {
  stmt.names.push(name);
}
function setEntries(stmt: A.SettingsStmt, entries: A.Setting[]): void {
  stmt.entries = entries;
}
function pushValue(setting: A.Setting, value: A.Literal): void {
  setting.values.push(value);
}
function setHashKey(stmt: A.LbStmt, key: NonNullable<A.LbStmt['hash']>): void {
  if (stmt.hash) stmt.hash = { ...key, range: orElse(key.range, stmt.hash.range) };
}
function pushFrom(stmt: A.AuthzStmt, source: A.AuthzSource): void {
  stmt.from.push(source);
}
function pushTo(stmt: A.AuthzStmt, target: A.AuthzTarget): void {
  stmt.to.push(target);
}
function pushWhen(stmt: A.AuthzStmt, condition: A.AuthzCondition): void {
  stmt.when.push(condition);
}
function newRule(keyword: IToken, otherwise: boolean, range: Range): A.Rule {
  return { kind: 'Rule', keyword: tokenRange(keyword), when: [], otherwise, action: undefined, body: [], range };
}
function pushClause(rule: A.Rule, clause: A.MatchClause): void {
  rule.when.push({ range: orElse(clause.range, rule.keyword), atoms: clause.atoms });
}
function setAction(rule: A.Rule, action: A.Action): void {
  if (usable(action)) rule.action = action;
}
/** A forward with no destination (all of them lost to recovery) is no action. */
function usable(action: A.Action): boolean {
  return action.kind !== 'Forward' || action.targets.length > 0;
}
function pushAtom(clause: A.MatchClause, atom: A.MatchAtom): void {
  clause.atoms.push(atom);
}
function setMatchOp(atom: { op?: A.MatchOp; value?: A.Str }, op: { op: A.MatchOp | undefined; value: A.Str | undefined }): void {
  atom.op = op.op;
  atom.value = op.value;
}
function setRedirectPart(action: Extract<A.Action, { kind: 'Redirect' }>, part: { key: string | undefined; value: IToken | undefined }): void {
  // A key whose value recovery invented is present with an undefined value.
  const value = part.value;
  if (part.key === 'path') action.path = str(value);
  else if (part.key === 'host') action.host = str(value);
  else if (part.key === 'scheme') action.scheme = ident(value);
  else if (part.key === 'port') action.port = num(value);
  else if (part.key === 'code') action.code = num(value);
}
function pushTarget(action: Extract<A.Action, { kind: 'Forward' }>, target: A.Target): void {
  if (target.name) action.targets.push(target);
}

export class MeshParser extends EmbeddedActionsParser {
  /**
   * `validate` runs chevrotain's grammar checks (ambiguities, left recursion); a test does, while
   * start-up skips them, since they only cost time once the grammar is known to be sound.
   */
  constructor(options: { validate?: boolean } = {}) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 1,
      errorMessageProvider: errorMessages,
      skipValidations: options.validate !== true,
    });
    this.performSelfAnalysis();
  }

  /**
   * The text being parsed. Only error recovery looks at it: junk stops at a line break, so that a
   * stray word costs one diagnostic and the next line is parsed afresh.
   */
  public text = '';

  /** Junk skipped by the last parse, in source order. */
  public junk: Junk[] = [];

  /** Parses `tokens` of `text`: the declarations, with junk and errors left on the parser. */
  parse(text: string, tokens: IToken[]): A.Decl[] {
    this.text = text;
    this.junk = [];
    this.depth = 0;
    this.deliver = undefined;
    this.range = { start: NaN, end: NaN };
    this.input = tokens;
    return this.file() ?? [];
  }

  // ---- Ranges, partial nodes, recording ----------------------------------------------------------

  /** The range of the rule being parsed, widened by every real token it consumes. */
  private range: Range = { start: NaN, end: NaN };
  private depth = 0;
  /** The node each active rule is building, by depth, for `recoveryValueFunc`. */
  private readonly partials: unknown[] = [];

  /** A real token (not invented by recovery), after widening the current range; else undefined. */
  private take(token: IToken): IToken | undefined {
    if (this.RECORDING_PHASE || token.isInsertedInRecovery || Number.isNaN(token.startOffset)) return undefined;
    const range = this.range;
    const end = token.startOffset + token.image.length;
    if (Number.isNaN(range.start)) {
      range.start = token.startOffset;
      range.end = end;
    } else if (range.end < end) {
      range.end = end;
    }
    return token;
  }

  /** How the next rule invoked hands its node to the node of the rule that invokes it. */
  private deliver: Deliver | undefined;

  /**
   * Says how the sub-rule invoked next hands its node to the current rule's node (the one `keep`
   * registered): the complete node when the sub-rule returns, or the partial one when an error
   * ends it, whichever rule chevrotain then re-synchronises in (as a CST keeps partial nodes).
   * Nothing is handed over when either node is missing, nor during recording.
   */
  private into(deliver: Deliver): void {
    this.deliver = deliver;
  }

  /** Registers the node the current rule is building (see `into`). */
  private keep<V>(node: V): V {
    this.partials[this.depth] = node;
    return node;
  }

  /** The node the current rule registered, if any. */
  private kept<V>(): V | undefined {
    return this.partials[this.depth] as V | undefined;
  }

  /**
   * A grammar rule that builds a node. `build` receives the rule's range (final when the rule
   * returns) and returns the node. With `ownRange: false` (rules whose node has no range) the
   * tokens widen the enclosing rule's range directly, which comes to the same and allocates less.
   */
  private node<V>(name: string, build: (range: Range) => V, options: { ownRange?: boolean } = {}): () => V | undefined {
    const ownRange = options.ownRange !== false;
    return this.RULE(
      name,
      (): V | undefined => {
        const deliver = this.deliver;
        this.deliver = undefined;
        const outer = this.range;
        const range: Range = ownRange ? { start: NaN, end: NaN } : outer;
        this.range = range;
        const depth = ++this.depth;
        this.partials[depth] = undefined;
        let built: V | undefined;
        let done = false;
        try {
          built = build(range);
          done = true;
          return built;
        } finally {
          this.depth = depth - 1;
          this.range = outer;
          // The enclosing rule spans its sub-rules, including partial ones.
          if (ownRange) {
            if (Number.isNaN(outer.start)) {
              outer.start = range.start;
              outer.end = range.end;
            } else if (outer.end < range.end) {
              outer.end = range.end;
            }
          }
          if (deliver !== undefined && !this.RECORDING_PHASE) {
            const value = done ? built : this.partials[depth];
            const parent = this.partials[depth - 1];
            if (value !== undefined && parent !== undefined) deliver(parent, value);
          }
        }
      },
      // Called after the rule's own `finally`: its depth is one more than the current one.
      { recoveryValueFunc: () => this.partials[this.depth + 1] as V | undefined },
    ) as () => V | undefined;
  }

  private atEnd(closing: boolean): boolean {
    const type = this.LA(1).tokenType;
    return type === EOF || (closing && type === T.RBrace);
  }

  // ---- File and declarations ---------------------------------------------------------------------

  private readonly fileChoices: OrOptions = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          this.into(push);
          this.SUBRULE(this.decl);
        },
      },
      { ALT: () => this.SUBRULE(this.junkTop) },
    ],
  };

  private readonly fileItems: ManyOptions = {
    GATE: () => !this.atEnd(false),
    DEF: () => this.OR(this.fileChoices),
  };

  public file = this.node('file', () => {
    const decls = this.keep<A.Decl[]>([]);
    this.MANY(this.fileItems);
    return decls;
  }, { ownRange: false });

  private readonly declKeywords: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Mesh) },
    { ALT: () => this.CONSUME(T.Service) },
    { ALT: () => this.CONSUME(T.Gateway) },
    { ALT: () => this.CONSUME(T.External) },
  ];

  public decl = this.node('decl', (range): A.Decl | undefined => {
    const keyword = this.take(
      this.OR(this.declKeywords),
    );
    const decl: A.Decl | undefined = keyword && this.keep<A.Decl>({
      kind: 'Decl',
      declKind: keyword.image as A.DeclKind,
      keyword: tokenRange(keyword),
      name: undefined,
      body: [],
      range,
    });
    this.OPTION(() => {
      const name = ident(this.take(this.CONSUME(T.Name)));
      if (decl) decl.name = name;
    });
    this.into(setBody);
    this.SUBRULE(this.block);
    return decl;
  });

  /** `{ statement* }` */
  private readonly blockChoices: OrOptions = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        // Past `MAX_NESTING`, a statement is read as junk: see there.
        GATE: () => this.depth < MAX_NESTING,
        ALT: () => {
          this.SUBRULE(this.statement);
        },
      },
      { ALT: () => this.SUBRULE(this.junkBlock) },
    ],
  };

  private readonly blockItems: ManyOptions = {
    GATE: () => !this.atEnd(true) && !stopSets.top.has(this.LA(1).tokenType.tokenTypeIdx as number),
    DEF: () => this.OR(this.blockChoices),
  };

  public block = this.node('block', () => {
    const stmts = this.keep<A.Stmt[]>([]);
    this.take(this.CONSUME(T.LBrace));
    this.MANY(this.blockItems);
    this.take(this.CONSUME(T.RBrace));
    return stmts;
  }, { ownRange: false });

  /**
   * Tokens that fit nowhere: the first one unconditionally (nothing else matched it), then more up
   * to the next token that can start something in the enclosing context, or a line break. Braces
   * are skipped as balanced groups so that `foo { … }` is one piece of junk. One rule per context,
   * because rules are defined once, when the parser is built.
   */
  private junkRule(context: JunkContext) {
    const stop = stopSets[context];
    return this.node(`junk_${context}`, (range) => {
      const first = this.LA(1);
      this.SUBRULE(this.junkPiece);
      this.MANY({
        GATE: () =>
          !this.atEnd(context !== 'top') &&
          !stop.has(this.LA(1).tokenType.tokenTypeIdx as number) &&
          !startsLine(this.text, this.LA(1)),
        DEF: () => this.SUBRULE1(this.junkPiece),
      });
      if (!this.RECORDING_PHASE && !Number.isNaN(range.start)) this.junk.push({ context, first, range });
      return undefined;
    });
  }

  private readonly junkPieces: OrOptions = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { GATE: () => this.depth < MAX_NESTING, ALT: () => this.SUBRULE(this.junkGroup) },
      { ALT: () => this.take(this.CONSUME(T.AnyToken)) },
    ],
  };

  public junkPiece = this.node('junkPiece', () => {
    this.OR(this.junkPieces);
    return undefined;
  }, { ownRange: false });

  private readonly junkGroupItems: ManyOptions = {
    GATE: () => !this.atEnd(true),
    DEF: () => this.SUBRULE(this.junkPiece),
  };

  public junkGroup = this.node('junkGroup', () => {
    this.take(this.CONSUME(T.LBrace));
    this.MANY(this.junkGroupItems);
    this.OPTION(() => this.take(this.CONSUME(T.RBrace)));
    return undefined;
  }, { ownRange: false });

  public junkTop = this.junkRule('top');
  public junkBlock = this.junkRule('block');
  public junkRules = this.junkRule('rules');
  public junkSettings = this.junkRule('settings');
  public junkLabels = this.junkRule('labels');

  // ---- Statements --------------------------------------------------------------------------------

  /**
   * One statement of a block. Not a node of its own: each statement rule hands its node straight
   * to the enclosing block (`into`), and its range widens the block's.
   */
  private readonly statements: IOrAlt<void>[] = [
    { ALT: () => { this.into(push); this.SUBRULE(this.simpleStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.namespacesStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.trustDomainStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.portStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.labelsStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.versionsStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.versionStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.routeStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.timeoutStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.retriesStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.faultStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.mirrorStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.rewriteStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.headersStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.headerSetStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.headerRemoveStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.settingsStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.lbStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.tlsStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.authzStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.rateLimitStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.listenStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.hostsStmt); } },
    { ALT: () => { this.into(push); this.SUBRULE(this.listStmt); } },
  ];

  public statement = this.RULE('statement', () => {
    this.OR(this.statements);
  });

  /** The range of the keyword that starts a statement; undefined if recovery invented it. */
  private keyword(token: IToken): Range | undefined {
    const keyword = this.take(token);
    return keyword && tokenRange(keyword);
  }

  /** `KEYWORD name`: namespace, account, mtls, outbound, access, resolution, location. */
  private readonly simpleKeywords: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Namespace) },
    { ALT: () => this.CONSUME(T.Account) },
    { ALT: () => this.CONSUME(T.Mtls) },
    { ALT: () => this.CONSUME(T.Outbound) },
    { ALT: () => this.CONSUME(T.Access) },
    { ALT: () => this.CONSUME(T.Resolution) },
    { ALT: () => this.CONSUME(T.Location) },
  ];

  public simpleStmt = this.node('simpleStmt', (range) => {
    const token = this.OR(this.simpleKeywords);
    const keyword = this.keyword(token);
    let stmt: A.Stmt | undefined;
    if (keyword) {
      switch (token.tokenType) {
        case T.Namespace: stmt = { keyword, range, kind: 'Namespace', name: undefined }; break;
        case T.Account: stmt = { keyword, range, kind: 'Account', name: undefined }; break;
        case T.Mtls: stmt = { keyword, range, kind: 'Mtls', mode: undefined }; break;
        case T.Outbound: stmt = { keyword, range, kind: 'Outbound', mode: undefined }; break;
        case T.Access: stmt = { keyword, range, kind: 'Access', mode: undefined }; break;
        case T.Resolution: stmt = { keyword, range, kind: 'Resolution', mode: undefined }; break;
        default: stmt = { keyword, range, kind: 'Location', mode: undefined };
      }
      this.keep(stmt);
    }
    const value = ident(this.take(this.CONSUME(T.Name)));
    if (stmt) {
      if (stmt.kind === 'Namespace' || stmt.kind === 'Account') stmt.name = value;
      else (stmt as A.MtlsStmt).mode = value;
    }
    return stmt;
  });

  public namespacesStmt = this.node('namespacesStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Namespaces));
    const stmt: A.NamespacesStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Namespaces', names: [] });
    this.into(setNames);
    this.SUBRULE(this.nameList);
    return stmt;
  });

  private readonly trustDomainValues: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.StringLike) },
    { ALT: () => this.CONSUME(T.Name) },
  ];

  public trustDomainStmt = this.node('trustDomainStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.TrustDomain));
    const stmt: A.TrustDomainStmt | undefined = keyword && this.keep({ keyword, range, kind: 'TrustDomain', value: undefined });
    const value = this.take(
      this.OR(this.trustDomainValues),
    );
    if (stmt) stmt.value = identOrStr(value);
    return stmt;
  });

  /** `port 9080 http [target 8080]` */
  public portStmt = this.node('portStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Port));
    const stmt: A.PortStmt | undefined =
      keyword && this.keep({ keyword, range, kind: 'Port', number: undefined, protocol: undefined, target: undefined });
    const number = num(this.take(this.CONSUME(T.Integer)));
    if (stmt) stmt.number = number;
    this.OPTION(() => {
      this.into(setProtocol);
      this.SUBRULE(this.protocol);
    });
    this.OPTION1(() => {
      this.take(this.CONSUME(T.Target));
      const target = num(this.take(this.CONSUME1(T.Integer)));
      if (stmt) stmt.target = target;
    });
    return stmt;
  });

  /** A protocol name; `tls` is a keyword too, so it is listed. */
  private readonly protocols: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Word) },
    { ALT: () => this.CONSUME(T.Tls) },
  ];

  public protocol = this.node('protocol', () =>
    ident(
      this.take(
        this.OR(this.protocols),
      ),
    ),
    { ownRange: false },
  );

  /** `labels {…}` and `selector {…}` */
  private readonly labelsKeywords: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Labels) },
    { ALT: () => this.CONSUME(T.Selector) },
  ];

  public labelsStmt = this.node('labelsStmt', (range) => {
    const token = this.OR(this.labelsKeywords);
    const keyword = this.keyword(token);
    const stmt: A.LabelsStmt | A.SelectorStmt | undefined =
      keyword && this.keep(token.tokenType === T.Labels ? { keyword, range, kind: 'Labels', map: undefined } : { keyword, range, kind: 'Selector', map: undefined });
    this.into(setLabelMap);
    this.SUBRULE(this.labelMap);
    return stmt;
  });

  private readonly labelMapChoices: OrOptions = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          this.into(pushEntry);
          this.SUBRULE(this.labelEntry);
        },
      },
      { ALT: () => this.take(this.CONSUME(T.Comma)) },
      { ALT: () => this.SUBRULE(this.junkLabels) },
    ],
  };

  private readonly labelMapItems: ManyOptions = {
    GATE: () => !this.atEnd(true),
    DEF: () => this.OR(this.labelMapChoices),
  };

  public labelMap = this.node('labelMap', (range) => {
    const map = this.keep<A.LabelMap>({ entries: [], range });
    this.take(this.CONSUME(T.LBrace));
    this.MANY(this.labelMapItems);
    this.take(this.CONSUME(T.RBrace));
    return map;
  });

  private readonly labelKeys: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Name) },
    { ALT: () => this.CONSUME(T.StringLike) },
  ];

  private readonly labelValues: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME1(T.Name) },
    { ALT: () => this.CONSUME1(T.StringLike) },
    { ALT: () => this.CONSUME(T.Integer) },
  ];

  public labelEntry = this.node('labelEntry', (range) => {
    const keyToken = this.take(
      this.OR(this.labelKeys),
    );
    const key = identOrStr(keyToken);
    const entry: A.LabelEntry | undefined = key && this.keep({ key, value: undefined, range });
    this.take(this.CONSUME(T.Colon));
    const valueToken = this.take(
      this.OR1(this.labelValues),
    );
    if (entry) entry.value = valueToken?.tokenType === T.Integer ? num(valueToken) : identOrStr(valueToken);
    return entry;
  });

  public versionsStmt = this.node('versionsStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Versions));
    const stmt: A.VersionsStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Versions', names: [] });
    this.into(setNames);
    this.SUBRULE(this.nameList);
    return stmt;
  });

  public versionStmt = this.node('versionStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Version));
    const stmt: A.VersionStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Version', name: undefined, body: [] });
    const name = ident(this.take(this.CONSUME(T.Name)));
    if (stmt) stmt.name = name;
    this.into(setBody);
    this.SUBRULE(this.block);
    return stmt;
  });

  /** `route [hosts "a", "b"] { rules }` or `route -> action [{ settings }]` */
  public routeStmt = this.node('routeStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Route));
    const stmt: A.RouteStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Route', hosts: [], rules: [], shorthand: true });
    this.OPTION(() => {
      this.take(this.OR([{ ALT: () => this.CONSUME(T.Hosts) }, { ALT: () => this.CONSUME(T.Host) }]));
      this.into(setHosts);
      this.SUBRULE(this.stringList);
    });
    this.OR1([
      {
        ALT: () => {
          // Without `{ rules }` (or when it is missing), the route reads as the shorthand.
          if (stmt) stmt.shorthand = false;
          this.into(setRules);
          this.SUBRULE(this.rulesBlock);
        },
      },
      {
        ALT: () => {
          // The shorthand `route -> action [{…}]` is one `otherwise` rule.
          this.take(this.CONSUME(T.Arrow));
          this.into(setShorthandAction);
          this.SUBRULE(this.action);
          this.OPTION1(() => {
            this.into(setShorthandBody);
            this.SUBRULE(this.block);
          });
        },
      },
    ]);
    return stmt;
  });

  public timeoutStmt = this.node('timeoutStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Timeout));
    const stmt: A.TimeoutStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Timeout', value: undefined });
    const value = qty(this.take(this.CONSUME(T.Quantity)));
    if (stmt) stmt.value = value;
    return stmt;
  });

  /** `retries 3 [per-try 2s] [on 5xx, reset]` or `retries off` */
  public retriesStmt = this.node('retriesStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Retries));
    const stmt: A.RetriesStmt | undefined =
      keyword && this.keep({ keyword, range, kind: 'Retries', off: false, attempts: undefined, perTry: undefined, on: [] });
    this.OR([
      {
        ALT: () => {
          const off = this.take(this.CONSUME(T.Off));
          if (stmt) stmt.off = off !== undefined;
        },
      },
      {
        ALT: () => {
          const attempts = num(this.take(this.CONSUME(T.Integer)));
          if (stmt) stmt.attempts = attempts;
          this.OPTION(() => {
            this.take(this.CONSUME(T.PerTry));
            const perTry = qty(this.take(this.CONSUME(T.Quantity)));
            if (stmt) stmt.perTry = perTry;
          });
          this.OPTION1(() => {
            this.take(this.CONSUME(T.On));
            this.into(pushOn);
            this.SUBRULE(this.retryCondition);
            this.MANY(() => {
              this.take(this.CONSUME(T.Comma));
              this.into(pushOn);
              this.SUBRULE1(this.retryCondition);
            });
          });
        },
      },
    ]);
    return stmt;
  });

  private readonly retryConditions: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Name) },
    { ALT: () => this.CONSUME(T.Quantity) },
    { ALT: () => this.CONSUME(T.Integer) },
  ];

  public retryCondition = this.node('retryCondition', () => {
    const value = literalOf(
      this.take(
        this.OR(this.retryConditions),
      ),
    );
    return value && value.kind !== 'Str' && value.kind !== 'Pct' ? value : undefined;
  }, { ownRange: false });

  /** `fault [delay 7s [50%]] [abort 503 [10%]]` */
  public faultStmt = this.node('faultStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Fault));
    const stmt: A.FaultStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Fault', delay: undefined, abort: undefined });
    this.OPTION(() => {
      this.into(setDelay);
      this.SUBRULE(this.faultDelay);
    });
    this.OPTION1(() => {
      this.into(setAbort);
      this.SUBRULE(this.faultAbort);
    });
    return stmt;
  });

  public faultDelay = this.node('faultDelay', (range) => {
    const delay = this.keep<NonNullable<A.FaultStmt['delay']>>({ range, duration: undefined, percent: undefined });
    this.take(this.CONSUME(T.Delay));
    delay.duration = qty(this.take(this.CONSUME(T.Quantity)));
    this.OPTION(() => {
      delay.percent = pct(this.take(this.CONSUME(T.Percent)));
    });
    return delay;
  });

  public faultAbort = this.node('faultAbort', (range) => {
    const abort = this.keep<NonNullable<A.FaultStmt['abort']>>({ range, status: undefined, percent: undefined });
    this.take(this.CONSUME(T.Abort));
    abort.status = num(this.take(this.CONSUME(T.Integer)));
    this.OPTION(() => {
      abort.percent = pct(this.take(this.CONSUME(T.Percent)));
    });
    return abort;
  });

  /** `mirror v3 [10%]` */
  public mirrorStmt = this.node('mirrorStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Mirror));
    const stmt: A.MirrorStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Mirror', target: undefined, percent: undefined });
    this.into(setMirrorTarget);
    this.SUBRULE(this.target);
    return stmt;
  });

  /** `rewrite [path "/new"] [host "new.example.com"]` */
  public rewriteStmt = this.node('rewriteStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Rewrite));
    const stmt: A.RewriteStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Rewrite', path: undefined, host: undefined });
    this.OPTION(() => {
      this.take(this.CONSUME(T.Path));
      const path = str(this.take(this.CONSUME(T.StringLike)));
      if (stmt) stmt.path = path;
    });
    this.OPTION1(() => {
      this.take(this.CONSUME(T.Host));
      const host = str(this.take(this.CONSUME1(T.StringLike)));
      if (stmt) stmt.host = host;
    });
    return stmt;
  });

  private readonly headersKeywords: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.RequestHeaders) },
    { ALT: () => this.CONSUME(T.ResponseHeaders) },
  ];

  public headersStmt = this.node('headersStmt', (range) => {
    const token = this.OR(this.headersKeywords);
    const keyword = this.keyword(token);
    const stmt: A.HeadersStmt | undefined =
      keyword && this.keep({ keyword, range, kind: 'Headers', direction: token.tokenType === T.RequestHeaders ? 'request' : 'response', body: [] });
    this.into(setBody);
    this.SUBRULE(this.block);
    return stmt;
  });

  /** `set NAME "value"` or `add NAME "value"` */
  private readonly headerSetKeywords: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Set) },
    { ALT: () => this.CONSUME(T.Add) },
  ];

  public headerSetStmt = this.node('headerSetStmt', (range) => {
    const token = this.OR(this.headerSetKeywords);
    const keyword = this.keyword(token);
    const stmt: A.HeaderSetStmt | undefined =
      keyword && this.keep({ keyword, range, kind: 'HeaderSet', op: token.tokenType === T.Set ? 'set' : 'add', name: undefined, value: undefined });
    this.into(setName);
    this.SUBRULE(this.headerName);
    const value = str(this.take(this.CONSUME(T.StringLike)));
    if (stmt) stmt.value = value;
    return stmt;
  });

  /** `remove NAME, NAME` */
  public headerRemoveStmt = this.node('headerRemoveStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Remove));
    const stmt: A.HeaderRemoveStmt | undefined = keyword && this.keep({ keyword, range, kind: 'HeaderRemove', names: [] });
    this.into(pushName);
    this.SUBRULE(this.headerName);
    this.MANY(() => {
      this.take(this.CONSUME(T.Comma));
      this.into(pushName);
      this.SUBRULE1(this.headerName);
    });
    return stmt;
  });

  private readonly headerNames: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Name) },
    { ALT: () => this.CONSUME(T.StringLike) },
  ];

  public headerName = this.node('headerName', () =>
    identOrStr(
      this.take(
        this.OR(this.headerNames),
      ),
    ),
    { ownRange: false },
  );

  /** `cors {…}`, `pool {…}`, `outlier {…}`, `require jwt {…}` */
  public settingsStmt = this.node('settingsStmt', (range) => {
    let stmt: A.SettingsStmt | undefined;
    const start = (token: IToken, block: A.SettingsStmt['block']): void => {
      const keyword = this.keyword(token);
      if (keyword) stmt = this.keep({ keyword, range, kind: 'Settings', block, entries: [] });
    };
    this.OR([
      { ALT: () => start(this.CONSUME(T.Cors), 'cors') },
      { ALT: () => start(this.CONSUME(T.Pool), 'pool') },
      { ALT: () => start(this.CONSUME(T.Outlier), 'outlier') },
      {
        ALT: () => {
          start(this.CONSUME(T.Require), 'jwt');
          this.take(this.CONSUME(T.Jwt));
        },
      },
    ]);
    this.into(setEntries);
    this.SUBRULE(this.settingsBlock);
    return stmt;
  });

  private readonly settingsChoices: OrOptions = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          this.into(push);
          this.SUBRULE(this.setting);
        },
      },
      { ALT: () => this.SUBRULE(this.junkSettings) },
    ],
  };

  private readonly settingsItems: ManyOptions = {
    GATE: () => !this.atEnd(true),
    DEF: () => this.OR(this.settingsChoices),
  };

  public settingsBlock = this.node('settingsBlock', () => {
    const entries = this.keep<A.Setting[]>([]);
    this.take(this.CONSUME(T.LBrace));
    this.MANY(this.settingsItems);
    this.take(this.CONSUME(T.RBrace));
    return entries;
  }, { ownRange: false });

  /** `key value[, value…]` */
  public setting = this.node('setting', (range) => {
    const key = ident(this.take(this.CONSUME(T.Name)));
    const setting: A.Setting | undefined = key && this.keep({ key, values: [], range });
    this.into(pushValue);
    this.SUBRULE(this.literal);
    this.MANY(() => {
      this.take(this.CONSUME(T.Comma));
      this.into(pushValue);
      this.SUBRULE1(this.literal);
    });
    return setting;
  });

  private readonly literals: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.StringLike) },
    { ALT: () => this.CONSUME(T.Integer) },
    { ALT: () => this.CONSUME(T.Decimal) },
    { ALT: () => this.CONSUME(T.Quantity) },
    { ALT: () => this.CONSUME(T.Percent) },
    { ALT: () => this.CONSUME(T.Name) },
  ];

  public literal = this.node('literal', () =>
    literalOf(
      this.take(
        this.OR(this.literals),
      ),
    ),
    { ownRange: false },
  );

  /** `lb least-request` or `lb hash (header NAME | cookie NAME [ttl 1h] | query NAME | source-ip)` */
  public lbStmt = this.node('lbStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Lb));
    const stmt: A.LbStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Lb', policy: undefined });
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const hash = this.take(this.CONSUME(T.Hash));
            if (stmt && hash) {
              delete stmt.policy;
              stmt.hash = { range: tokenRange(hash), by: undefined, byRange: undefined, name: undefined, ttl: undefined };
            }
            this.into(setHashKey);
            this.SUBRULE(this.hashKey);
          },
        },
        {
          ALT: () => {
            const policy = ident(this.take(this.CONSUME(T.Name)));
            if (stmt) stmt.policy = policy;
          },
        },
      ],
    });
    return stmt;
  });

  public hashKey = this.node('hashKey', (range) => {
    const key = this.keep<NonNullable<A.LbStmt['hash']>>({ range, by: undefined, byRange: undefined, name: undefined, ttl: undefined });
    const by = (token: IToken | undefined): void => {
      if (!token) return;
      key.by = token.image as 'header' | 'cookie' | 'query' | 'source-ip';
      key.byRange = tokenRange(token);
    };
    this.OR([
      {
        ALT: () => {
          by(this.take(this.CONSUME(T.Header)));
          this.into(setName);
          this.SUBRULE(this.headerName);
        },
      },
      {
        ALT: () => {
          by(this.take(this.CONSUME(T.Cookie)));
          this.into(setName);
          this.SUBRULE1(this.headerName);
          this.OPTION(() => {
            this.take(this.CONSUME(T.Ttl));
            key.ttl = qty(this.take(this.CONSUME(T.Quantity)));
          });
        },
      },
      {
        ALT: () => {
          by(this.take(this.CONSUME(T.Query)));
          this.into(setName);
          this.SUBRULE2(this.headerName);
        },
      },
      { ALT: () => by(this.take(this.CONSUME(T.Word))) },
    ]);
    return key;
  });

  /** `tls MODE [sni "host"] [secret "name"]` */
  public tlsStmt = this.node('tlsStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Tls));
    const stmt: A.TlsStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Tls', mode: undefined, sni: undefined, secret: undefined });
    const mode = ident(this.take(this.CONSUME(T.Name)));
    if (stmt) stmt.mode = mode;
    this.OPTION(() => {
      this.take(this.CONSUME(T.Sni));
      const sni = str(this.take(this.CONSUME(T.StringLike)));
      if (stmt) stmt.sni = sni;
    });
    this.OPTION1(() => {
      this.take(this.CONSUME(T.Secret));
      const secret = str(this.take(this.CONSUME1(T.StringLike)));
      if (stmt) stmt.secret = secret;
    });
    return stmt;
  });

  /** `allow|deny|audit [from SOURCES] [to METHODS PATHS] [on port N, …] [when CONDITIONS] [dry-run]` */
  private readonly authzKeywords: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Allow) },
    { ALT: () => this.CONSUME(T.Deny) },
    { ALT: () => this.CONSUME(T.Audit) },
  ];

  public authzStmt = this.node('authzStmt', (range) => {
    const token = this.OR(this.authzKeywords);
    const keyword = this.keyword(token);
    const stmt: A.AuthzStmt | undefined =
      keyword && this.keep({ keyword, range, kind: 'Authz', action: token.image as A.AuthzStmt['action'], from: [], to: [], when: [], dryRun: undefined });
    const addPort = (token: IToken | undefined): void => {
      const port = num(token);
      if (stmt && port) stmt.to.push({ range: port.range, kind: 'port', port });
    };
    this.OPTION(() => {
      this.take(this.CONSUME(T.From));
      this.into(pushFrom);
      this.SUBRULE(this.authzSource);
      this.MANY(() => {
        this.take(this.CONSUME(T.Comma));
        this.into(pushFrom);
        this.SUBRULE1(this.authzSource);
      });
    });
    this.OPTION1(() => {
      this.take(this.CONSUME(T.To));
      this.into(pushTo);
      this.SUBRULE(this.authzTarget);
      // Items are separated by commas, except that paths may follow methods directly, so that
      // `to GET "/reviews/*"` reads naturally while a stray word after the list is not a method.
      this.MANY1(() =>
        this.OR1([
          {
            ALT: () => {
              this.take(this.CONSUME1(T.Comma));
              this.into(pushTo);
              this.SUBRULE1(this.authzTarget);
            },
          },
          { ALT: () => { this.into(pushTo); this.SUBRULE(this.authzPath); } },
        ]),
      );
    });
    this.OPTION2(() => {
      this.take(this.CONSUME(T.On));
      this.take(this.CONSUME(T.Port));
      addPort(this.take(this.CONSUME(T.Integer)));
      this.MANY2(() => {
        this.take(this.CONSUME2(T.Comma));
        addPort(this.take(this.CONSUME1(T.Integer)));
      });
    });
    this.OPTION3(() => {
      this.take(this.CONSUME(T.When));
      this.into(pushWhen);
      this.SUBRULE(this.authzCondition);
      this.MANY3(() => {
        this.take(this.CONSUME(T.And));
        this.into(pushWhen);
        this.SUBRULE1(this.authzCondition);
      });
    });
    this.OPTION4(() => {
      const dryRun = this.take(this.CONSUME(T.DryRun));
      if (stmt) stmt.dryRun = dryRun && tokenRange(dryRun);
    });
    return stmt;
  });

  public authzSource = this.node('authzSource', (range): A.AuthzSource | undefined =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: (): A.AuthzSource | undefined => {
            this.take(this.CONSUME(T.Namespace));
            return this.keep({ range, kind: 'namespace', name: ident(this.take(this.CONSUME(T.Name))) });
          },
        },
        {
          ALT: (): A.AuthzSource | undefined => {
            this.take(this.CONSUME(T.Principal));
            return this.keep({ range, kind: 'principal', value: str(this.take(this.CONSUME(T.StringLike))) });
          },
        },
        {
          ALT: (): A.AuthzSource | undefined => {
            this.take(this.CONSUME(T.Ip));
            return this.keep({ range, kind: 'ip', value: str(this.take(this.CONSUME1(T.StringLike))) });
          },
        },
        {
          ALT: (): A.AuthzSource | undefined => {
            const name = ident(this.take(this.CONSUME1(T.Name)));
            return name && { range, kind: 'service', name };
          },
        },
      ],
    }),
  );

  /** A method (`GET`) or a path (`"/reviews/*"`). */
  public authzTarget = this.node('authzTarget', (): A.AuthzTarget | undefined =>
    this.OR([
      {
        ALT: (): A.AuthzTarget | undefined => {
          const name = ident(this.take(this.CONSUME(T.Word)));
          return name && { range: name.range, kind: 'method', name };
        },
      },
      {
        ALT: (): A.AuthzTarget | undefined => {
          const value = str(this.take(this.CONSUME(T.StringLike)));
          return value && { range: value.range, kind: 'path', value };
        },
      },
    ]),
    { ownRange: false },
  );

  /** A path written right after a method, without a comma. */
  public authzPath = this.node('authzPath', (): A.AuthzTarget | undefined => {
    const value = str(this.take(this.CONSUME(T.StringLike)));
    return value && { range: value.range, kind: 'path', value };
  }, { ownRange: false });

  /** `claim NAME == "v"[, "w"]` or `header NAME == "v"` */
  public authzCondition = this.node('authzCondition', (range) => {
    const on = this.take(
      this.OR([
        { ALT: () => this.CONSUME(T.Claim) },
        { ALT: () => this.CONSUME(T.Header) },
      ]),
    );
    const condition: A.AuthzCondition | undefined =
      on && this.keep({ range, on: on.image as 'claim' | 'header', name: undefined, values: [] });
    this.into(setName);
    this.SUBRULE(this.headerName);
    this.take(this.CONSUME(T.EqEq));
    const first = str(this.take(this.CONSUME(T.StringLike)));
    if (condition && first) condition.values.push(first);
    this.MANY(() => {
      this.take(this.CONSUME(T.Comma));
      const next = str(this.take(this.CONSUME1(T.StringLike)));
      if (condition && next) condition.values.push(next);
    });
    return condition;
  });

  /** `rate-limit 100 per 1s [burst 200]` */
  public rateLimitStmt = this.node('rateLimitStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.RateLimit));
    const stmt: A.RateLimitStmt | undefined =
      keyword && this.keep({ keyword, range, kind: 'RateLimit', requests: undefined, per: undefined, burst: undefined });
    const requests = num(this.take(this.CONSUME(T.Integer)));
    if (stmt) stmt.requests = requests;
    this.take(this.CONSUME(T.Per));
    const per = qty(this.take(this.CONSUME(T.Quantity)));
    if (stmt) stmt.per = per;
    this.OPTION(() => {
      this.take(this.CONSUME(T.Burst));
      const burst = num(this.take(this.CONSUME1(T.Integer)));
      if (stmt) stmt.burst = burst;
    });
    return stmt;
  });

  /** `listen 443 https [hosts "a.com"] [tls MODE [secret "name"]] [redirect-https]` */
  public listenStmt = this.node('listenStmt', (range) => {
    const keyword = this.keyword(this.CONSUME(T.Listen));
    const stmt: A.ListenStmt | undefined = keyword && this.keep({
      keyword,
      range,
      kind: 'Listen',
      port: undefined,
      protocol: undefined,
      hosts: [],
      tls: undefined,
      redirectHttps: undefined,
    });
    const port = num(this.take(this.CONSUME(T.Integer)));
    if (stmt) stmt.port = port;
    this.OPTION(() => {
      this.into(setProtocol);
      this.SUBRULE(this.protocol);
    });
    this.OPTION1(() => {
      this.take(this.OR([{ ALT: () => this.CONSUME(T.Hosts) }, { ALT: () => this.CONSUME(T.Host) }]));
      this.into(setHosts);
      this.SUBRULE(this.stringList);
    });
    this.OPTION2(() => {
      const tls = this.take(this.CONSUME(T.Tls));
      const value: NonNullable<A.ListenStmt['tls']> | undefined = tls && { range: tokenRange(tls), mode: undefined, secret: undefined };
      if (stmt && value) stmt.tls = value;
      const mode = ident(this.take(this.CONSUME(T.Name)));
      if (value && mode) {
        value.mode = mode;
        value.range = { start: value.range.start, end: Math.max(value.range.end, mode.range.end) };
      }
      this.OPTION3(() => {
        this.take(this.CONSUME(T.Secret));
        const secret = str(this.take(this.CONSUME(T.StringLike)));
        if (value && secret) {
          value.secret = secret;
          value.range = { start: value.range.start, end: Math.max(value.range.end, secret.range.end) };
        }
      });
    });
    this.OPTION4(() => {
      const redirect = this.take(this.CONSUME(T.RedirectHttps));
      if (stmt) stmt.redirectHttps = redirect && tokenRange(redirect);
    });
    return stmt;
  });

  /** `hosts "a", "b"` (externals) */
  public hostsStmt = this.node('hostsStmt', (range) => {
    const keyword = this.keyword(this.OR([{ ALT: () => this.CONSUME(T.Hosts) }, { ALT: () => this.CONSUME(T.Host) }]));
    const stmt: A.HostsStmt | undefined = keyword && this.keep({ keyword, range, kind: 'Hosts', hosts: [] });
    this.into(setHosts);
    this.SUBRULE(this.stringList);
    return stmt;
  });

  /** `addresses "…", "…"` and `endpoints "…", "…"` */
  private readonly listKeywords: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Addresses) },
    { ALT: () => this.CONSUME(T.Endpoints) },
  ];

  public listStmt = this.node('listStmt', (range) => {
    const token = this.OR(this.listKeywords);
    const keyword = this.keyword(token);
    const stmt: A.AddressesStmt | A.EndpointsStmt | undefined =
      keyword && this.keep(token.tokenType === T.Addresses ? { keyword, range, kind: 'Addresses', values: [] } : { keyword, range, kind: 'Endpoints', values: [] });
    this.into(setValues);
    this.SUBRULE(this.stringList);
    return stmt;
  });

  public nameList = this.node('nameList', () => {
    const names = this.keep<A.Ident[]>([]);
    const add = (token: IToken | undefined): void => {
      if (token) names.push(ident(token)!);
    };
    add(this.take(this.CONSUME(T.Name)));
    this.MANY(() => {
      this.take(this.CONSUME(T.Comma));
      add(this.take(this.CONSUME1(T.Name)));
    });
    return names;
  }, { ownRange: false });

  public stringList = this.node('stringList', () => {
    const values = this.keep<A.Str[]>([]);
    const add = (token: IToken | undefined): void => {
      if (token) values.push(str(token)!);
    };
    add(this.take(this.CONSUME(T.StringLike)));
    this.MANY(() => {
      this.take(this.CONSUME(T.Comma));
      add(this.take(this.CONSUME1(T.StringLike)));
    });
    return values;
  }, { ownRange: false });

  // ---- Routes ------------------------------------------------------------------------------------

  private readonly rulesBlockChoices: OrOptions = {
    MAX_LOOKAHEAD: 1,
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          this.into(push);
          this.SUBRULE(this.rule);
        },
      },
      { ALT: () => this.SUBRULE(this.junkRules) },
    ],
  };

  private readonly rulesBlockItems: ManyOptions = {
    GATE: () => !this.atEnd(true) && !stopSets.top.has(this.LA(1).tokenType.tokenTypeIdx as number),
    DEF: () => this.OR(this.rulesBlockChoices),
  };

  public rulesBlock = this.node('rulesBlock', () => {
    const rules = this.keep<A.Rule[]>([]);
    this.take(this.CONSUME(T.LBrace));
    this.MANY(this.rulesBlockItems);
    this.take(this.CONSUME(T.RBrace));
    return rules;
  }, { ownRange: false });

  /** `when CONDITION -> ACTION [{ settings }]` or `otherwise -> ACTION [{ settings }]` */
  public rule = this.node('rule', (range) => {
    this.OR([
      {
        ALT: () => {
          const when = this.take(this.CONSUME(T.When));
          if (when) this.keep(newRule(when, false, range));
          this.into(pushClause);
          this.SUBRULE(this.matchClause);
          this.MANY(() => {
            this.take(this.CONSUME(T.Or));
            this.into(pushClause);
            this.SUBRULE1(this.matchClause);
          });
        },
      },
      {
        ALT: () => {
          const otherwise = this.take(this.CONSUME(T.Otherwise));
          if (otherwise) this.keep(newRule(otherwise, true, range));
        },
      },
    ]);
    this.take(this.CONSUME(T.Arrow));
    this.into(setAction);
    this.SUBRULE(this.action);
    this.OPTION(() => {
      this.into(setBody);
      this.SUBRULE(this.block);
    });
    return this.kept<A.Rule>();
  });

  public matchClause = this.node('matchClause', (range) => {
    const clause = this.keep<A.MatchClause>({ range, atoms: [] });
    this.into(pushAtom);
    this.SUBRULE(this.matchAtom);
    this.MANY(() => {
      this.take(this.CONSUME(T.And));
      this.into(pushAtom);
      this.SUBRULE1(this.matchAtom);
    });
    return clause;
  });

  public matchAtom = this.node('matchAtom', (range): A.MatchAtom | undefined =>
    this.OR([
      {
        ALT: (): A.MatchAtom | undefined => {
          const on = this.take(this.CONSUME(T.Path));
          const atom: A.MatchAtom | undefined = on && this.keep({ kind: 'PathMatch', range, op: undefined, value: undefined });
          this.into(setMatchOp);
          this.SUBRULE(this.matchOp);
          return atom;
        },
      },
      {
        ALT: (): A.MatchAtom | undefined => {
          const on = this.take(this.CONSUME(T.Method));
          const atom: A.MatchAtom | undefined = on && this.keep({ kind: 'MethodMatch', range, method: undefined });
          const method = ident(this.take(this.CONSUME(T.Name)));
          if (atom) atom.method = method;
          return atom;
        },
      },
      {
        ALT: (): A.MatchAtom | undefined => {
          const on = this.take(this.CONSUME(T.Header));
          const atom: A.MatchAtom | undefined = on && this.keep({ kind: 'HeaderMatch', range, name: undefined, op: undefined, value: undefined });
          this.into(setName);
          this.SUBRULE(this.headerName);
          this.into(setMatchOp);
          this.SUBRULE1(this.matchOp);
          return atom;
        },
      },
      {
        ALT: (): A.MatchAtom | undefined => {
          const on = this.take(this.CONSUME(T.Query));
          const atom: A.MatchAtom | undefined = on && this.keep({ kind: 'QueryMatch', range, name: undefined, op: undefined, value: undefined });
          this.into(setName);
          this.SUBRULE1(this.headerName);
          this.into(setMatchOp);
          this.SUBRULE2(this.matchOp);
          return atom;
        },
      },
      {
        ALT: (): A.MatchAtom | undefined => {
          const on = this.take(this.CONSUME(T.From));
          const atom: A.MatchAtom | undefined = on && this.keep({ kind: 'SourceMatch', range, namespace: false, name: undefined });
          this.OPTION(() => {
            const namespace = this.take(this.CONSUME(T.Namespace));
            if (atom && namespace) atom.namespace = true;
          });
          const name = ident(this.take(this.CONSUME1(T.Name)));
          if (atom) atom.name = name;
          return atom;
        },
      },
      {
        ALT: (): A.MatchAtom | undefined => {
          const on = this.take(this.CONSUME(T.Port));
          const atom: A.MatchAtom | undefined = on && this.keep({ kind: 'PortMatch', range, port: undefined });
          const port = num(this.take(this.CONSUME(T.Integer)));
          if (atom) atom.port = port;
          return atom;
        },
      },
      {
        ALT: (): A.MatchAtom | undefined => {
          const on = this.take(this.CONSUME(T.Sni));
          const atom: A.MatchAtom | undefined = on && this.keep({ kind: 'SniMatch', range, host: undefined });
          const host = str(this.take(this.CONSUME(T.StringLike)));
          if (atom) atom.host = host;
          return atom;
        },
      },
    ]),
  );

  /** `== "v"`, `prefix "v"`, `regex "v"`, `present`, `absent` */
  public matchOp = this.node('matchOp', () => {
    const result = this.keep<{ op: A.MatchOp | undefined; value: A.Str | undefined }>({ op: undefined, value: undefined });
    const op = (token: IToken | undefined): void => {
      if (token) result.op = opOf(token);
    };
    this.OR([
      {
        ALT: () => {
          op(this.take(this.CONSUME(T.EqEq)));
          result.value = str(this.take(this.CONSUME(T.StringLike)));
        },
      },
      {
        ALT: () => {
          op(this.take(this.CONSUME(T.Prefix)));
          result.value = str(this.take(this.CONSUME1(T.StringLike)));
        },
      },
      {
        ALT: () => {
          op(this.take(this.CONSUME(T.Regex)));
          result.value = str(this.take(this.CONSUME2(T.StringLike)));
        },
      },
      { ALT: () => op(this.take(this.CONSUME(T.Present))) },
      { ALT: () => op(this.take(this.CONSUME(T.Absent))) },
    ]);
    return result;
  }, { ownRange: false });

  /** `redirect …`, `respond 503 ["body"]`, or destinations with weights. */
  public action = this.node('action', (range): A.Action | undefined =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: (): A.Action | undefined => {
            const redirect = this.take(this.CONSUME(T.Redirect));
            const action: Extract<A.Action, { kind: 'Redirect' }> | undefined = redirect && this.keep({ kind: 'Redirect', range });
            this.AT_LEAST_ONE(() => {
              this.into(setRedirectPart);
              this.SUBRULE(this.redirectPart);
            });
            return action;
          },
        },
        {
          ALT: (): A.Action | undefined => {
            const respond = this.take(this.CONSUME(T.Respond));
            const action: Extract<A.Action, { kind: 'Respond' }> | undefined =
              respond && this.keep({ kind: 'Respond', range, status: undefined, body: undefined });
            const status = num(this.take(this.CONSUME(T.Integer)));
            if (action) action.status = status;
            this.OPTION(() => {
              const body = str(this.take(this.CONSUME(T.StringLike)));
              if (action) action.body = body;
            });
            return action;
          },
        },
        {
          ALT: (): A.Action | undefined => {
            const action = this.keep<Extract<A.Action, { kind: 'Forward' }>>({ kind: 'Forward', range, targets: [] });
            this.into(pushTarget);
            this.SUBRULE(this.target);
            this.MANY(() => {
              this.take(this.CONSUME(T.Comma));
              this.into(pushTarget);
              this.SUBRULE1(this.target);
            });
            return action.targets.length > 0 ? action : undefined;
          },
        },
      ],
    }),
  );

  public redirectPart = this.node('redirectPart', () => {
    const part = this.keep<{ key: string | undefined; value: IToken | undefined }>({ key: undefined, value: undefined });
    const key = (token: IToken | undefined): void => {
      if (token) part.key = token.image;
    };
    this.OR([
      {
        ALT: () => {
          key(this.take(this.CONSUME(T.Path)));
          part.value = this.take(this.CONSUME(T.StringLike));
        },
      },
      {
        ALT: () => {
          key(this.take(this.CONSUME(T.Host)));
          part.value = this.take(this.CONSUME1(T.StringLike));
        },
      },
      {
        ALT: () => {
          key(this.take(this.CONSUME(T.Scheme)));
          part.value = this.take(this.CONSUME(T.Name));
        },
      },
      {
        ALT: () => {
          key(this.take(this.CONSUME(T.Port)));
          part.value = this.take(this.CONSUME(T.Integer));
        },
      },
      {
        ALT: () => {
          key(this.take(this.CONSUME(T.Code)));
          part.value = this.take(this.CONSUME1(T.Integer));
        },
      },
    ]);
    return part;
  }, { ownRange: false });

  /** `v2`, `reviews.v2`, `productpage:9080`, each optionally followed by a weight `90%`. */
  public target = this.node('target', (range) => {
    const name = ident(this.take(this.CONSUME(T.Name)));
    // A target without a name (invented by recovery) is dropped by the rules that read it.
    const target = this.keep<A.Target>({ name: name!, version: undefined, port: undefined, weight: undefined, range: name ? range : { start: 0, end: 0 } });
    this.OPTION(() => {
      this.take(this.CONSUME(T.Dot));
      target.version = ident(this.take(this.CONSUME1(T.Name)));
    });
    this.OPTION1(() => {
      this.take(this.CONSUME(T.Colon));
      target.port = num(this.take(this.CONSUME(T.Integer)));
    });
    this.OPTION2(() => {
      target.weight = pct(this.take(this.CONSUME(T.Percent)));
    });
    return target;
  });
}

/** One parser instance is reused: chevrotain parsers are stateful but cheap to reset. */
export const meshParser = new MeshParser();

export type { IToken };
