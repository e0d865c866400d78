/**
 * M5025 gateway-denied-by-service: a gateway routes to a service whose authorization cannot let
 * the gateway in.
 *
 * Requests through a gateway reach the service from the gateway's proxies, whose identity is the
 * gateway workload's (in Istio, the ingress gateway's service account, usually in
 * `istio-system`), not any service of the program. When every `allow` rule of the service names
 * its callers as services (`allow from productpage`), or the mesh is `access deny-by-default` and
 * the service has no `allow` rule, the service's sidecar denies every request the gateway
 * forwards: users get 403 (RBAC: access denied). This is the classic first step of Istio's
 * authorization task, found at run time. Rules without `from`, or with `from namespace`,
 * `from principal` or `from ip`, may match the gateway, and then nothing is reported.
 */
import type * as M from '../check/model.ts';
import type { Analysis, AnalysisContext } from './context.ts';
import { selectorKey } from './gateway-conflicts.ts';

export const gatewayCallerDenied: Analysis = {
  name: 'gateway-caller-denied',
  codes: ['M5025'],
  run(ctx) {
    const services = new Map(ctx.program.services.map((s) => [s.name, s]));
    for (const gateway of ctx.program.gateways) {
      if (!ctx.isClean(gateway)) continue;
      for (const route of gateway.routes) {
        for (const rule of route.rules) {
          const destinations = rule.action.kind === 'forward' ? rule.action.destinations.filter((d) => d.weight > 0) : [];
          if (rule.settings.mirror && rule.settings.mirror.percent > 0) destinations.push(rule.settings.mirror.destination);
          for (const d of destinations) {
            const service = d.targetKind === 'service' ? services.get(d.target) : undefined;
            if (service && ctx.isClean(service)) check(ctx, gateway, d, service);
          }
        }
      }
    }
  },
};

function check(ctx: AnalysisContext, gateway: M.Gateway, d: M.Destination, service: M.Service): void {
  const allows = service.security.authz.filter((r) => r.action === 'allow' && !r.dryRun);
  let why: string;
  const related = [];
  if (allows.length === 0) {
    if (ctx.program.mesh.access !== 'deny-by-default') return;
    why = `\`${service.name}\` has no \`allow\` rule and the mesh is \`access deny-by-default\`, so it accepts no caller at all`;
    if (ctx.program.mesh.loc) related.push(ctx.related(ctx.program.mesh.loc, 'the mesh denies by default'));
  } else {
    if (!allows.every((r) => r.from.length > 0 && r.from.every((s) => s.kind === 'service'))) return;
    const callers = [...new Set(allows.flatMap((r) => r.from.map((s) => (s.kind === 'service' ? `\`${s.service}\`` : ''))))].sort();
    why = `\`${service.name}\` allows only the ${callers.length === 1 ? 'service' : 'services'} ${callers.join(', ')}, and a gateway is not one of them`;
    for (const r of allows) related.push(ctx.related(r.loc, 'only these callers are allowed'));
  }
  const namespace = selectorKey(gateway.selector) === 'istio=ingressgateway' ? 'istio-system' : gateway.namespace;
  ctx.report('M5025', d.loc, { gateway: gateway.name, service: service.name, why, namespace }, { related });
}
