/**
 * The canonical formatter behind `meshc fmt` and the language server's document formatting.
 *
 * It prints the syntax tree, not the text, so the layout is canonical: two-space indentation, one
 * statement per line, blocks opened on the statement's line, one blank line between declarations,
 * and blank lines between statements kept (at most one) where the author put them. Rules whose
 * condition does not fit in 100 columns break before each `or`.
 *
 * Comments are kept: a comment on its own line stays above the node that follows it, a comment at
 * the end of a line stays at the end of that line, and a comment inside a construct printed on one
 * line (a condition written over several lines, say) moves above it.
 *
 * **Invariant:** formatting is idempotent and preserves meaning: the syntax tree of the output
 * equals the input's, except for ranges and comments' positions.
 */
import type * as A from '../syntax/ast.ts';
import { quoteString } from '../syntax/strings.ts';

const INDENT = '  ';
const MAX_WIDTH = 100;

export function formatFile(file: A.SourceFile, text: string): string {
  const printer = new Printer(text, file.comments);
  printer.file(file);
  return printer.result();
}

class Printer {
  private readonly lines: string[] = [];
  private next = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly comments: A.Comment[],
  ) {}

  result(): string {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
  }

  // ---- Layout helpers ----------------------------------------------------------------------------

  private emit(line: string): void {
    this.lines.push(line === '' ? '' : INDENT.repeat(this.depth) + line);
  }

  private blankLine(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  private hasBlankLineBetween(from: number, to: number): boolean {
    return /\n[ \t]*\r?\n/.test(this.text.slice(from, to));
  }

  private lineEnd(offset: number): number {
    const n = this.text.indexOf('\n', offset);
    return n < 0 ? this.text.length : n;
  }

  /**
   * Comments that start before `offset`, each on its own line, with blank lines kept (also the
   * one between the last comment and the node at `offset`).
   */
  private leading(offset: number, previousEnd: number | undefined): void {
    let last = previousEnd;
    let printed = false;
    while (this.next < this.comments.length && this.comments[this.next]!.range.start < offset) {
      const comment = this.comments[this.next++]!;
      if (last !== undefined && this.hasBlankLineBetween(last, comment.range.start)) this.blankLine();
      this.emit('#' + comment.text);
      last = comment.range.end;
      printed = true;
    }
    if (printed && offset !== Infinity && this.hasBlankLineBetween(last!, offset)) this.blankLine();
  }

  /** A comment that starts on the same line, after `offset`: appended to the line just printed. */
  private trailing(offset: number): void {
    const comment = this.comments[this.next];
    if (!comment || comment.range.start < offset || comment.range.start > this.lineEnd(offset)) return;
    this.next++;
    this.lines[this.lines.length - 1] += ' #' + comment.text;
  }

  /** Where the first leading comment of a node starts, for blank-line decisions. */
  private startWithComments(node: { range: A.Range }): number {
    const comment = this.comments[this.next];
    return comment && comment.range.start < node.range.start ? comment.range.start : node.range.start;
  }

  // ---- Structure ---------------------------------------------------------------------------------

  file(file: A.SourceFile): void {
    let previousEnd: number | undefined;
    for (const decl of file.decls) {
      if (previousEnd !== undefined) this.blankLine();
      this.leading(decl.range.start, previousEnd);
      const header = decl.declKind + (decl.name ? ' ' + decl.name.text : '');
      this.block(header, decl.body, decl.range, decl.name?.range.end ?? decl.keyword.end);
      previousEnd = decl.range.end;
    }
    this.leading(Infinity, previousEnd);
  }

  /**
   * `header {`, the statements, `}`. `openedAt` is where the header ends, so that a comment on the
   * opening line stays there.
   */
  private block(header: string, body: A.Stmt[], range: A.Range, openedAt: number): void {
    this.emit(header + ' {');
    this.trailing(openedAt);
    this.depth++;
    this.statements(body, range);
    this.depth--;
    this.emit('}');
    this.trailing(range.end);
  }

  private statements(body: A.Stmt[], container: A.Range): void {
    let previousEnd: number | undefined;
    for (const stmt of body) {
      if (previousEnd !== undefined && this.hasBlankLineBetween(previousEnd, this.startWithComments(stmt))) this.blankLine();
      this.leading(stmt.range.start, previousEnd);
      this.statement(stmt);
      previousEnd = stmt.range.end;
    }
    // Comments after the last statement, before the closing brace.
    this.leading(container.end - 1, previousEnd);
  }

  /** A statement printed on one line: comments inside it move above it. */
  private line(node: { range: A.Range }, text: string): void {
    this.leading(node.range.end, undefined);
    this.emit(text);
    this.trailing(node.range.end);
  }

  private statement(stmt: A.Stmt): void {
    switch (stmt.kind) {
      case 'Version':
        return this.block(`version ${stmt.name!.text}`, stmt.body, stmt.range, stmt.name!.range.end);
      case 'Headers':
        return this.block(`${stmt.direction}-headers`, stmt.body, stmt.range, stmt.keyword.end);
      case 'Settings':
        return this.settings(stmt);
      case 'Route':
        return this.route(stmt);
      default:
        return this.line(stmt, printLine(stmt));
    }
  }

  private settings(stmt: A.SettingsStmt): void {
    const header = stmt.block === 'jwt' ? 'require jwt' : stmt.block;
    const opened = stmt.block === 'jwt' ? stmt.keyword.end + ' jwt'.length : stmt.keyword.end;
    this.emit(header + ' {');
    this.trailing(opened);
    this.depth++;
    let previousEnd: number | undefined;
    for (const setting of stmt.entries) {
      if (previousEnd !== undefined && this.hasBlankLineBetween(previousEnd, this.startWithComments(setting))) this.blankLine();
      this.leading(setting.range.start, previousEnd);
      this.line(setting, setting.key.text + ' ' + setting.values.map(literal).join(', '));
      previousEnd = setting.range.end;
    }
    this.leading(stmt.range.end - 1, previousEnd);
    this.depth--;
    this.emit('}');
    this.trailing(stmt.range.end);
  }

  private route(stmt: A.RouteStmt): void {
    const hosts = stmt.hosts.length > 0 ? ` hosts ${stmt.hosts.map(str).join(', ')}` : '';
    if (stmt.shorthand) {
      const rule = stmt.rules[0]!;
      this.ruleLines(`route${hosts} -> ${action(rule.action!)}`, rule, stmt.range);
      return;
    }
    this.emit(`route${hosts} {`);
    this.trailing(stmt.hosts.length > 0 ? stmt.hosts[stmt.hosts.length - 1]!.range.end : stmt.keyword.end);
    this.depth++;
    let previousEnd: number | undefined;
    for (const rule of stmt.rules) {
      if (previousEnd !== undefined && this.hasBlankLineBetween(previousEnd, this.startWithComments(rule))) this.blankLine();
      this.leading(rule.range.start, previousEnd);
      this.rule(rule);
      previousEnd = rule.range.end;
    }
    this.leading(stmt.range.end - 1, previousEnd);
    this.depth--;
    this.emit('}');
    this.trailing(stmt.range.end);
  }

  private rule(rule: A.Rule): void {
    const target = ' -> ' + action(rule.action!);
    if (rule.otherwise) return this.ruleLines('otherwise' + target, rule, rule.range);
    const clauses = rule.when.map(clause);
    const oneLine = `when ${clauses.join(' or ')}${target}`;
    if (INDENT.length * this.depth + oneLine.length + 2 <= MAX_WIDTH || clauses.length === 1) {
      return this.ruleLines(oneLine, rule, rule.range);
    }
    // Too long: fill lines with clauses, breaking before `or`; continuation lines are indented
    // one level deeper than `when`.
    const headEnd = rule.body.length > 0 ? rule.body[0]!.range.start : rule.range.end;
    this.leading(headEnd, undefined);
    const width = MAX_WIDTH - INDENT.length * this.depth;
    const lines: string[] = [];
    let current = `when ${clauses[0]}`;
    for (let i = 1; i < clauses.length; i++) {
      const piece = ` or ${clauses[i]}`;
      const tail = i === clauses.length - 1 ? target.length + 2 : 0;
      if (current.length + piece.length + tail > width) {
        lines.push(current);
        current = `${INDENT}or ${clauses[i]}`;
      } else current += piece;
    }
    lines.push(current + target + (rule.body.length > 0 ? ' {' : ''));
    for (const line of lines) this.emit(line);
    this.ruleBody(rule, rule.range);
  }

  /** A rule (or route shorthand) whose head is one line, with its optional body. */
  private ruleLines(head: string, rule: A.Rule, range: A.Range): void {
    const headEnd = rule.body.length > 0 ? rule.body[0]!.range.start : range.end;
    this.leading(headEnd, undefined);
    this.emit(head + (rule.body.length > 0 ? ' {' : ''));
    this.ruleBody(rule, range);
  }

  private ruleBody(rule: A.Rule, range: A.Range): void {
    if (rule.body.length === 0) {
      this.trailing(range.end);
      return;
    }
    this.trailing(rule.action!.range.end);
    this.depth++;
    this.statements(rule.body, range);
    this.depth--;
    this.emit('}');
    this.trailing(range.end);
  }
}

