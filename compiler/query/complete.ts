/**
 * Completion: what may be written at an offset, by context.
 *
 * The context comes from the tokens before the cursor, not from the syntax tree, because the text
 * being completed is incomplete by nature and error recovery may have put the half-written
 * statement anywhere. Tokens never span lines, so lexing starts at the line of the enclosing
 * declaration. A stack of blocks follows the braces (`service {`, `route {`, a rule's `{`,
 * `request-headers {`, `pool {` …), and the tokens of the statement being written decide what
 * comes next: statement keywords at the start of a statement (only those the checker allows in
 * that block), destinations after `->`, versions after `service.`, enum values after `mtls`,
 * `lb`, `port N`, `on` and so on.
 */
import type { Range } from '../diagnostics/types.ts';
import type { BlockContext } from '../check/scopes.ts';
import { lex, lineStartOf, type LexedToken } from './locate.ts';
import type { NameIndex } from './names.ts';
import { enums, keywordDocs, settingKeys, statementKeywords, type EnumName, type ValueDoc } from './vocabulary.ts';

export type CandidateKind = 'keyword' | 'snippet' | 'service' | 'gateway' | 'external' | 'version' | 'namespace' | 'value' | 'setting' | 'operator';

export interface Candidate {
  label: string;
  kind: CandidateKind;
  /** A short description shown beside the label. */
  detail?: string;
  /** Markdown documentation. */
  documentation?: string;
  /** Text to insert; a snippet (`${1:x}` placeholders) when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  /** Sort key: lower sorts first. */
  sortText?: string;
}

export interface CompletionAnswer {
  /** The range the chosen item replaces: the partial word before the cursor. */
  replace: Range;
  items: Candidate[];
  /** Which context was recognised; tests and the benchmark read it. */
  context: string;
}

type FrameKind = 'top' | 'mesh' | 'service' | 'gateway' | 'external' | 'version' | 'route' | 'rule' | 'headers' | 'settings' | 'labels' | 'unknown';

interface Frame {
  kind: FrameKind;
  /** For declarations: the declared name. For settings blocks: the block (`pool`, `jwt`, …). */
  name?: string;
  /** Tokens of the statement being written in this block. */
  stmt: LexedToken[];
}

const WORD = /[A-Za-z0-9_-]/;
const DECL_LINE = /^(mesh|service|gateway|external)\b/;
/** Tokens after which the statement goes on, even across a line break. */
const CONTINUES = new Set([',', '->', '==', 'and', 'or', '.', ':']);
/** Tokens that go on a statement from the start of a line. */
const CONTINUES_LINE = new Set(['and', 'or', '->', ',']);

