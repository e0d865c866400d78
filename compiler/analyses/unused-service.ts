/**
 * M5023 unused-service: a service that nothing in the program reaches or calls.
 *
 * A service that no gateway or route sends traffic to, that no rule names as a caller, and that
 * declares neither a route nor an `allow` rule of its own is either gone from the cluster or called
 * by workloads the program does not describe. meshc cannot tell which (a sidecar may call any
 * service by name), so this is a hint, and it is given only in programs that describe their
 * traffic: ones with a gateway or with `allow from SERVICE` rules. Declaring who calls a service
 * (`allow from web`) both silences it and closes the service to everyone else.
 *
 * Runs only on programs without errors: a reference dropped for an error would make a service look
 * unused.
 */
import { declarations, type Analysis } from './context.ts';

export const unusedService: Analysis = {
  name: 'unused-service',
  codes: ['M5023'],
  run(ctx) {
    if (!ctx.programClean) return;
    const program = ctx.program;
    const describesTraffic =
      program.gateways.length > 0 || program.services.some((s) => s.security.authz.some((r) => r.from.some((f) => f.kind === 'service')));
    if (!describesTraffic) return;
    const used = new Set<string>();
    for (const decl of declarations(program)) {
      for (const route of decl.routes) {
        for (const rule of route.rules) {
          if (rule.action.kind === 'forward') for (const d of rule.action.destinations) if (d.target !== decl.name) used.add(d.target);
          const mirror = rule.settings.mirror;
          if (mirror && mirror.destination.target !== decl.name) used.add(mirror.destination.target);
          for (const clause of rule.clauses) for (const c of clause.conditions) if (c.kind === 'source-service') used.add(c.service);
        }
      }
      if (decl.kind !== 'external') for (const r of decl.security.authz) for (const f of r.from) if (f.kind === 'service') used.add(f.service);
    }
    for (const service of program.services) {
      if (used.has(service.name)) continue;
      if (service.routes.some((r) => r.rules.length > 0) || service.security.authz.length > 0) continue;
      ctx.report('M5023', service.nameLoc, { name: service.name });
    }
  },
};