// ---- One-line printing --------------------------------------------------------------------------

function str(s: A.Str): string {
  return quoteString(s.value);
}

function literal(l: A.Literal): string {
  switch (l.kind) {
    case 'Ident': return l.text;
    case 'Str': return str(l);
    default: return l.raw;
  }
}

function identOrStr(x: A.Ident | A.Str): string {
  return x.kind === 'Ident' ? x.text : str(x);
}

function names(list: A.Ident[]): string {
  return list.map((n) => n.text).join(', ');
}

function labelMap(map: A.LabelMap | undefined): string {
  if (!map || map.entries.length === 0) return '{}';
  return '{ ' + map.entries.map((e) => `${identOrStr(e.key)}: ${e.value ? literal(e.value) : ''}`).join(', ') + ' }';
}

function target(t: A.Target): string {
  return t.name.text + (t.version ? '.' + t.version.text : '') + (t.port ? ':' + t.port.raw : '') + (t.weight ? ' ' + t.weight.raw : '');
}

function action(a: A.Action): string {
  switch (a.kind) {
    case 'Forward':
      return a.targets.map(target).join(', ');
    case 'Redirect': {
      const parts = ['redirect'];
      if (a.path) parts.push('path', str(a.path));
      if (a.host) parts.push('host', str(a.host));
      if (a.scheme) parts.push('scheme', a.scheme.text);
      if (a.port) parts.push('port', a.port.raw);
      if (a.code) parts.push('code', a.code.raw);
      return parts.join(' ');
    }
    case 'Respond':
      return `respond ${a.status!.raw}${a.body ? ' ' + str(a.body) : ''}`;
  }
}

