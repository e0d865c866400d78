/**
 * M5024 unknown-principal: `from principal "…"` naming an identity that no declared service has,
 * or one in another trust domain.
 *
 * Istio identities are `TRUST-DOMAIN/ns/NAMESPACE/sa/ACCOUNT`. A principal in another trust domain
 * never matches a workload of this mesh (unless the mesh configures trust-domain aliases, which
 * meshc does not see), and one whose namespace and account belong to no declared service is
 * often a stale or misspelt account: renamed accounts leave such policies behind, letting no one
 * in (`allow`) or stopping no one (`deny`). `from SERVICE` is written from the service's
 * declaration and cannot go stale, so the message suggests it when a service is close. Workloads
 * outside the program (a CronJob, a monitoring agent) have such principals legitimately, hence
 * a hint. Principals with `*` are patterns and are not checked.
 */
import { closest } from '../util/suggest.ts';
import { principalOf } from '../check/security.ts';
import type { Analysis } from './context.ts';

export const unknownPrincipal: Analysis = {
  name: 'unknown-principal',
  codes: ['M5024'],
  run(ctx) {
    const mesh = ctx.program.mesh;
    const known = new Map(ctx.program.services.map((s) => [principalOf(mesh, s), s.name]));
    for (const decl of [...ctx.program.services, ...ctx.program.gateways]) {
      if (!ctx.isClean(decl)) continue;
      for (const rule of decl.security.authz) {
        for (const source of rule.from) {
          if (source.kind !== 'principal' || source.principal.includes('*')) continue;
          const m = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(source.principal);
          if (!m || known.has(source.principal)) continue;
          const [, domain, namespace, account] = m as unknown as [string, string, string, string];
          let detail: string;
          let hint = '';
          if (domain !== mesh.trustDomain) {
            detail = `is in trust domain \`${domain}\`, but the workloads of this mesh have identities in \`${mesh.trustDomain}\``;
          } else {
            const accounts = new Map(ctx.program.services.map((s) => [`${s.namespace}/${s.account}`, s.name]));
            const suggestion = closest(`${namespace}/${account}`, [...accounts.keys()]);
            const service = suggestion ? accounts.get(suggestion) : undefined;
            detail = `names account \`${account}\` in namespace \`${namespace}\`, which no service of the program runs as`;
            if (service) hint = ` Did you mean \`from ${service}\`?`;
          }
          const effect = rule.action === 'deny' ? 'this `deny` stops no one' : rule.action === 'allow' ? 'this `allow` lets no one in' : 'this `audit` logs nothing';
          ctx.report('M5024', source.loc, { principal: source.principal, detail, effect, hint });
        }
      }
    }
  },
};
