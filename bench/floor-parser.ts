/**
 * The floor of the front-end benchmark: the grammar of `grammar/parser.ts`, recognised by
 * chevrotain alone and building chevrotain's own output (a concrete syntax tree), without any of
 * meshc's actions.
 *
 * `grammar/parser.ts` builds the typed syntax tree in embedded actions, so it cannot be run
 * without them; this is the same grammar written as a `CstParser`. `test/grammar/floor.test.ts`
 * compares the two grammars production by production (chevrotain's serialised GAST, labels
 * aside), so the floor measures exactly the grammar meshc parses.
 */
import { CstParser, EOF, type CstNode, type IToken } from 'chevrotain';
import * as T from '../grammar/tokens.ts';
import { errorMessages } from '../grammar/messages.ts';
import { startsLine, stopSets, type JunkContext } from '../grammar/recovery.ts';

export class FloorParser extends CstParser {
  /**
   * `validate` runs chevrotain's grammar checks (ambiguities, left recursion); a test does, while
   * start-up skips them, since they only cost time once the grammar is known to be sound.
   */
  constructor(options: { validate?: boolean } = {}) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 1,
      nodeLocationTracking: 'onlyOffset',
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

  private atEnd(closing: boolean): boolean {
    const type = this.LA(1).tokenType;
    return type === EOF || (closing && type === T.RBrace);
  }

  // ---- File and declarations ---------------------------------------------------------------------

