/**
 * M5020 tcp-external-port-clash, M5021 external-protocol-conflict and M5022
 * duplicate-external-host: externals (Istio ServiceEntries) that collide.
 *
 * M5020: a TCP external without `addresses` has nothing to tell its connections apart by (no
 * address, no Host header, no SNI), so Istio gives it the wildcard listener `0.0.0.0:PORT` of
 * every sidecar. A second claimant of that listener (another address-less TCP external, or any
 * HTTP port with the same number, which also listens on `0.0.0.0:PORT`) conflicts with it: Istio
 * keeps one and connections meant for the other go to the wrong place or fail (istio#11741,
 * istio#6695, istio#35242; IST0134). `tls` and `https` ports are told apart by SNI and are exempt.
 *
 * M5021: the same host and port declared by two externals (or an external and a service's own
 * host) with different protocols: Istio keeps one protocol per host and port (IST0177), so the
 * other is proxied with the wrong one (an HTTP proxy on a TCP stream: 502 with flag UPE).
 *
 * M5022: the same host declared by two externals that both carry routes or both carry a traffic
 * policy: meshc would write two VirtualServices or two DestinationRules for one host, and Istio
 * applies only one of each, silently (anchors §2: "Two VSs for one host", "Several DRs for one
 * host"). meshc's own services cannot collide this way: each has one route and one policy.
 */
import type * as M from '../check/model.ts';
import { declarations, type Analysis, type AnalysisContext } from './context.ts';

const TCP = new Set<M.Protocol>(['tcp', 'mongo', 'mysql', 'redis']);
const HTTP = new Set<M.Protocol>(['http', 'http2', 'grpc']);

export const externals: Analysis = {
  name: 'externals',
  codes: ['M5020', 'M5021', 'M5022'],
  run(ctx) {
    portClash(ctx);
    hostConflicts(ctx);
  },
};

function describe(decl: M.Service | M.External): string {
  return `${decl.kind} \`${decl.name}\``;
}

function portClash(ctx: AnalysisContext): void {
  // Every claimant of 0.0.0.0:PORT, in name order.
  const claimants = new Map<number, { decl: M.Service | M.External; port: M.Port }[]>();
  for (const decl of [...ctx.program.services, ...ctx.program.externals].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!ctx.isClean(decl)) continue;
    for (const port of decl.ports) {
      const wildcardTcp = decl.kind === 'external' && decl.addresses.length === 0 && TCP.has(port.protocol);
      if (!wildcardTcp && !HTTP.has(port.protocol)) continue;
      if (!claimants.has(port.number)) claimants.set(port.number, []);
      claimants.get(port.number)!.push({ decl, port });
    }
  }
  for (const [number, list] of claimants) {
    for (const { decl, port } of list) {
      if (decl.kind !== 'external' || decl.addresses.length > 0 || !TCP.has(port.protocol)) continue;
      // Prefer another address-less TCP external as the other party, the classic clash.
      const others = list.filter((c) => c.decl !== decl);
      const other = others.find((c) => c.decl.kind === 'external' && c.decl.addresses.length === 0 && TCP.has(c.port.protocol)) ?? others[0];
      if (!other) continue;
      ctx.report(
        'M5020',
        port.loc,
        { name: decl.name, port: number, protocol: port.protocol, other: describe(other.decl), otherProtocol: other.port.protocol },
        { related: [ctx.related(other.port.loc, `${describe(other.decl)} also needs 0.0.0.0:${number}`)] },
      );
    }
  }
}

function hostConflicts(ctx: AnalysisContext): void {
  // The hosts each declaration answers for: an external's `hosts`, a service's own name.
  const byHost = new Map<string, (M.Service | M.External)[]>();
  for (const decl of declarations(ctx.program)) {
    if (decl.kind === 'gateway' || !ctx.isClean(decl)) continue;
    const hosts = decl.kind === 'external' ? decl.hosts : [`${decl.name}.${decl.namespace}.svc.cluster.local`];
    for (const host of hosts) {
      if (!byHost.has(host)) byHost.set(host, []);
      byHost.get(host)!.push(decl);
    }
  }
  for (const [host, decls] of byHost) {
    if (decls.length < 2) continue;
    for (let j = 1; j < decls.length; j++) {
      const later = decls[j]!;
      if (later.kind !== 'external') continue;
      for (let i = 0; i < j; i++) {
        const earlier = decls[i]!;
        if (protocolConflict(ctx, host, earlier, later)) break;
        if (earlier.kind === 'external' && duplicate(ctx, host, earlier, later)) break;
      }
    }
  }
}

function protocolConflict(ctx: AnalysisContext, host: string, earlier: M.Service | M.External, later: M.External): boolean {
  for (const port of later.ports) {
    const other = earlier.ports.find((p) => p.number === port.number && p.protocol !== port.protocol);
    if (!other) continue;
    ctx.report(
      'M5021',
      port.loc,
      { host, port: port.number, protocol: port.protocol, other: describe(earlier), otherProtocol: other.protocol },
      { related: [ctx.related(other.loc, `${describe(earlier)} declares port ${port.number} as \`${other.protocol}\``)] },
    );
    return true;
  }
  return false;
}

function duplicate(ctx: AnalysisContext, host: string, earlier: M.External, later: M.External): boolean {
  const routes = earlier.routes.length > 0 && later.routes.length > 0;
  const policies = hasPolicy(earlier.policy) && hasPolicy(later.policy);
  if (!routes && !policies) return false;
  const what = routes && policies ? 'a route and a traffic policy' : routes ? 'a route' : 'a traffic policy';
  const resources = routes && policies ? 'two VirtualServices and two DestinationRules' : routes ? 'two VirtualServices' : 'two DestinationRules';
  ctx.report(
    'M5022',
    later.nameLoc,
    { host, name: later.name, other: earlier.name, what, resources, one: routes && policies ? 'one of each' : 'one of them' },
    { related: [ctx.related(earlier.nameLoc, `external \`${earlier.name}\` also declares \`${host}\``)] },
  );
  return true;
}

function hasPolicy(policy: M.TrafficPolicy): boolean {
  return policy.lb !== undefined || policy.pool !== undefined || policy.outlier !== undefined || policy.tls !== undefined;
}
