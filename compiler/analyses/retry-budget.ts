/**
 * M5005 retries-exceed-timeout and M5006 per-try-without-timeout: retries that the route timeout
 * cuts short, and per-try timeouts with no route timeout at all.
 *
 * In Envoy the route `timeout` bounds the whole request, retries included, and each try (the
 * first one too) is bounded by the per-try timeout (Istio's `retries.perTryTimeout`). With
 * `attempts` retries there are `attempts + 1` tries, so when `per-try × (attempts + 1)` exceeds
 * the route timeout the last retries never run against a slow service: the caller gets a 504 with
 * response flag UT instead (istio#13167, istio#21137). When the per-try timeout is not shorter than
 * the route timeout, no retry ever follows a timed-out try.
 *
 * A per-try timeout without a route timeout leaves the request without a deadline (Istio turns the
 * route timeout off by default): Envoy's per-try timeout holds only until a response starts, so a
 * stalled response is never cut. Older Istio and Envoy even ignored the per-try timeout of such
 * routes (istio#13167, fixed by envoy#10082). That is information, not a fault: severity info.
 *
 * Rules that inject a fault are left to M5008, since Istio turns their retries and timeout off.
 * The settings may come from the declaration (its defaults for every rule), so the diagnostic is on
 * the `per-try` value of the `retries` statement that applies, with the timeout as related location.
 */
import type * as M from '../check/model.ts';
import { edit, formatDuration, indentAt, startsLine, type Analysis, type AnalysisContext } from './context.ts';

export const retryBudget: Analysis = {
  name: 'retry-budget',
  codes: ['M5005', 'M5006'],
  run(ctx) {
    for (const decl of [...ctx.program.services, ...ctx.program.gateways, ...ctx.program.externals]) {
      if (!ctx.isClean(decl)) continue;
      for (const route of decl.routes) for (const rule of route.rules) checkRule(ctx, rule.settings);
    }
  },
};

function checkRule(ctx: AnalysisContext, s: M.RuleSettings): void {
  const retries = s.retries;
  if (s.fault || !retries || retries.attempts === 0 || retries.perTryTimeoutMs === undefined) return;
  const perTry = retries.perTryTimeoutMs;
  const tries = retries.attempts + 1;
  const budget = perTry * tries;
  if (s.timeoutMs !== undefined && budget <= s.timeoutMs) return;
  // Only now, with something to report: the syntax index is built on first use.
  const stmt = ctx.stmt(retries.loc, 'Retries');
  const at = stmt?.perTry ? { file: retries.loc.file, range: stmt.perTry.range } : retries.loc;
  if (s.timeoutMs === undefined) {
    const fixes = [];
    const text = ctx.text(retries.loc.file);
    if (text !== undefined) {
      const start = retries.loc.range.start;
      const insert = startsLine(text, start) ? `timeout ${formatDuration(budget)}\n${indentAt(text, start)}` : `timeout ${formatDuration(budget)} `;
      fixes.push({ title: `Add \`timeout ${formatDuration(budget)}\``, edits: [edit(retries.loc.file, { start, end: start }, insert)] });
    }
    ctx.report(
      'M5006',
      at,
      { perTry: formatDuration(perTry), retries: plural(retries.attempts, 'retry', 'retries'), budget: formatDuration(budget) },
      { fixes },
    );
    return;
  }
  const timeout = s.timeoutMs;
  const suggested = Math.floor(timeout / tries);
  let detail: string;
  if (perTry >= timeout) {
    detail = `No retry can follow a slow try: a try may take \`per-try ${formatDuration(perTry)}\`, but \`timeout ${formatDuration(timeout)}\` ends the whole request no later than the first try times out, so the ${plural(retries.attempts, 'retry', 'retries')} never run when the service is slow.`;
  } else {
    const fit = Math.floor(timeout / perTry);
    detail = `Only ${fit} of the ${tries} tries fit in the route timeout: ${tries} tries of up to ${formatDuration(perTry)} need ${formatDuration(budget)}, but \`timeout ${formatDuration(timeout)}\` comes first, so the last ${tries - fit === 1 ? 'retry never runs' : `${tries - fit} retries never run`} when the service is slow.`;
  }
  const fix =
    suggested >= 1
      ? `Lower \`per-try\` to ${formatDuration(suggested)} (the timeout over ${tries} tries), or raise \`timeout\` to ${formatDuration(budget)}.`
      : `Raise \`timeout\` to ${formatDuration(budget)}, or use fewer retries.`;
  const fixes =
    suggested >= 1 && stmt?.perTry
      ? [{ title: `Set \`per-try\` to ${formatDuration(suggested)}`, edits: [edit(retries.loc.file, stmt.perTry.range, formatDuration(suggested))] }]
      : [];
  ctx.report('M5005', at, { detail, fix }, { related: s.timeoutLoc ? [ctx.related(s.timeoutLoc, 'the route timeout, which bounds every try')] : [], fixes });
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
