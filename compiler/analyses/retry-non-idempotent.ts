/**
 * M5007 retries-non-idempotent: retries on failures that happen after the request was sent, on a
 * rule that matches `POST` or `PATCH` requests.
 *
 * Envoy retries a request on `5xx`, `gateway-error`, `reset`, a listed status code and the gRPC
 * conditions after the service may have acted on it, so a `POST` that timed out or failed halfway
 * is sent again: a duplicate order, a double payment. Only `connect-failure`, `refused-stream`,
 * `reset-before-request`, `envoy-ratelimited` and `http3-post-connect-failure` are failures
 * before the request reached the service, and are safe for any method. The analysis looks only at
 * rules whose match requires `POST` or `PATCH` (RFC 9110 non-idempotent methods); a catch-all rule
 * serves every method, and flagging every `retries … on 5xx` would drown the real cases.
 *
 * The quick fix, offered when the `retries` statement is the rule's own, keeps only the safe
 * conditions (or puts the three before-the-request ones in their place).
 */
import type * as M from '../check/model.ts';
import { edit, type Analysis, type AnalysisContext } from './context.ts';
import { within } from './context.ts';

const SAFE = new Set(['connect-failure', 'refused-stream', 'reset-before-request', 'envoy-ratelimited', 'http3-post-connect-failure']);
const UNSAFE_METHODS = new Set(['POST', 'PATCH']);

export const retryNonIdempotent: Analysis = {
  name: 'retry-non-idempotent',
  codes: ['M5007'],
  run(ctx) {
    for (const decl of [...ctx.program.services, ...ctx.program.gateways, ...ctx.program.externals]) {
      if (!ctx.isClean(decl)) continue;
      for (const route of decl.routes) for (const rule of route.rules) checkRule(ctx, rule);
    }
  },
};

function checkRule(ctx: AnalysisContext, rule: M.Rule): void {
  const retries = rule.settings.retries;
  if (rule.settings.fault || !retries || retries.attempts === 0) return;
  const method = rule.otherwise
    ? undefined
    : rule.clauses
        .flatMap((c) => c.conditions)
        .find((c): c is Extract<M.Condition, { kind: 'method' }> => c.kind === 'method' && UNSAFE_METHODS.has(c.method));
  if (!method) return;
  const unsafe = retries.retryOn.filter((c) => !SAFE.has(c));
  if (unsafe.length === 0) return;
  const stmt = ctx.stmt(retries.loc, 'Retries');
  const item = stmt?.on.find((o) => !SAFE.has(o.kind === 'Ident' ? o.text : o.raw));
  const at = item ? { file: retries.loc.file, range: item.range } : retries.loc;
  const fixes = [];
  if (stmt && stmt.on.length > 0 && within(retries.loc.range, rule.loc.range)) {
    const kept = retries.retryOn.filter((c) => SAFE.has(c));
    const list = (kept.length > 0 ? kept : ['connect-failure', 'refused-stream', 'reset-before-request']).join(', ');
    fixes.push({
      title: `Retry only failures before the request is sent: \`on ${list}\``,
      edits: [edit(retries.loc.file, { start: stmt.on[0]!.range.start, end: stmt.on[stmt.on.length - 1]!.range.end }, list)],
    });
  }
  ctx.report(
    'M5007',
    at,
    { method: method.method, condition: unsafe.map((c) => `\`${c}\``).join(', ') },
    { related: [ctx.related(method.loc, `this rule matches ${method.method} requests`)], fixes },
  );
}