const opText: Record<A.MatchOp, string> = { exact: '==', prefix: 'prefix', regex: 'regex', present: 'present', absent: 'absent' };

function matchOp(op: A.MatchOp, value: A.Str | undefined): string {
  return opText[op] + (value ? ' ' + str(value) : '');
}

function atom(m: A.MatchAtom): string {
  switch (m.kind) {
    case 'PathMatch': return `path ${matchOp(m.op!, m.value)}`;
    case 'MethodMatch': return `method ${m.method!.text}`;
    case 'HeaderMatch': return `header ${identOrStr(m.name!)} ${matchOp(m.op!, m.value)}`;
    case 'QueryMatch': return `query ${identOrStr(m.name!)} ${matchOp(m.op!, m.value)}`;
    case 'SourceMatch': return `from ${m.namespace ? 'namespace ' : ''}${m.name!.text}`;
    case 'PortMatch': return `port ${m.port!.raw}`;
    case 'SniMatch': return `sni ${str(m.host!)}`;
  }
}

function clause(c: A.MatchClause): string {
  return c.atoms.map(atom).join(' and ');
}

function authz(s: A.AuthzStmt): string {
  const parts: string[] = [s.action];
  if (s.from.length > 0) {
    const sources = s.from.map((f) => {
      switch (f.kind) {
        case 'service': return f.name.text;
        case 'namespace': return `namespace ${f.name!.text}`;
        case 'principal': return `principal ${str(f.value!)}`;
        case 'ip': return `ip ${str(f.value!)}`;
      }
    });
    parts.push('from ' + sources.join(', '));
  }
  const items = s.to.filter((t) => t.kind !== 'port');
  if (items.length > 0) {
    let to = 'to ';
    items.forEach((t, i) => {
      // A path may follow a method without a comma: `to GET "/api/*"`.
      if (i > 0) to += t.kind === 'path' && items[i - 1]!.kind === 'method' ? ' ' : ', ';
      to += t.kind === 'method' ? t.name.text : t.kind === 'path' ? str(t.value) : '';
    });
    parts.push(to);
  }
  const ports = s.to.filter((t): t is Extract<A.AuthzTarget, { kind: 'port' }> => t.kind === 'port');
  if (ports.length > 0) parts.push('on port ' + ports.map((p) => p.port!.raw).join(', '));
  if (s.when.length > 0) {
    parts.push('when ' + s.when.map((w) => `${w.on} ${identOrStr(w.name!)} == ${w.values.map(str).join(', ')}`).join(' and '));
  }
  if (s.dryRun) parts.push('dry-run');
  return parts.join(' ');
}

