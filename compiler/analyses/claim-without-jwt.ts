/**
 * M5012 claim-without-jwt: an `allow`, `deny` or `audit` rule with `when claim …` on a service or
 * gateway that does not `require jwt`.
 *
 * Claims come from a token that a RequestAuthentication validated; without one, Envoy's
 * `request.auth.claims` is empty and a claim condition never holds (anchors §2, "JWT-claim match …
 * without RA"; Istio's IST0149 looks only at routes). An `allow` with a claim then lets no one in
 * (403), and a `deny` with a claim stops no one. meshc compiles `require jwt` to the
 * RequestAuthentication and to the policy that refuses requests without a token, so the
 * other half of this mistake, a token rule that does not make the token required (istio#43982),
 * cannot be written.
 */
import type * as M from '../check/model.ts';
import type { Analysis, AnalysisContext } from './context.ts';

const EFFECT: Record<M.AuthzRule['action'], string> = {
  allow: 'This `allow` therefore lets no one in: the requests it was written for get 403 (RBAC: access denied).',
  deny: 'This `deny` therefore stops no one.',
  audit: 'This `audit` therefore logs nothing.',
};

export const claimWithoutJwt: Analysis = {
  name: 'claim-without-jwt',
  codes: ['M5012'],
  run(ctx) {
    for (const decl of [...ctx.program.services, ...ctx.program.gateways]) {
      if (!ctx.isClean(decl) || decl.security.jwt.length > 0) continue;
      for (const rule of decl.security.authz) check(ctx, decl, rule);
    }
  },
};

function check(ctx: AnalysisContext, decl: M.Service | M.Gateway, rule: M.AuthzRule): void {
  const claim = rule.when.find((w) => w.on === 'claim');
  if (!claim) return;
  ctx.report('M5012', claim.loc, { claim: claim.name, owner: `${decl.kind} \`${decl.name}\``, name: decl.name, effect: EFFECT[rule.action] });
}