/** Completion candidates at `offset` of `text`, with the program's names from `names`. */
export function complete(text: string, offset: number, names: NameIndex): CompletionAnswer {
  offset = Math.max(0, Math.min(offset, text.length));
  let wordStart = offset;
  while (wordStart > 0 && WORD.test(text[wordStart - 1]!)) wordStart--;
  const replace = { start: wordStart, end: offset };
  const none = (context: string): CompletionAnswer => ({ replace, items: [], context });

  // Inside a string or a comment there is nothing to complete.
  const lineStart = lineStartOf(text, offset);
  const onLine = lex(text, lineStart, offset);
  const lastOnLine = onLine[onLine.length - 1];
  if (lastOnLine && (lastOnLine.cls === 'comment' || (lastOnLine.cls === 'string' && lastOnLine.range.end === offset && !isClosedString(lastOnLine.image)))) {
    return none('string-or-comment');
  }
  // A number being typed (`80`, `5s`) is a value, not a word to complete.
  if (/^[0-9]/.test(text.slice(wordStart, offset))) return none('number');

  const start = declarationLineStart(text, wordStart);
  const tokens = lex(text, start, wordStart).filter((t) => t.cls !== 'comment');
  const stack = walk(text, tokens);
  const frame = stack[stack.length - 1]!;
  const decl = stack.find((f) => f.kind === 'service' || f.kind === 'gateway' || f.kind === 'external' || f.kind === 'mesh');
  const previous = tokens[tokens.length - 1];
  // The word being completed, on a new line after a finished statement, starts a new one.
  const word = text.slice(wordStart, offset);
  if (previous && frame.stmt.length > 0 && lineBreakBetween(text, previous.range.end, wordStart) && !CONTINUES.has(previous.image) && !CONTINUES_LINE.has(word)) {
    frame.stmt = [];
  }
  const startsStatement = frame.stmt.length === 0;
  const ctx = new Ctx(names, decl);

  // `reviews.|`: the versions of a service.
  if (previous?.image === '.' && tokens.length >= 2 && previous.range.end === wordStart) {
    const service = tokens[tokens.length - 2]!.image;
    return { replace, items: ctx.versionsOf(service), context: 'version-after-dot' };
  }

  if (startsStatement) {
    switch (frame.kind) {
      case 'top':
        return { replace, items: declarationSnippets(), context: 'declaration' };
      case 'route':
        return { replace, items: ruleSnippets(), context: 'rule' };
      case 'settings':
        return { replace, items: settingItems(frame.name as 'pool'), context: `settings:${frame.name}` };
      case 'labels':
      case 'unknown':
        return none(frame.kind);
      default:
        return { replace, items: statementItems(frame.kind), context: `statement:${frame.kind}` };
    }
  }
  return { ...statementTail(frame, ctx), replace };
}

function isClosedString(image: string): boolean {
  return image.length >= 2 && image.endsWith('"') && !image.endsWith('\\"');
}

/** The start of the line of the declaration that holds `offset`: `service x {` at a line start. */
function declarationLineStart(text: string, offset: number): number {
  let line = lineStartOf(text, offset);
  for (;;) {
    if (DECL_LINE.test(text.slice(line, line + 9))) return line;
    if (line === 0) return 0;
    line = lineStartOf(text, line - 1);
  }
}

function lineBreakBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** Follows the braces and statements of `tokens`; returns the stack of open blocks. */
function walk(text: string, tokens: LexedToken[]): Frame[] {
  const stack: Frame[] = [{ kind: 'top', stmt: [] }];
  let previous: LexedToken | undefined;
  for (const token of tokens) {
    const frame = stack[stack.length - 1]!;
    if (token.image === '{') {
      stack.push(openBlock(frame));
      frame.stmt = [];
    } else if (token.image === '}') {
      if (stack.length > 1) stack.pop();
      stack[stack.length - 1]!.stmt = [];
    } else {
      // A token on a new line starts a new statement, unless the statement visibly goes on.
      const newLine = previous !== undefined && lineBreakBetween(text, previous.range.end, token.range.start);
      // NOTE: a statement keyword at the start of a line starts a statement even after a `,` or
      // `->`: the line above is the one being written, and is unfinished.
      if (newLine && frame.stmt.length > 0 && ((!CONTINUES.has(previous!.image) && !CONTINUES_LINE.has(token.image)) || startsStatementIn(frame.kind, token))) frame.stmt = [];
      frame.stmt.push(token);
    }
    previous = token;
  }
  return stack;
}

const DECLARATIONS = ['mesh', 'service', 'gateway', 'external'];
const starters = new Map<FrameKind, Set<string>>();

/** Whether `token` is a keyword that starts a statement in a block of kind `kind`. */
function startsStatementIn(kind: FrameKind, token: LexedToken): boolean {
  if (token.cls !== 'keyword') return false;
  let set = starters.get(kind);
  if (!set) {
    const words =
      kind === 'top' ? DECLARATIONS
        : kind === 'route' ? ['when', 'otherwise']
          : kind === 'settings' || kind === 'labels' || kind === 'unknown' ? []
            : statementKeywords(kind as BlockContext);
    starters.set(kind, (set = new Set(words)));
  }
  return set.has(token.image);
}

