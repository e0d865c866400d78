/**
 * M5026 allow-everyone-overrides: an `allow` rule without any condition next to other `allow`
 * rules of the same service or gateway.
 *
 * An `allow` with no `from`, `to`, `on port` or `when` is Istio's ALLOW rule `{}`, which matches
 * every request; ALLOW rules are alternatives, so beside it the other `allow` rules restrict
 * nothing, and the service is open to every caller (api#2038: `rules: [{}]` allows all). It is
 * usually a rule whose conditions were lost in an edit. A lone `allow` that opens a service on
 * purpose is not reported; meshc's explicit syntax makes the empty policy's other meaning (`{}`
 * denies all) a separate statement, `access deny-by-default`.
 */
import type { Analysis } from './context.ts';

export const allowEveryone: Analysis = {
  name: 'allow-everyone',
  codes: ['M5026'],
  run(ctx) {
    for (const decl of [...ctx.program.services, ...ctx.program.gateways]) {
      if (!ctx.isClean(decl)) continue;
      const allows = decl.security.authz.filter((r) => r.action === 'allow' && !r.dryRun);
      if (allows.length < 2) continue;
      for (const rule of allows) {
        if (rule.from.length > 0 || rule.methods.length > 0 || rule.paths.length > 0 || rule.ports.length > 0 || rule.when.length > 0) continue;
        const others = allows.filter((r) => r !== rule);
        const stmt = ctx.stmt(rule.loc, 'Authz');
        ctx.report(
          'M5026',
          stmt ? { file: rule.loc.file, range: stmt.keyword } : rule.loc,
          { owner: `${decl.kind} \`${decl.name}\``, count: others.length === 1 ? 'the other `allow` rule restricts' : `the other ${others.length} \`allow\` rules restrict` },
          { related: others.map((r) => ctx.related(r.loc, 'this rule restricts nothing beside an `allow` for everyone')) },
        );
      }
    }
  },
};
