/**
 * M5001 shadowed-rule: a route rule that can never match, because earlier rules of the same route
 * already match every request it would.
 *
 * Envoy tries a route's rules in order and uses the first that matches (Istio's `http[]` order).
 * A rule after a catch-all (`otherwise`, `path prefix "/"`, `path regex ".*"`), after a broader
 * prefix (`/api` before `/api/v2` or `== "/api/users"`), after a rule with fewer conditions
 * (`header x-user present` before `header x-user == "jason" and method GET`), or after one with
 * the same match, is dead configuration: the requests it was written for go elsewhere (istio#29343;
 * Istio's IST0130/0131 find only duplicates, prefix-in-prefix and a match-less rule not last).
 *
 * Subsumption is per `or` alternative: a rule is unreachable when each of its alternatives is
 * covered by an alternative of some earlier rule (`match.ts`). The diagnostic is on the dead
 * rule's match, with the shadowing rules as related locations. The quick fix moves the dead rule
 * above the first rule that shadows it; when the two match exactly the same requests, moving would
 * only shadow the other one, so the fix removes the dead rule instead.
 */
import type * as M from '../check/model.ts';
import { edit, removalRange, startsLine, type Analysis, type AnalysisContext } from './context.ts';
import { clausesOf, clauseCovers, ruleCovers } from './match.ts';

export const shadowedRule: Analysis = {
  name: 'shadowed-rule',
  codes: ['M5001'],
  run(ctx) {
    for (const decl of [...ctx.program.services, ...ctx.program.gateways, ...ctx.program.externals]) {
      if (!ctx.isClean(decl)) continue;
      for (const route of decl.routes) checkRoute(ctx, route);
    }
  },
};

function checkRoute(ctx: AnalysisContext, route: M.Route): void {
  const rules = route.rules;
  const clauses = rules.map(clausesOf);
  for (let j = 1; j < rules.length; j++) {
    const rule = rules[j]!;
    // For each alternative of the rule, the first earlier rule that covers it.
    const firsts: number[] = [];
    for (const clause of clauses[j]!) {
      let i = 0;
      while (i < j && !clauses[i]!.some((outer) => clauseCovers(outer, clause))) i++;
      if (i === j) break;
      firsts.push(i);
    }
    if (firsts.length < clauses[j]!.length) continue;
    const shadowers = [...new Set(firsts)].sort((a, b) => a - b).map((i) => rules[i]!);
    report(ctx, rule, shadowers);
  }
}

function report(ctx: AnalysisContext, rule: M.Rule, shadowers: M.Rule[]): void {
  const first = shadowers[0]!;
  const identical = shadowers.length === 1 && ruleCovers(rule, first);
  const names = shadowers.map((r) => `\`${ctx.snippet(matchLoc(r), r.otherwise ? 'otherwise' : 'when …', 64)}\``);
  const shadowing =
    shadowers.length === 1 ? `the earlier rule ${names[0]} already matches` : `the earlier rules ${names.join(' and ')} together match`;
  const actions = [...new Set(shadowers.map((r) => `\`-> ${ctx.snippet(r.action.loc, '…', 40)}\``))];
  const advice = identical
    ? 'Both rules match the same requests: remove this one, or change its conditions.'
    : `Move this rule above ${names[0]}, so that it is tried first.`;
  const text = ctx.text(rule.loc.file);
  const fixes = [];
  if (text !== undefined) {
    if (identical) {
      const { start, end } = removalRange(text, rule.loc.range);
      fixes.push({ title: 'Remove this unreachable rule', edits: [edit(rule.loc.file, { start, end }, '')] });
    } else {
      fixes.push({ title: `Move this rule above ${names[0]}`, edits: moveEdits(text, rule.loc.file, rule.loc.range, first.loc.range) });
    }
  }
  ctx.report(
    'M5001',
    matchLoc(rule),
    { shadowing, action: actions.join(' or '), advice },
    {
      related: shadowers.map((r) => ctx.related(matchLoc(r), 'this rule matches those requests first')),
      fixes,
    },
  );
}

/** Where a rule's match is written: `when …` up to its last condition, or the `otherwise` keyword. */
function matchLoc(rule: M.Rule): M.Loc {
  const last = rule.clauses[rule.clauses.length - 1];
  if (rule.otherwise || !last) return { file: rule.loc.file, range: { start: rule.loc.range.start, end: rule.loc.range.start + 'otherwise'.length } };
  return { file: rule.loc.file, range: { start: rule.loc.range.start, end: last.loc.range.end } };
}

/** Edits that move the text at `from` to just before `before` (which comes earlier in the file). */
function moveEdits(text: string, file: string, from: M.Loc['range'], before: M.Loc['range']) {
  const removal = removalRange(text, from);
  const { start, end } = removal;
  if (startsLine(text, before.start) && removal.lines) {
    // Whole lines move: insert them at the start of the line of `before`.
    const lineStart = text.lastIndexOf('\n', before.start - 1) + 1;
    let lines = text.slice(start, end);
    if (!lines.endsWith('\n')) lines += '\n';
    return [edit(file, { start: lineStart, end: lineStart }, lines), edit(file, { start, end }, '')];
  }
  return [edit(file, { start: before.start, end: before.start }, `${text.slice(from.start, from.end)} `), edit(file, { start, end }, '')];
}
