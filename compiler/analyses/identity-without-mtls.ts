/**
 * M5009 deny-identity-without-mtls and M5010 allow-identity-without-mtls: `allow` or `deny` rules
 * that name callers by identity (`from SERVICE`, `from namespace`, `from principal`) on a service
 * whose mTLS is `permissive` or `disable`.
 *
 * Istio learns who called from the caller's mTLS certificate. A plaintext request (accepted under
 * PERMISSIVE, the only kind under DISABLE) carries no identity, so identity conditions never match
 * it. For a DENY rule that is an open door: a caller that is denied by name gets through by
 * sending plaintext (anchors §2, "Identity fields without STRICT mTLS"; Istio's security
 * best practices). For an ALLOW rule it is a surprise 403 (`RBAC: access denied`) for every
 * plaintext caller, and with mTLS disabled the rule never matches at all. Istio reports neither.
 *
 * The deny case is an error and the allow case a warning. The diagnostic is on the first identity
 * source of the rule, with the `mtls` statement that weakens mTLS as related location.
 */
import type * as M from '../check/model.ts';
import type { Analysis, AnalysisContext } from './context.ts';

export const identityWithoutMtls: Analysis = {
  name: 'identity-without-mtls',
  codes: ['M5009', 'M5010'],
  run(ctx) {
    for (const service of ctx.program.services) {
      if (!ctx.isClean(service) || service.security.mtls === 'strict') continue;
      for (const rule of service.security.authz) check(ctx, service, rule);
    }
  },
};

function check(ctx: AnalysisContext, service: M.Service, rule: M.AuthzRule): void {
  if (rule.action === 'audit') return;
  const source = rule.from.find((s) => s.kind !== 'ip');
  if (!source) return;
  const mode = service.security.mtls;
  const where = service.security.mtlsLoc ?? ctx.meshMtls();
  const adjective = mode === 'permissive' ? 'permissive' : 'disabled';
  const related = where ? [ctx.related(where, service.security.mtlsLoc ? `mTLS is ${adjective} for \`${service.name}\` here` : `mTLS is ${adjective} for the whole mesh here`)] : [];
  const who = `from ${ctx.snippet(source.loc, '…')}`;
  const accepted = mode === 'permissive' ? `\`${service.name}\` also accepts plaintext (mTLS is permissive)` : `mTLS is disabled for \`${service.name}\``;
  if (rule.action === 'deny') {
    ctx.report('M5009', source.loc, { service: service.name, who, accepted }, { related });
  } else {
    const effect =
      mode === 'permissive'
        ? 'plaintext requests from those callers carry no identity, so Envoy denies them (403, RBAC: access denied)'
        : 'no request carries an identity, so this rule never matches and Envoy denies these callers (403, RBAC: access denied)';
    ctx.report('M5010', source.loc, { service: service.name, who, accepted, effect }, { related });
  }
}