  public file = this.RULE('file', () => {
    this.MANY({
      GATE: () => !this.atEnd(false),
      DEF: () =>
        this.OR({
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { ALT: () => this.SUBRULE(this.decl) },
            { ALT: () => this.SUBRULE(this.junkTop) },
          ],
        }),
    });
  });

  public decl = this.RULE('decl', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Mesh, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Service, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Gateway, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.External, { LABEL: 'keyword' }) },
    ]);
    this.OPTION(() => this.CONSUME(T.Name, { LABEL: 'name' }));
    this.SUBRULE(this.block);
  });

  /** `{ statement* }` */
  public block = this.RULE('block', () => {
    this.CONSUME(T.LBrace);
    this.MANY({
      GATE: () => !this.atEnd(true) && !stopSets.top.has(this.LA(1).tokenType.tokenTypeIdx as number),
      DEF: () =>
        this.OR({
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { ALT: () => this.SUBRULE(this.statement) },
            { ALT: () => this.SUBRULE(this.junkBlock) },
          ],
        }),
    });
    this.CONSUME(T.RBrace);
  });

  /**
   * Tokens that fit nowhere: the first one unconditionally (nothing else matched it), then more up
   * to the next token that can start something in the enclosing context, or a line break. Braces
   * are skipped as balanced groups so that `foo { … }` is one piece of junk. One rule per context,
   * because chevrotain's typed CST rules take no arguments.
   */
  private junkRule(context: JunkContext) {
    const stop = stopSets[context];
    return this.RULE(`junk_${context}`, () => {
      this.SUBRULE(this.junkPiece);
      this.MANY({
        GATE: () =>
          !this.atEnd(context !== 'top') &&
          !stop.has(this.LA(1).tokenType.tokenTypeIdx as number) &&
          !startsLine(this.text, this.LA(1)),
        DEF: () => this.SUBRULE1(this.junkPiece),
      });
    });
  }

  public junkPiece = this.RULE('junkPiece', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.junkGroup) },
        { ALT: () => this.CONSUME(T.AnyToken) },
      ],
    });
  });

  public junkGroup = this.RULE('junkGroup', () => {
    this.CONSUME(T.LBrace);
    this.MANY({
      GATE: () => !this.atEnd(true),
      DEF: () => this.SUBRULE(this.junkPiece),
    });
    this.OPTION(() => this.CONSUME(T.RBrace));
  });

  public junkTop = this.junkRule('top');
  public junkBlock = this.junkRule('block');
  public junkRules = this.junkRule('rules');
  public junkSettings = this.junkRule('settings');
  public junkLabels = this.junkRule('labels');

  // ---- Statements --------------------------------------------------------------------------------

  public statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.simpleStmt) },
      { ALT: () => this.SUBRULE(this.namespacesStmt) },
      { ALT: () => this.SUBRULE(this.trustDomainStmt) },
      { ALT: () => this.SUBRULE(this.portStmt) },
      { ALT: () => this.SUBRULE(this.labelsStmt) },
      { ALT: () => this.SUBRULE(this.versionsStmt) },
      { ALT: () => this.SUBRULE(this.versionStmt) },
      { ALT: () => this.SUBRULE(this.routeStmt) },
      { ALT: () => this.SUBRULE(this.timeoutStmt) },
      { ALT: () => this.SUBRULE(this.retriesStmt) },
      { ALT: () => this.SUBRULE(this.faultStmt) },
      { ALT: () => this.SUBRULE(this.mirrorStmt) },
      { ALT: () => this.SUBRULE(this.rewriteStmt) },
      { ALT: () => this.SUBRULE(this.headersStmt) },
      { ALT: () => this.SUBRULE(this.headerSetStmt) },
      { ALT: () => this.SUBRULE(this.headerRemoveStmt) },
      { ALT: () => this.SUBRULE(this.settingsStmt) },
      { ALT: () => this.SUBRULE(this.lbStmt) },
      { ALT: () => this.SUBRULE(this.tlsStmt) },
      { ALT: () => this.SUBRULE(this.authzStmt) },
      { ALT: () => this.SUBRULE(this.rateLimitStmt) },
      { ALT: () => this.SUBRULE(this.listenStmt) },
      { ALT: () => this.SUBRULE(this.hostsStmt) },
      { ALT: () => this.SUBRULE(this.listStmt) },
    ]);
  });

  /** `KEYWORD name`: namespace, account, mtls, outbound, access, resolution, location. */
  public simpleStmt = this.RULE('simpleStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Namespace, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Account, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Mtls, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Outbound, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Access, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Resolution, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Location, { LABEL: 'keyword' }) },
    ]);
    this.CONSUME(T.Name, { LABEL: 'value' });
  });

  public namespacesStmt = this.RULE('namespacesStmt', () => {
    this.CONSUME(T.Namespaces, { LABEL: 'keyword' });
    this.SUBRULE(this.nameList);
  });

  public trustDomainStmt = this.RULE('trustDomainStmt', () => {
    this.CONSUME(T.TrustDomain, { LABEL: 'keyword' });
    this.OR([
      { ALT: () => this.CONSUME(T.StringLike, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Name, { LABEL: 'value' }) },
    ]);
  });

  /** `port 9080 http [target 8080]` */
  public portStmt = this.RULE('portStmt', () => {
    this.CONSUME(T.Port, { LABEL: 'keyword' });
    this.CONSUME(T.Integer, { LABEL: 'number' });
    this.OPTION(() => this.SUBRULE(this.protocol));
    this.OPTION1(() => {
      this.CONSUME(T.Target);
      this.CONSUME1(T.Integer, { LABEL: 'target' });
    });
  });

  /** A protocol name; `tls` is a keyword too, so it is listed. */
  public protocol = this.RULE('protocol', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Word, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Tls, { LABEL: 'value' }) },
    ]);
  });

  /** `labels {…}` and `selector {…}` */
  public labelsStmt = this.RULE('labelsStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Labels, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Selector, { LABEL: 'keyword' }) },
    ]);
    this.SUBRULE(this.labelMap);
  });

  public labelMap = this.RULE('labelMap', () => {
    this.CONSUME(T.LBrace);
    this.MANY({
      GATE: () => !this.atEnd(true),
      DEF: () =>
        this.OR({
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { ALT: () => this.SUBRULE(this.labelEntry) },
            { ALT: () => this.CONSUME(T.Comma) },
            { ALT: () => this.SUBRULE(this.junkLabels) },
          ],
        }),
    });
    this.CONSUME(T.RBrace);
  });

  public labelEntry = this.RULE('labelEntry', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Name, { LABEL: 'key' }) },
      { ALT: () => this.CONSUME(T.StringLike, { LABEL: 'key' }) },
    ]);
    this.CONSUME(T.Colon);
    this.OR1([
      { ALT: () => this.CONSUME1(T.Name, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME1(T.StringLike, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Integer, { LABEL: 'value' }) },
    ]);
  });

  public versionsStmt = this.RULE('versionsStmt', () => {
    this.CONSUME(T.Versions, { LABEL: 'keyword' });
    this.SUBRULE(this.nameList);
  });

  public versionStmt = this.RULE('versionStmt', () => {
    this.CONSUME(T.Version, { LABEL: 'keyword' });
    this.CONSUME(T.Name, { LABEL: 'name' });
    this.SUBRULE(this.block);
  });

  /** `route [hosts "a", "b"] { rules }` or `route -> action [{ settings }]` */
  public routeStmt = this.RULE('routeStmt', () => {
    this.CONSUME(T.Route, { LABEL: 'keyword' });
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Hosts) }, { ALT: () => this.CONSUME(T.Host) }]);
      this.SUBRULE(this.stringList);
    });
    this.OR1([
      { ALT: () => this.SUBRULE(this.rulesBlock) },
      {
        ALT: () => {
          this.CONSUME(T.Arrow);
          this.SUBRULE(this.action);
          this.OPTION1(() => this.SUBRULE(this.block));
        },
      },
    ]);
  });

  public timeoutStmt = this.RULE('timeoutStmt', () => {
    this.CONSUME(T.Timeout, { LABEL: 'keyword' });
    this.CONSUME(T.Quantity, { LABEL: 'value' });
  });

  /** `retries 3 [per-try 2s] [on 5xx, reset]` or `retries off` */
  public retriesStmt = this.RULE('retriesStmt', () => {
    this.CONSUME(T.Retries, { LABEL: 'keyword' });
    this.OR([
      { ALT: () => this.CONSUME(T.Off, { LABEL: 'off' }) },
      {
        ALT: () => {
          this.CONSUME(T.Integer, { LABEL: 'attempts' });
          this.OPTION(() => {
            this.CONSUME(T.PerTry);
            this.CONSUME(T.Quantity, { LABEL: 'perTry' });
          });
          this.OPTION1(() => {
            this.CONSUME(T.On);
            this.SUBRULE(this.retryCondition);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE1(this.retryCondition);
            });
          });
        },
      },
    ]);
  });

  public retryCondition = this.RULE('retryCondition', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Name, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Quantity, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Integer, { LABEL: 'value' }) },
    ]);
  });

  /** `fault [delay 7s [50%]] [abort 503 [10%]]` */
  public faultStmt = this.RULE('faultStmt', () => {
    this.CONSUME(T.Fault, { LABEL: 'keyword' });
    this.OPTION(() => this.SUBRULE(this.faultDelay));
    this.OPTION1(() => this.SUBRULE(this.faultAbort));
  });

  public faultDelay = this.RULE('faultDelay', () => {
    this.CONSUME(T.Delay);
    this.CONSUME(T.Quantity, { LABEL: 'duration' });
    this.OPTION(() => this.CONSUME(T.Percent, { LABEL: 'percent' }));
  });

  public faultAbort = this.RULE('faultAbort', () => {
    this.CONSUME(T.Abort);
    this.CONSUME(T.Integer, { LABEL: 'status' });
    this.OPTION(() => this.CONSUME(T.Percent, { LABEL: 'percent' }));
  });

  /** `mirror v3 [10%]` */
  public mirrorStmt = this.RULE('mirrorStmt', () => {
    this.CONSUME(T.Mirror, { LABEL: 'keyword' });
    this.SUBRULE(this.target);
  });

  /** `rewrite [path "/new"] [host "new.example.com"]` */
  public rewriteStmt = this.RULE('rewriteStmt', () => {
    this.CONSUME(T.Rewrite, { LABEL: 'keyword' });
    this.OPTION(() => {
      this.CONSUME(T.Path);
      this.CONSUME(T.StringLike, { LABEL: 'path' });
    });
    this.OPTION1(() => {
      this.CONSUME(T.Host);
      this.CONSUME1(T.StringLike, { LABEL: 'host' });
    });
  });

  public headersStmt = this.RULE('headersStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.RequestHeaders, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.ResponseHeaders, { LABEL: 'keyword' }) },
    ]);
    this.SUBRULE(this.block);
  });

  /** `set NAME "value"` or `add NAME "value"` */
  public headerSetStmt = this.RULE('headerSetStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Set, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Add, { LABEL: 'keyword' }) },
    ]);
    this.SUBRULE(this.headerName);
    this.CONSUME(T.StringLike, { LABEL: 'value' });
  });

  /** `remove NAME, NAME` */
  public headerRemoveStmt = this.RULE('headerRemoveStmt', () => {
    this.CONSUME(T.Remove, { LABEL: 'keyword' });
    this.SUBRULE(this.headerName);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE1(this.headerName);
    });
  });

  public headerName = this.RULE('headerName', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Name, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.StringLike, { LABEL: 'value' }) },
    ]);
  });

  /** `cors {…}`, `pool {…}`, `outlier {…}`, `require jwt {…}` */
  public settingsStmt = this.RULE('settingsStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Cors, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Pool, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Outlier, { LABEL: 'keyword' }) },
      {
        ALT: () => {
          this.CONSUME(T.Require, { LABEL: 'keyword' });
          this.CONSUME(T.Jwt, { LABEL: 'jwt' });
        },
      },
    ]);
    this.SUBRULE(this.settingsBlock);
  });

  public settingsBlock = this.RULE('settingsBlock', () => {
    this.CONSUME(T.LBrace);
    this.MANY({
      GATE: () => !this.atEnd(true),
      DEF: () =>
        this.OR({
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { ALT: () => this.SUBRULE(this.setting) },
            { ALT: () => this.SUBRULE(this.junkSettings) },
          ],
        }),
    });
    this.CONSUME(T.RBrace);
  });

  /** `key value[, value…]` */
  public setting = this.RULE('setting', () => {
    this.CONSUME(T.Name, { LABEL: 'key' });
    this.SUBRULE(this.literal);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE1(this.literal);
    });
  });

  public literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLike, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Integer, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Decimal, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Quantity, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Percent, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.Name, { LABEL: 'value' }) },
    ]);
  });

  /** `lb least-request` or `lb hash (header NAME | cookie NAME [ttl 1h] | query NAME | source-ip)` */
  public lbStmt = this.RULE('lbStmt', () => {
    this.CONSUME(T.Lb, { LABEL: 'keyword' });
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Hash, { LABEL: 'hash' });
            this.SUBRULE(this.hashKey);
          },
        },
        { ALT: () => this.CONSUME(T.Name, { LABEL: 'policy' }) },
      ],
    });
  });

  public hashKey = this.RULE('hashKey', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Header, { LABEL: 'by' });
          this.SUBRULE(this.headerName);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Cookie, { LABEL: 'by' });
          this.SUBRULE1(this.headerName);
          this.OPTION(() => {
            this.CONSUME(T.Ttl);
            this.CONSUME(T.Quantity, { LABEL: 'ttl' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Query, { LABEL: 'by' });
          this.SUBRULE2(this.headerName);
        },
      },
      { ALT: () => this.CONSUME(T.Word, { LABEL: 'by' }) },
    ]);
  });

  /** `tls MODE [sni "host"] [secret "name"]` */
  public tlsStmt = this.RULE('tlsStmt', () => {
    this.CONSUME(T.Tls, { LABEL: 'keyword' });
    this.CONSUME(T.Name, { LABEL: 'mode' });
    this.OPTION(() => {
      this.CONSUME(T.Sni);
      this.CONSUME(T.StringLike, { LABEL: 'sni' });
    });
    this.OPTION1(() => {
      this.CONSUME(T.Secret);
      this.CONSUME1(T.StringLike, { LABEL: 'secret' });
    });
  });

  /** `allow|deny|audit [from SOURCES] [to METHODS PATHS] [on port N, …] [when CONDITIONS] [dry-run]` */
  public authzStmt = this.RULE('authzStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Allow, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Deny, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Audit, { LABEL: 'keyword' }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.From);
      this.SUBRULE(this.authzSource);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE1(this.authzSource);
      });
    });
    this.OPTION1(() => {
      this.CONSUME(T.To);
      this.SUBRULE(this.authzTarget);
      // Items are separated by commas, except that paths may follow methods directly, so that
      // `to GET "/reviews/*"` reads naturally while a stray word after the list is not a method.
      this.MANY1(() =>
        this.OR1([
          {
            ALT: () => {
              this.CONSUME1(T.Comma);
              this.SUBRULE1(this.authzTarget);
            },
          },
          { ALT: () => this.SUBRULE(this.authzPath) },
        ]),
      );
    });
    this.OPTION2(() => {
      this.CONSUME(T.On);
      this.CONSUME(T.Port);
      this.CONSUME(T.Integer, { LABEL: 'port' });
      this.MANY2(() => {
        this.CONSUME2(T.Comma);
        this.CONSUME1(T.Integer, { LABEL: 'port' });
      });
    });
    this.OPTION3(() => {
      this.CONSUME(T.When);
      this.SUBRULE(this.authzCondition);
      this.MANY3(() => {
        this.CONSUME(T.And);
        this.SUBRULE1(this.authzCondition);
      });
    });
    this.OPTION4(() => this.CONSUME(T.DryRun, { LABEL: 'dryRun' }));
  });

  public authzSource = this.RULE('authzSource', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Namespace, { LABEL: 'kind' });
            this.CONSUME(T.Name, { LABEL: 'value' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Principal, { LABEL: 'kind' });
            this.CONSUME(T.StringLike, { LABEL: 'value' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Ip, { LABEL: 'kind' });
            this.CONSUME1(T.StringLike, { LABEL: 'value' });
          },
        },
        { ALT: () => this.CONSUME1(T.Name, { LABEL: 'value' }) },
      ],
    });
  });

  /** A method (`GET`) or a path (`"/reviews/*"`). */
  public authzTarget = this.RULE('authzTarget', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Word, { LABEL: 'method' }) },
      { ALT: () => this.CONSUME(T.StringLike, { LABEL: 'path' }) },
    ]);
  });

  /** A path written right after a method, without a comma. */
  public authzPath = this.RULE('authzPath', () => {
    this.CONSUME(T.StringLike, { LABEL: 'path' });
  });

  /** `claim NAME == "v"[, "w"]` or `header NAME == "v"` */
  public authzCondition = this.RULE('authzCondition', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Claim, { LABEL: 'on' }) },
      { ALT: () => this.CONSUME(T.Header, { LABEL: 'on' }) },
    ]);
    this.SUBRULE(this.headerName);
    this.CONSUME(T.EqEq);
    this.CONSUME(T.StringLike, { LABEL: 'value' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME1(T.StringLike, { LABEL: 'value' });
    });
  });

  /** `rate-limit 100 per 1s [burst 200]` */
  public rateLimitStmt = this.RULE('rateLimitStmt', () => {
    this.CONSUME(T.RateLimit, { LABEL: 'keyword' });
    this.CONSUME(T.Integer, { LABEL: 'requests' });
    this.CONSUME(T.Per);
    this.CONSUME(T.Quantity, { LABEL: 'per' });
    this.OPTION(() => {
      this.CONSUME(T.Burst);
      this.CONSUME1(T.Integer, { LABEL: 'burst' });
    });
  });

  /** `listen 443 https [hosts "a.com"] [tls MODE [secret "name"]] [redirect-https]` */
  public listenStmt = this.RULE('listenStmt', () => {
    this.CONSUME(T.Listen, { LABEL: 'keyword' });
    this.CONSUME(T.Integer, { LABEL: 'port' });
    this.OPTION(() => this.SUBRULE(this.protocol));
    this.OPTION1(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Hosts) }, { ALT: () => this.CONSUME(T.Host) }]);
      this.SUBRULE(this.stringList);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Tls, { LABEL: 'tls' });
      this.CONSUME(T.Name, { LABEL: 'tlsMode' });
      this.OPTION3(() => {
        this.CONSUME(T.Secret);
        this.CONSUME(T.StringLike, { LABEL: 'secret' });
      });
    });
    this.OPTION4(() => this.CONSUME(T.RedirectHttps, { LABEL: 'redirectHttps' }));
  });

  /** `hosts "a", "b"` (externals) */
  public hostsStmt = this.RULE('hostsStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Hosts, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Host, { LABEL: 'keyword' }) },
    ]);
    this.SUBRULE(this.stringList);
  });

  /** `addresses "…", "…"` and `endpoints "…", "…"` */
  public listStmt = this.RULE('listStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Addresses, { LABEL: 'keyword' }) },
      { ALT: () => this.CONSUME(T.Endpoints, { LABEL: 'keyword' }) },
    ]);
    this.SUBRULE(this.stringList);
  });

  public nameList = this.RULE('nameList', () => {
    this.CONSUME(T.Name, { LABEL: 'value' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME1(T.Name, { LABEL: 'value' });
    });
  });

  public stringList = this.RULE('stringList', () => {
    this.CONSUME(T.StringLike, { LABEL: 'value' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME1(T.StringLike, { LABEL: 'value' });
    });
  });

  // ---- Routes ------------------------------------------------------------------------------------

  public rulesBlock = this.RULE('rulesBlock', () => {
    this.CONSUME(T.LBrace);
    this.MANY({
      GATE: () => !this.atEnd(true) && !stopSets.top.has(this.LA(1).tokenType.tokenTypeIdx as number),
      DEF: () =>
        this.OR({
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { ALT: () => this.SUBRULE(this.rule) },
            { ALT: () => this.SUBRULE(this.junkRules) },
          ],
        }),
    });
    this.CONSUME(T.RBrace);
  });

  /** `when CONDITION -> ACTION [{ settings }]` or `otherwise -> ACTION [{ settings }]` */
  public rule = this.RULE('rule', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.When, { LABEL: 'keyword' });
          this.SUBRULE(this.matchClause);
          this.MANY(() => {
            this.CONSUME(T.Or);
            this.SUBRULE1(this.matchClause);
          });
        },
      },
      { ALT: () => this.CONSUME(T.Otherwise, { LABEL: 'keyword' }) },
    ]);
    this.CONSUME(T.Arrow);
    this.SUBRULE(this.action);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public matchClause = this.RULE('matchClause', () => {
    this.SUBRULE(this.matchAtom);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE1(this.matchAtom);
    });
  });

  public matchAtom = this.RULE('matchAtom', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Path, { LABEL: 'on' });
          this.SUBRULE(this.matchOp);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Method, { LABEL: 'on' });
          this.CONSUME(T.Name, { LABEL: 'name' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Header, { LABEL: 'on' });
          this.SUBRULE(this.headerName);
          this.SUBRULE1(this.matchOp);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Query, { LABEL: 'on' });
          this.SUBRULE1(this.headerName);
          this.SUBRULE2(this.matchOp);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.From, { LABEL: 'on' });
          this.OPTION(() => this.CONSUME(T.Namespace, { LABEL: 'namespace' }));
          this.CONSUME1(T.Name, { LABEL: 'name' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Port, { LABEL: 'on' });
          this.CONSUME(T.Integer, { LABEL: 'port' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Sni, { LABEL: 'on' });
          this.CONSUME(T.StringLike, { LABEL: 'value' });
        },
      },
    ]);
  });

  /** `== "v"`, `prefix "v"`, `regex "v"`, `present`, `absent` */
  public matchOp = this.RULE('matchOp', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.EqEq, { LABEL: 'op' });
          this.CONSUME(T.StringLike, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Prefix, { LABEL: 'op' });
          this.CONSUME1(T.StringLike, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Regex, { LABEL: 'op' });
          this.CONSUME2(T.StringLike, { LABEL: 'value' });
        },
      },
      { ALT: () => this.CONSUME(T.Present, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.Absent, { LABEL: 'op' }) },
    ]);
  });

  /** `redirect …`, `respond 503 ["body"]`, or destinations with weights. */
  public action = this.RULE('action', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Redirect, { LABEL: 'redirect' });
            this.AT_LEAST_ONE(() => this.SUBRULE(this.redirectPart));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Respond, { LABEL: 'respond' });
            this.CONSUME(T.Integer, { LABEL: 'status' });
            this.OPTION(() => this.CONSUME(T.StringLike, { LABEL: 'body' }));
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.target);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE1(this.target);
            });
          },
        },
      ],
    });
  });

  public redirectPart = this.RULE('redirectPart', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Path, { LABEL: 'key' });
          this.CONSUME(T.StringLike, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Host, { LABEL: 'key' });
          this.CONSUME1(T.StringLike, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Scheme, { LABEL: 'key' });
          this.CONSUME(T.Name, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Port, { LABEL: 'key' });
          this.CONSUME(T.Integer, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Code, { LABEL: 'key' });
          this.CONSUME1(T.Integer, { LABEL: 'value' });
        },
      },
    ]);
  });

  /** `v2`, `reviews.v2`, `productpage:9080`, each optionally followed by a weight `90%`. */
  public target = this.RULE('target', () => {
    this.CONSUME(T.Name, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      this.CONSUME1(T.Name, { LABEL: 'version' });
    });
    this.OPTION1(() => {
      this.CONSUME(T.Colon);
      this.CONSUME(T.Integer, { LABEL: 'port' });
    });
    this.OPTION2(() => this.CONSUME(T.Percent, { LABEL: 'weight' }));
  });
}

/** One parser instance is reused, as meshc reuses its own. */
export const floorParser = new FloorParser();

export type { CstNode, IToken };