/** The block that `{` opens, from the statement that precedes it. */
function openBlock(frame: Frame): Frame {
  const first = frame.stmt[0]?.image;
  const has = (image: string) => frame.stmt.some((t) => t.image === image);
  const block = (kind: FrameKind, name?: string): Frame => (name === undefined ? { kind, stmt: [] } : { kind, name, stmt: [] });
  switch (frame.kind) {
    case 'top':
      if (first === 'mesh') return block('mesh');
      if (first === 'service' || first === 'gateway' || first === 'external') return block(first, frame.stmt[1]?.image);
      return block('unknown');
    case 'route':
      return has('->') ? block('rule') : block('unknown');
    case 'service':
    case 'gateway':
    case 'external':
    case 'version':
    case 'rule':
    case 'mesh':
      if (first === 'route') return has('->') ? block('rule') : block('route');
      if (first === 'version') return block('version');
      if (first === 'request-headers' || first === 'response-headers') return block('headers');
      if (first === 'cors' || first === 'pool' || first === 'outlier') return block('settings', first);
      if (first === 'require') return block('settings', 'jwt');
      if (first === 'labels' || first === 'selector') return block('labels');
      return block('unknown');
    default:
      return block('unknown');
  }
}

/** Names of the program, for the statement being written in declaration `decl`. */
class Ctx {
  constructor(
    readonly names: NameIndex,
    readonly decl: Frame | undefined,
  ) {}

  private symbols(role: 'service' | 'gateway' | 'external'): Candidate[] {
    const out: Candidate[] = [];
    for (const s of this.names.symbols.values()) {
      if (s.role !== role) continue;
      out.push({ label: s.name, kind: role, detail: role, sortText: `2${s.name}` });
    }
    return out.sort(byLabel);
  }

  versionsOf(service: string): Candidate[] {
    const out: Candidate[] = [];
    for (const s of this.names.symbols.values()) {
      if (s.role === 'version' && s.container === service) out.push({ label: s.name, kind: 'version', detail: `version of ${service}`, sortText: `1${s.name}` });
    }
    return out.sort(byLabel);
  }

  services(): Candidate[] {
    return this.symbols('service');
  }

  /** Destinations: the enclosing service's versions first, then services and externals. */
  destinations(): Candidate[] {
    const own = this.decl?.kind === 'service' && this.decl.name ? this.versionsOf(this.decl.name) : [];
    return [...own, ...this.symbols('service'), ...this.symbols('external')];
  }

  namespaces(): Candidate[] {
    const out: Candidate[] = [];
    const seen = new Set<string>();
    for (const s of this.names.symbols.values()) {
      if (s.role === 'namespace' && !seen.has(s.name)) {
        seen.add(s.name);
        out.push({ label: s.name, kind: 'namespace', detail: 'namespace' });
      }
    }
    return out.sort(byLabel);
  }
}

function byLabel(a: Candidate, b: Candidate): number {
  return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
}

// ---- Candidates ---------------------------------------------------------------------------------

function keywordItem(keyword: string, sort = '0'): Candidate {
  const doc = keywordDocs[keyword];
  return {
    label: keyword,
    kind: 'keyword',
    ...(doc ? { detail: doc.syntax?.split('\n')[0] ?? keyword, documentation: doc.summary } : {}),
    sortText: `${sort}${keyword}`,
  };
}

function keywords(...list: string[]): Candidate[] {
  return list.map((k) => keywordItem(k));
}

function values(name: EnumName, sort = '0'): Candidate[] {
  return (enums[name] as ValueDoc[]).map((v) => ({ label: v.value, kind: 'value', documentation: v.doc, detail: name, sortText: `${sort}${v.value}` }));
}

const protocolChoice = (name: EnumName): string => (enums[name] as ValueDoc[]).map((v) => v.value).join(',');

