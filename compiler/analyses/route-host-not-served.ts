/**
 * M5017 route-host-not-served: a gateway `route hosts "H"` where no `listen` of the gateway serves
 * host H.
 *
 * meshc compiles a gateway's route to a VirtualService bound to the gateway; Istio applies it only
 * to the hosts the Gateway's servers accept (IST0132, VirtualServiceHostNotFoundInGateway), so a
 * route host that no listener serves gets no traffic: clients asking for it get 404 (NR) from the
 * listener that does answer (istio#26746). Hosts are compared as Istio does, wildcards included
 * (`*.example.com` serves `api.example.com`; `*` serves every host).
 */
import { hostCovers } from './match.ts';
import { list, type Analysis } from './context.ts';

export const routeHostNotServed: Analysis = {
  name: 'route-host-not-served',
  codes: ['M5017'],
  run(ctx) {
    for (const gateway of ctx.program.gateways) {
      if (!ctx.isClean(gateway) || gateway.listeners.length === 0) continue;
      const served = [...new Set(gateway.listeners.flatMap((l) => l.hosts))].sort();
      for (const route of gateway.routes) {
        for (const host of route.hosts) {
          if (served.some((s) => hostCovers(s, host) || hostCovers(host, s))) continue;
          const node = ctx.stmt(route.loc, 'Route')?.hosts.find((h) => h.value === host);
          ctx.report(
            'M5017',
            node ? { file: route.loc.file, range: node.range } : route.loc,
            { host, gateway: gateway.name, served: list(served.map((h) => `\`${h}\``)) },
            { related: gateway.listeners.map((l) => ctx.related(l.loc, `serves ${list(l.hosts.map((h) => `\`${h}\``))}`)) },
          );
        }
      }
    }
  },
};
