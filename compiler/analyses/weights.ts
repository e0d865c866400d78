/**
 * M5002 split-not-100-percent and M5003 zero-weight-destination: the weights of a traffic split.
 *
 * Istio's weights are relative: a VirtualService's `route[].weight` values are renormalised by
 * their total, and destinations with weight 0 are left out of Envoy's `weighted_clusters`
 * (istio#36069). So `-> v1 30%, v2 30%` quietly becomes 50/50, `-> v1 90%, v2 20%` becomes 82/18,
 * and a single destination gets everything whatever its weight. Istio itself only rejects a total
 * of 0. meshc writes weights as percentages, so a split that does not total 100% is an error: the
 * split you read must be the split you get. A 0% destination is a warning: it is legal (a canary
 * waiting for traffic) but it receives nothing, which is worth seeing.
 *
 * Weights are compared in millionths of a percent, the unit the backends write.
 */
import type * as M from '../check/model.ts';
import type { TextEdit } from '../diagnostics/types.ts';
import { edit, formatPercent, list, type Analysis, type AnalysisContext } from './context.ts';

const UNIT = 10_000;

export const weights: Analysis = {
  name: 'weights',
  codes: ['M5002', 'M5003'],
  run(ctx) {
    for (const decl of [...ctx.program.services, ...ctx.program.gateways, ...ctx.program.externals]) {
      if (!ctx.isClean(decl)) continue;
      for (const route of decl.routes) {
        for (const rule of route.rules) if (rule.action.kind === 'forward') checkSplit(ctx, rule.action);
      }
    }
  },
};

function units(percent: number): number {
  return Math.round(percent * UNIT);
}

function name(ctx: AnalysisContext, d: M.Destination): string {
  const target = ctx.target(d.loc);
  if (target) return ctx.snippet({ file: d.loc.file, range: { start: target.name.range.start, end: (target.port ?? target.version ?? target.name).range.end } }, d.target);
  return d.version ?? d.target;
}

function checkSplit(ctx: AnalysisContext, action: Extract<M.Action, { kind: 'forward' }>): void {
  const destinations = action.destinations;
  const total = destinations.reduce((sum, d) => sum + units(d.weight), 0);
  if (total !== 100 * UNIT) {
    reportTotal(ctx, action, total);
    return;
  }
  if (destinations.length < 2) return;
  for (const d of destinations) {
    if (d.weight !== 0) continue;
    const fixes = [{ title: `Remove \`${name(ctx, d)}\` from the split`, edits: [removeFromList(d, destinations)] }];
    ctx.report('M5003', d.loc, { name: name(ctx, d) }, { fixes });
  }
}

function reportTotal(ctx: AnalysisContext, action: Extract<M.Action, { kind: 'forward' }>, total: number): void {
  const destinations = action.destinations;
  const shown = formatPercent(total / UNIT);
  if (destinations.length === 1) {
    const d = destinations[0]!;
    const target = ctx.target(d.loc);
    const fixes =
      target?.weight !== undefined
        ? [{ title: 'Remove the weight', edits: [edit(d.loc.file, { start: (target.port ?? target.version ?? target.name).range.end, end: target.weight.range.end }, '')] }]
        : [];
    ctx.report(
      'M5002',
      target?.weight ? { file: d.loc.file, range: target.weight.range } : d.loc,
      {
        total: shown,
        effect: `a single destination gets all the traffic, so Istio ignores the weight and \`${name(ctx, d)}\` gets 100%`,
        fix: 'Remove the weight, or add the destinations that should share the traffic.',
      },
      { fixes },
    );
    return;
  }
  const effect =
    total === 0
      ? 'Istio rejects a route whose weights are all 0 ("total destination weight = 0"), so the VirtualService is not applied'
      : `Istio renormalises the weights by their total, so this actually sends ${list(
          destinations.filter((d) => d.weight > 0).map((d) => `${formatPercent(Math.round((units(d.weight) / total) * 100 * 100) / 100)} to \`${name(ctx, d)}\``),
        )}`;
  // The fix changes one weight, the last one that can absorb the difference and stay above 0.
  let fixes: { title: string; edits: TextEdit[] }[] = [];
  for (let i = destinations.length - 1; i >= 0; i--) {
    const d = destinations[i]!;
    const others = total - units(d.weight);
    const wanted = 100 * UNIT - others;
    const target = ctx.target(d.loc);
    if (wanted > 0 && wanted <= 100 * UNIT && target?.weight) {
      const value = formatPercent(wanted / UNIT);
      fixes = [{ title: `Set \`${name(ctx, d)}\` to ${value}, so that the split totals 100%`, edits: [edit(d.loc.file, target.weight.range, value)] }];
      break;
    }
  }
  ctx.report('M5002', action.loc, { total: shown, effect, fix: 'Make the weights add up to 100%.' }, { fixes });
}

/** An edit that removes destination `d` and its comma from the list. */
function removeFromList(d: M.Destination, all: M.Destination[]): TextEdit {
  const i = all.indexOf(d);
  if (i < all.length - 1) {
    // `v1 0%, v2 100%`: remove up to the next destination.
    return edit(d.loc.file, { start: d.loc.range.start, end: all[i + 1]!.loc.range.start }, '');
  }
  // The last one: remove from the end of the previous destination.
  return edit(d.loc.file, { start: all[i - 1]!.loc.range.end, end: d.loc.range.end }, '');
}
