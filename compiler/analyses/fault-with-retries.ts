/**
 * M5008 fault-disables-retries: a rule that injects a fault and also has a timeout or retries.
 *
 * Istio's VirtualService reference: "timeouts or retries will not be enabled when faults are
 * enabled on the client side". A route with `fault` gets neither its `timeout` nor its `retries`,
 * silently (istio#20928), so the requests it matches can hang past the timeout you read, or fail
 * without the retries you expect. The settings may be the declaration's defaults: a service with
 * `timeout 2s` and one rule with `fault delay 7s` has a rule whose callers wait 7s. The diagnostic
 * is on the `fault`, with the timeout and retries it switches off as related locations.
 */
import type * as M from '../check/model.ts';
import { list, type Analysis, type AnalysisContext } from './context.ts';

export const faultWithRetries: Analysis = {
  name: 'fault-with-retries',
  codes: ['M5008'],
  run(ctx) {
    for (const decl of [...ctx.program.services, ...ctx.program.gateways, ...ctx.program.externals]) {
      if (!ctx.isClean(decl)) continue;
      for (const route of decl.routes) for (const rule of route.rules) checkRule(ctx, rule.settings);
    }
  },
};

function checkRule(ctx: AnalysisContext, s: M.RuleSettings): void {
  if (!s.fault) return;
  const off: string[] = [];
  const related = [];
  if (s.timeoutMs !== undefined && s.timeoutLoc) {
    off.push(`\`${ctx.snippet(s.timeoutLoc, 'timeout')}\``);
    related.push(ctx.related(s.timeoutLoc, 'this timeout does not apply to the rule with the fault'));
  }
  if (s.retries && s.retries.attempts > 0) {
    off.push(`\`${ctx.snippet(s.retries.loc, 'retries')}\``);
    related.push(ctx.related(s.retries.loc, 'these retries do not apply to the rule with the fault'));
  }
  if (off.length === 0) return;
  ctx.report('M5008', s.fault.loc, { settings: list(off), verb: off.length === 1 ? 'does' : 'do' }, { related });
}
