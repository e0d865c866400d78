/**
 * M5004 unreachable-version: a declared version that no rule, split or mirror sends traffic to.
 *
 * Once a service has a `route`, that route decides where every request to the service goes
 * inside the mesh (Istio's VirtualService): workloads of a version it never names get no requests,
 * though their DestinationRule subset and Envoy cluster exist. That is the state before a canary
 * starts, and also what a forgotten version or a split that lost a destination looks like, so it
 * is a hint. A version is reached when any declaration routes or mirrors to it (`reviews.v2`,
 * with a weight above 0), or routes to the service without a version (`-> reviews` from a gateway
 * or from the service's own route reaches every workload). A service without a route reaches all
 * its workloads, so its versions are never reported; nor are they when all traffic goes to one
 * version (`route -> v1`), which says plainly that the others wait. What is left is the
 * suspicious case: a split or a set of rules that names some versions and forgets one.
 *
 * Runs only on programs without errors: a route dropped for an error would make versions look
 * unreachable.
 */
import type * as M from '../check/model.ts';
import { declarations, type Analysis } from './context.ts';

export const unreachableVersion: Analysis = {
  name: 'unreachable-version',
  codes: ['M5004'],
  run(ctx) {
    if (!ctx.programClean) return;
    const reached = new Map<string, Set<string>>();
    const everything = new Set<string>();
    const zeroOnly = new Map<string, Set<string>>();
    const record = (d: M.Destination, share: number): void => {
      if (d.targetKind !== 'service') return;
      if (share <= 0) {
        if (d.version !== undefined) {
          if (!zeroOnly.has(d.target)) zeroOnly.set(d.target, new Set());
          zeroOnly.get(d.target)!.add(d.version);
        }
        return;
      }
      if (d.version === undefined) everything.add(d.target);
      else {
        if (!reached.has(d.target)) reached.set(d.target, new Set());
        reached.get(d.target)!.add(d.version);
      }
    };
    for (const decl of declarations(ctx.program)) {
      for (const route of decl.routes) {
        for (const rule of route.rules) {
          if (rule.action.kind === 'forward') for (const d of rule.action.destinations) record(d, d.weight);
          const mirror = rule.settings.mirror;
          if (mirror) record(mirror.destination, mirror.percent);
        }
      }
    }
    for (const service of ctx.program.services) {
      const route = service.routes.find((r) => r.rules.length > 0);
      // Traffic pinned to one version (`route -> v1`, or every rule to `v2`) is the deliberate first
      // and last state of a traffic shift (Istio's `virtual-service-all-v1`): the others wait.
      if (!route || everything.has(service.name) || (reached.get(service.name)?.size ?? 0) <= 1) continue;
      for (const version of service.versions) {
        if (reached.get(service.name)?.has(version.name)) continue;
        const stmt = ctx.stmt(version.loc, 'Version');
        const at = stmt?.name ? { file: version.loc.file, range: stmt.name.range } : version.loc;
        const zero = zeroOnly.get(service.name)?.has(version.name) ? ' (it is named only with a 0% weight)' : '';
        ctx.report(
          'M5004',
          at,
          { version: version.name, service: service.name, zero },
          { related: [ctx.related({ file: route.loc.file, range: { start: route.loc.range.start, end: route.loc.range.start + 'route'.length } }, `this route decides where requests to \`${service.name}\` go`)] },
        );
      }
    }
  },
};

