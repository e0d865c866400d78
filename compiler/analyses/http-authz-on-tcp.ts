/**
 * M5013 http-deny-on-tcp and M5014 http-allow-on-tcp: authorization that depends on HTTP (methods,
 * paths, headers, JWT claims, a required token) applied to a TCP port.
 *
 * On a TCP port Envoy sees connections, not requests, so Istio cannot evaluate HTTP-only fields
 * there (istio#24845; the "TCP Traffic" authorization task). It handles them in the direction that
 * fails closed: a DENY rule loses its HTTP conditions and denies every TCP connection it still
 * matches (by caller and port); an ALLOW rule is ignored for TCP, so the TCP port admits nobody
 * that another rule does not allow. `require jwt` is a deny of requests without a token, and TCP
 * connections carry no token. Istio warns about this only in the admission webhook.
 *
 * A rule applies to the ports it names with `on port`, or else to every port of the service (the
 * listener ports of a gateway). `tcp`, `tls`, `mongo`, `mysql` and `redis` ports are TCP for this
 * purpose; `http`, `http2`, `grpc` (and a gateway's `https`) are HTTP. The quick fix adds
 * `on port` with the HTTP ports, when there are any and the rule names no ports yet.
 */
import type * as M from '../check/model.ts';
import type * as A from '../syntax/ast.ts';
import { edit, list, type Analysis, type AnalysisContext } from './context.ts';

const HTTP = new Set<M.Protocol>(['http', 'http2', 'grpc', 'https']);

interface PortInfo {
  number: number;
  protocol: M.Protocol;
  loc: M.Loc;
}

export const httpAuthzOnTcp: Analysis = {
  name: 'http-authz-on-tcp',
  codes: ['M5013', 'M5014'],
  run(ctx) {
    for (const decl of [...ctx.program.services, ...ctx.program.gateways]) {
      if (!ctx.isClean(decl)) continue;
      const ports: PortInfo[] = decl.kind === 'service' ? decl.ports : decl.listeners.map((l) => ({ number: l.port, protocol: l.protocol, loc: l.loc }));
      const tcp = ports.filter((p) => !HTTP.has(p.protocol));
      if (tcp.length === 0) continue;
      const http = ports.filter((p) => HTTP.has(p.protocol)).map((p) => p.number);
      for (const rule of decl.security.authz) checkRule(ctx, decl, rule, tcp, http);
      const jwt = decl.security.jwt[0];
      if (jwt) {
        const shown = portList(tcp);
        ctx.report(
          'M5013',
          { file: jwt.loc.file, range: ctx.stmt(jwt.loc, 'Settings')?.keyword ?? jwt.loc.range },
          {
            detail: `${shown.text} of \`${decl.name}\` ${shown.verb} TCP, where connections carry no token: the JWT requirement denies every TCP connection to ${shown.them}.`,
            fix: `Give the TCP ${tcp.length === 1 ? 'port' : 'ports'} a service of ${tcp.length === 1 ? 'its' : 'their'} own, or drop \`require jwt\`.`,
          },
          { related: tcp.map((p) => ctx.related(p.loc, `port ${p.number} is ${p.protocol}`)) },
        );
      }
    }
  },
};

function portList(ports: PortInfo[]): { text: string; verb: string; them: string } {
  const numbers = ports.map((p) => String(p.number));
  return ports.length === 1
    ? { text: `Port ${numbers[0]}`, verb: 'is', them: `port ${numbers[0]}` }
    : { text: `Ports ${list(numbers)}`, verb: 'are', them: `ports ${list(numbers)}` };
}

function checkRule(ctx: AnalysisContext, decl: M.Service | M.Gateway, rule: M.AuthzRule, tcp: PortInfo[], http: number[]): void {
  if (rule.action === 'audit') return;
  const applies = rule.ports.length > 0 ? tcp.filter((p) => rule.ports.includes(p.number)) : tcp;
  if (applies.length === 0) return;
  const fields: string[] = [];
  if (rule.methods.length > 0) fields.push('methods');
  if (rule.paths.length > 0) fields.push('paths');
  if (rule.when.some((w) => w.on === 'header')) fields.push('headers');
  if (rule.when.some((w) => w.on === 'claim')) fields.push('JWT claims');
  if (fields.length === 0) return;
  const stmt = ctx.stmt(rule.loc, 'Authz');
  const first = stmt?.to.find((t) => t.kind !== 'port')?.range ?? stmt?.when[0]?.range;
  const at = first ? { file: rule.loc.file, range: first } : rule.loc;
  const shown = portList(applies);
  const who = rule.from.length > 0 ? ` from ${ctx.snippet(ctx.spanOf(rule.from.map((f) => f.loc)), '…')}` : '';
  const tcpRule = `${rule.action}${who} on port ${applies.map((p) => p.number).join(', ')}`;
  const fixes = [];
  let fix: string;
  if (rule.ports.length === 0 && http.length > 0 && stmt) {
    const onPort = `on port ${http.join(', ')}`;
    fix = `Add \`${onPort}\` to keep this rule to the HTTP ${http.length === 1 ? 'port' : 'ports'}`;
    fixes.push({ title: `Add \`${onPort}\``, edits: [edit(rule.loc.file, insertionPoint(stmt), ` ${onPort}`)] });
  } else {
    fix = `Keep HTTP conditions to HTTP ports, and write the rule for the TCP ${applies.length === 1 ? 'port' : 'ports'} with callers and ports only (\`${tcpRule}\`)`;
  }
  const related = applies.map((p) => ctx.related(p.loc, `port ${p.number} is ${p.protocol}`));
  if (rule.action === 'deny') {
    ctx.report(
      'M5013',
      at,
      {
        detail: `${shown.text} of \`${decl.name}\` ${shown.verb} TCP, where Istio cannot see ${list(fields)}: it drops them from this \`deny\`, which then denies every TCP connection${who} to ${shown.them}.`,
        fix: `${fix}.`,
      },
      { related, fixes },
    );
  } else {
    ctx.report(
      'M5014',
      at,
      {
        ports: shown.text,
        verb: shown.verb,
        name: decl.name,
        fields: list(fields),
        who,
        them: shown.them,
        fix: fixes.length > 0 ? `${fix}, and allow the TCP ${applies.length === 1 ? 'port' : 'ports'} with a rule of its own (\`${tcpRule}\`).` : `${fix}.`,
      },
      { related, fixes },
    );
  }
}

/** Where `on port …` goes in an authorization statement: after `to …`, `from …` or the keyword. */
function insertionPoint(stmt: A.AuthzStmt): M.Loc['range'] {
  const to = stmt.to.filter((t) => t.kind !== 'port');
  const end = to.length > 0 ? to[to.length - 1]!.range.end : stmt.from.length > 0 ? stmt.from[stmt.from.length - 1]!.range.end : stmt.keyword.end;
  return { start: end, end };
}