/** Snippets for statements, by keyword. `$0` is where the cursor ends. */
function statementSnippet(keyword: string, context: FrameKind): string | undefined {
  switch (keyword) {
    case 'port':
      return `port \${1:8080} \${2|${protocolChoice(context === 'external' ? 'externalProtocol' : 'serviceProtocol')}|}`;
    case 'namespace': return 'namespace ${1:name}';
    case 'namespaces': return 'namespaces ${1:name}';
    case 'trust-domain': return 'trust-domain "${1:cluster.local}"';
    case 'mtls': return 'mtls ${1|strict,permissive,disable|}';
    case 'outbound': return 'outbound ${1|allow-any,registry-only|}';
    case 'access': return 'access ${1|allow-by-default,deny-by-default|}';
    case 'labels': return 'labels { ${1:key}: ${2:value} }';
    case 'selector': return 'selector { ${1:istio}: ${2:ingressgateway} }';
    case 'account': return 'account ${1:name}';
    case 'versions': return 'versions ${1:v1}, ${2:v2}';
    case 'version': return 'version ${1:name} {\n  labels { version: ${1:name} }\n}';
    case 'route': return 'route {\n  when ${1:header x-canary == "always"} -> ${2:target}\n  otherwise -> ${3:target}\n}';
    case 'timeout': return 'timeout ${1:5s}';
    case 'retries': return 'retries ${1:3} per-try ${2:2s} on ${3:5xx}';
    case 'fault': return 'fault ${1|delay,abort|} ${2:5s} ${3:10}%';
    case 'mirror': return 'mirror ${1:target} ${2:10}%';
    case 'rewrite': return 'rewrite path "${1:/}"';
    case 'request-headers': return 'request-headers {\n  set ${1:x-name} "${2:value}"\n}';
    case 'response-headers': return 'response-headers {\n  set ${1:x-name} "${2:value}"\n}';
    case 'set': return 'set ${1:x-name} "${2:value}"';
    case 'add': return 'add ${1:x-name} "${2:value}"';
    case 'remove': return 'remove ${1:x-name}';
    case 'cors': return 'cors {\n  origins "${1:https://example.com}"\n  methods ${2:GET}\n}';
    case 'pool': return 'pool {\n  max-connections ${1:100}\n}';
    case 'outlier': return 'outlier {\n  consecutive-errors ${1:5}\n  interval ${2:10s}\n  ejection ${3:30s}\n}';
    case 'require': return 'require jwt {\n  issuer "${1:https://auth.example.com}"\n  jwks-uri "${2:https://auth.example.com/.well-known/jwks.json}"\n}';
    case 'lb': return 'lb ${1|round-robin,least-request,random,passthrough|}';
    case 'tls': return 'tls ${1|istio-mutual,simple,mutual,disable|}';
    case 'allow': return 'allow from ${1:service} to ${2:GET}';
    case 'deny': return 'deny to "${1:/admin/*}"';
    case 'audit': return 'audit from ${1:service}';
    case 'rate-limit': return 'rate-limit ${1:100} per ${2:1s}';
    case 'listen': return `listen \${1:80} \${2|${protocolChoice('listenerProtocol')}|} hosts "\${3:example.com}"`;
    case 'hosts': return 'hosts "${1:api.example.com}"';
    case 'resolution': return 'resolution ${1|dns,static,none|}';
    case 'location': return 'location ${1|mesh-external,mesh-internal|}';
    case 'addresses': return 'addresses "${1:10.0.0.0/8}"';
    case 'endpoints': return 'endpoints "${1:10.0.0.1}"';
    default: return undefined;
  }
}

function statementItems(kind: FrameKind): Candidate[] {
  const context: BlockContext = kind === 'rule' ? 'rule' : (kind as BlockContext);
  const items: Candidate[] = [];
  for (const keyword of statementKeywords(context)) {
    const item = keywordItem(keyword);
    const snippet = statementSnippet(keyword, kind);
    if (snippet) {
      item.kind = 'snippet';
      item.insertText = snippet;
      item.snippet = true;
    }
    items.push(item);
    if (keyword === 'route') items.push({ ...keywordItem('route'), label: 'route ->', kind: 'snippet', insertText: 'route -> ${1:target}', snippet: true, sortText: '0route ->' });
  }
  return items;
}

