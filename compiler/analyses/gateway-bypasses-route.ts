/**
 * M5019 gateway-bypasses-route: a gateway forwards to a service without naming a version, while the
 * service's own route sends its traffic to particular versions.
 *
 * A service's `route` compiles to a VirtualService for the mesh (`gateways` omitted): it applies
 * to requests from sidecars, not to requests that arrive through a gateway, which follow the
 * gateway's VirtualService only. So `-> reviews` from a gateway reaches every workload of
 * `reviews`, round robin across all versions, while mesh traffic follows the canary split: the
 * canary is "only in the mesh", or v3 gets public traffic before anyone tested it (IST0140,
 * IngressRouteRulesNotAffected; anchors §2). Reported when the service has two or more versions
 * and its route names one of them.
 *
 * When the service's route is one unconditional rule that splits over its own versions, the quick
 * fix writes the same split in the gateway's rule.
 */
import type * as M from '../check/model.ts';
import { edit, formatPercent, list, type Analysis, type AnalysisContext } from './context.ts';

export const gatewayBypassesRoute: Analysis = {
  name: 'gateway-bypasses-route',
  codes: ['M5019'],
  run(ctx) {
    const services = new Map(ctx.program.services.map((s) => [s.name, s]));
    for (const gateway of ctx.program.gateways) {
      if (!ctx.isClean(gateway)) continue;
      for (const route of gateway.routes) {
        for (const rule of route.rules) {
          if (rule.action.kind !== 'forward') continue;
          for (const d of rule.action.destinations) {
            const service = d.targetKind === 'service' && d.version === undefined ? services.get(d.target) : undefined;
            if (service && ctx.isClean(service)) check(ctx, gateway, rule.action, d, service);
          }
        }
      }
    }
  },
};

function check(ctx: AnalysisContext, gateway: M.Gateway, action: Extract<M.Action, { kind: 'forward' }>, d: M.Destination, service: M.Service): void {
  if (service.versions.length < 2) return;
  const route = service.routes.find((r) => r.rules.length > 0);
  if (!route) return;
  const used = new Set<string>();
  for (const rule of route.rules) {
    if (rule.action.kind !== 'forward') continue;
    for (const x of rule.action.destinations) if (x.target === service.name && x.version !== undefined && x.weight > 0) used.add(x.version);
  }
  if (used.size === 0) return;
  const versions = service.versions.map((v) => v.name);
  const fixes = [];
  const only = route.rules.length === 1 ? route.rules[0]! : undefined;
  if (only && only.otherwise && only.action.kind === 'forward' && action.destinations.length === 1) {
    const split = only.action.destinations;
    if (split.every((x) => x.target === service.name && x.version !== undefined)) {
      const port = d.port !== undefined ? `:${d.port}` : '';
      const text = split.map((x) => `${service.name}.${x.version}${port}${split.length > 1 ? ` ${formatPercent(x.weight)}` : ''}`).join(', ');
      fixes.push({ title: `Route to \`${text}\`, as \`${service.name}\`'s own route does`, edits: [edit(d.loc.file, d.loc.range, text)] });
    }
  }
  ctx.report(
    'M5019',
    d.loc,
    {
      gateway: gateway.name,
      service: service.name,
      versions: list(versions),
      example: `${service.name}.${[...used].sort()[0]}${d.port !== undefined ? `:${d.port}` : ''}`,
    },
    { related: [ctx.related({ file: route.loc.file, range: { start: route.loc.range.start, end: route.loc.range.start + 'route'.length } }, `this route applies only to traffic inside the mesh`)], fixes },
  );
}