function printLine(stmt: A.Stmt): string {
  switch (stmt.kind) {
    case 'Namespace': return `namespace ${stmt.name!.text}`;
    case 'Namespaces': return `namespaces ${names(stmt.names)}`;
    case 'TrustDomain': return `trust-domain ${identOrStr(stmt.value!)}`;
    case 'Mtls': return `mtls ${stmt.mode!.text}`;
    case 'Outbound': return `outbound ${stmt.mode!.text}`;
    case 'Access': return `access ${stmt.mode!.text}`;
    case 'Resolution': return `resolution ${stmt.mode!.text}`;
    case 'Location': return `location ${stmt.mode!.text}`;
    case 'Account': return `account ${stmt.name!.text}`;
    case 'Port':
      return `port ${stmt.number!.raw}${stmt.protocol ? ' ' + stmt.protocol.text : ''}${stmt.target ? ' target ' + stmt.target.raw : ''}`;
    case 'Labels': return `labels ${labelMap(stmt.map)}`;
    case 'Selector': return `selector ${labelMap(stmt.map)}`;
    case 'Versions': return `versions ${names(stmt.names)}`;
    case 'Timeout': return `timeout ${stmt.value!.raw}`;
    case 'Retries': {
      if (stmt.off) return 'retries off';
      let s = `retries ${stmt.attempts!.raw}`;
      if (stmt.perTry) s += ` per-try ${stmt.perTry.raw}`;
      if (stmt.on.length > 0) s += ` on ${stmt.on.map(literal).join(', ')}`;
      return s;
    }
    case 'Fault': {
      const parts = ['fault'];
      if (stmt.delay) parts.push('delay', stmt.delay.duration!.raw, ...(stmt.delay.percent ? [stmt.delay.percent.raw] : []));
      if (stmt.abort) parts.push('abort', stmt.abort.status!.raw, ...(stmt.abort.percent ? [stmt.abort.percent.raw] : []));
      return parts.join(' ');
    }
    case 'Mirror': return `mirror ${target(stmt.target!)}`;
    case 'Rewrite':
      return ['rewrite', ...(stmt.path ? ['path', str(stmt.path)] : []), ...(stmt.host ? ['host', str(stmt.host)] : [])].join(' ');
    case 'HeaderSet': return `${stmt.op} ${identOrStr(stmt.name!)} ${str(stmt.value!)}`;
    case 'HeaderRemove': return `remove ${stmt.names.map(identOrStr).join(', ')}`;
    case 'Lb': {
      if (stmt.policy) return `lb ${stmt.policy.text}`;
      const h = stmt.hash!;
      if (h.by === 'source-ip') return 'lb hash source-ip';
      return `lb hash ${h.by} ${identOrStr(h.name!)}${h.ttl ? ' ttl ' + h.ttl.raw : ''}`;
    }
    case 'Tls':
      return `tls ${stmt.mode!.text}${stmt.sni ? ' sni ' + str(stmt.sni) : ''}${stmt.secret ? ' secret ' + str(stmt.secret) : ''}`;
    case 'Authz': return authz(stmt);
    case 'RateLimit':
      return `rate-limit ${stmt.requests!.raw} per ${stmt.per!.raw}${stmt.burst ? ' burst ' + stmt.burst.raw : ''}`;
    case 'Listen': {
      let s = `listen ${stmt.port!.raw}${stmt.protocol ? ' ' + stmt.protocol.text : ''}`;
      if (stmt.hosts.length > 0) s += ` hosts ${stmt.hosts.map(str).join(', ')}`;
      if (stmt.tls) s += ` tls ${stmt.tls.mode!.text}${stmt.tls.secret ? ' secret ' + str(stmt.tls.secret) : ''}`;
      if (stmt.redirectHttps) s += ' redirect-https';
      return s;
    }
    case 'Hosts': return `hosts ${stmt.hosts.map(str).join(', ')}`;
    case 'Addresses': return `addresses ${stmt.values.map(str).join(', ')}`;
    case 'Endpoints': return `endpoints ${stmt.values.map(str).join(', ')}`;
    // Block statements are printed by the Printer; listed for exhaustiveness.
    case 'Version':
    case 'Headers':
    case 'Settings':
    case 'Route':
      return '';
  }
}