function declarationSnippets(): Candidate[] {
  const snippet = (label: string, insertText: string): Candidate => ({ ...keywordItem(label), kind: 'snippet', insertText, snippet: true });
  return [
    snippet('mesh', 'mesh {\n  namespace ${1:default}\n}'),
    snippet('service', `service \${1:name} {\n  port \${2:8080} \${3|${protocolChoice('serviceProtocol')}|}\n  $0\n}`),
    snippet('gateway', 'gateway ${1:name} {\n  listen ${2:80} http hosts "${3:example.com}"\n  route {\n    otherwise -> ${4:service}\n  }\n}'),
    snippet('external', 'external ${1:name} {\n  hosts "${2:api.example.com}"\n  port ${3:443} https\n}'),
  ];
}

function ruleSnippets(): Candidate[] {
  return [
    { ...keywordItem('when'), kind: 'snippet', insertText: 'when ${1:header ${2:x-canary} == "${3:always}"} -> ${4:target}', snippet: true },
    { ...keywordItem('otherwise'), kind: 'snippet', insertText: 'otherwise -> ${1:target}', snippet: true },
  ];
}

function settingItems(block: 'pool' | 'outlier' | 'cors' | 'jwt'): Candidate[] {
  return settingKeys(block).map((s) => ({ label: s.key, kind: 'setting', detail: s.list ? `${s.type}, …` : s.type, sortText: `0${s.key}` }));
}

const MATCH_ATOMS = ['path', 'method', 'header', 'query', 'from', 'port', 'sni'];

/** Candidates inside a statement, after its first token. */
function statementTail(frame: Frame, ctx: Ctx): Omit<CompletionAnswer, 'replace'> {
  const stmt = frame.stmt;
  const first = stmt[0]!.image;
  const last = stmt[stmt.length - 1]!;
  const before = stmt.length >= 2 ? stmt[stmt.length - 2]!.image : undefined;
  const images = stmt.map((t) => t.image);
  const lastIndex = (image: string): number => images.lastIndexOf(image);
  const answer = (context: string, items: Candidate[]) => ({ context, items });
  const isAuthz = first === 'allow' || first === 'deny' || first === 'audit';
  const inRule = frame.kind === 'route' || (first === 'route' && lastIndex('->') === -1) || first === 'when' || first === 'otherwise';

  // Settings blocks: `key VALUE`.
  if (frame.kind === 'settings') {
    if (first === 'methods') return answer('value:method', values('method'));
    if (first === 'credentials' || first === 'forward-token') return answer('value:bool', values('bool'));
    return answer('settings-value', []);
  }

  // Destinations: after `->` and after `,` in a split, and after `mirror`.
  const arrow = lastIndex('->');
  if (arrow !== -1 && (last.image === '->' || (last.image === ',' && arrow < stmt.length - 1))) {
    const items = ctx.destinations();
    if (last.image === '->') items.push(...keywords('redirect', 'respond'));
    return answer('destination', items);
  }
  if (first === 'mirror' && stmt.length === 1) return answer('destination', ctx.destinations());

  // Conditions of route rules.
  if (inRule || first === 'route') {
    if (last.image === 'when' || last.image === 'and' || last.image === 'or') {
      if (!isAuthz) return answer('match', keywords(...MATCH_ATOMS));
    }
    if (last.image === 'from') return answer('caller', [...ctx.services(), ...keywords('namespace')]);
    if (last.image === 'namespace' && before === 'from') return answer('namespace', ctx.namespaces());
    if (last.image === 'method') return answer('value:method', values('method'));
    if (last.image === 'path') return answer('match-op', values('matchOp').filter((v) => v.label !== 'present' && v.label !== 'absent'));
    if ((before === 'header' || before === 'query') && last.cls !== 'string') return answer('match-op', values('matchOp'));
    if (last.image === 'scheme') return answer('value:scheme', values('scheme'));
    if (last.image === 'redirect') return answer('redirect', keywords('path', 'host', 'scheme', 'port', 'code'));
    if (first === 'route' && stmt.length === 1) return answer('route', frame.kind === 'gateway' ? keywords('hosts') : []);
    if (arrow === -1 && (last.cls === 'string' || last.image === 'present' || last.image === 'absent' || before === 'method' || before === 'from' || before === 'port')) {
      return answer('condition-next', keywords('and', 'or'));
    }
    return answer('rule-end', []);
  }

  switch (first) {
    case 'port':
      if (stmt.length === 2 && last.cls === 'number') return answer('value:protocol', values(frame.kind === 'external' ? 'externalProtocol' : 'serviceProtocol'));
      if (stmt.length === 3) return answer('port-next', keywords('target'));
      return answer('port', []);
    case 'listen':
      if (stmt.length === 2 && last.cls === 'number') return answer('value:protocol', values('listenerProtocol'));
      if (last.image === 'tls') return answer('value:tls', values('gatewayTls'));
      if (stmt.length >= 3 && last.cls !== 'keyword' && last.image !== ',') return answer('listen-next', keywords('hosts', 'tls', 'secret', 'redirect-https'));
      return answer('listen', []);
    case 'mtls':
      return answer('value:mtls', stmt.length === 1 ? values('mtls') : []);
    case 'outbound':
      return answer('value:outbound', stmt.length === 1 ? values('outbound') : []);
    case 'access':
      return answer('value:access', stmt.length === 1 ? values('access') : []);
    case 'resolution':
      return answer('value:resolution', stmt.length === 1 ? values('resolution') : []);
    case 'location':
      return answer('value:location', stmt.length === 1 ? values('location') : []);
    case 'lb':
      if (stmt.length === 1) return answer('value:lb', [...values('lb'), ...keywords('hash')]);
      if (last.image === 'hash') return answer('value:hash', values('hashBy'));
      if (before === 'cookie') return answer('lb-next', keywords('ttl'));
      return answer('lb', []);
    case 'tls':
      if (stmt.length === 1) return answer('value:tls', values('clientTls'));
      return answer('tls-next', keywords('sni', 'secret'));
    case 'retries':
      if (stmt.length === 1) return answer('retries', keywords('off'));
      if (last.image === 'on' || (last.image === ',' && lastIndex('on') !== -1)) return answer('value:retry-on', values('retryOn'));
      if (last.cls === 'number' || last.cls === 'quantity') return answer('retries-next', keywords('per-try', 'on'));
      return answer('retries', []);
    case 'fault':
      if (stmt.length === 1 || last.cls === 'percent' || (last.cls === 'quantity' && before === 'delay') || (last.cls === 'number' && before === 'abort')) {
        return answer('fault', keywords('delay', 'abort'));
      }
      return answer('fault', []);
    case 'rewrite':
      return answer('rewrite', keywords('path', 'host'));
    case 'require':
      return answer('require', stmt.length === 1 ? keywords('jwt') : []);
    case 'rate-limit':
      if (stmt.length === 2) return answer('rate-limit', keywords('per'));
      if (stmt.length === 4) return answer('rate-limit', keywords('burst'));
      return answer('rate-limit', []);
    case 'allow':
    case 'deny':
    case 'audit': {
      const part = [...images].reverse().find((i) => ['from', 'to', 'on', 'when'].includes(i));
      if (last.image === 'from' || (last.image === ',' && part === 'from')) {
        return answer('caller', [...ctx.services(), ...keywords('namespace', 'principal', 'ip')]);
      }
      if (last.image === 'namespace') return answer('namespace', ctx.namespaces());
      if (last.image === 'to' || (last.image === ',' && part === 'to')) return answer('value:method', values('method'));
      if (last.image === 'on') return answer('authz-on', keywords('port'));
      if (last.image === 'when' || last.image === 'and') return answer('authz-when', keywords('claim', 'header'));
      if (last.image !== ',') return answer('authz-next', keywords('from', 'to', 'on', 'when', 'dry-run').filter((k) => !images.includes(k.label) || k.label === 'when'));
      return answer('authz', []);
    }
    default:
      return answer('none', []);
  }
}
