/**
 * Stage 5 (Istio): IR → Kubernetes objects of networking.istio.io/v1 and security.istio.io/v1.
 *
 * File layout under `istio/` (one folder per namespace, one file per declaration, so that a review
 * of a service's change reads one file):
 *
 *     istio/<namespace>/namespace.yaml          PeerAuthentication `default` (the namespace's mTLS),
 *                                              AuthorizationPolicy `allow-nothing` (deny-by-default),
 *                                              Sidecar `default` (registry-only outbound)
 *     istio/<namespace>/service-<name>.yaml     VirtualService, DestinationRule, PeerAuthentication,
 *                                              RequestAuthentication, AuthorizationPolicies, EnvoyFilter
 *     istio/<namespace>/gateway-<name>.yaml     Gateway, VirtualServices, security as for services
 *     istio/<namespace>/external-<name>.yaml    ServiceEntry, DestinationRule, VirtualService
 *
 * Object names: the declaration's name, with a suffix where one declaration needs several of a
 * kind (`reviews-allow`, `reviews-deny-dry-run`, `reviews-require-jwt`, `public-2`).
 */
import type * as I from '../../ir/types.ts';
import type { K8sObject, ObjectFile } from '../k8s.ts';
import { destinationRule, gateway, registryOnlySidecar, serviceEntry, virtualService } from './networking.ts';
import { allowNothing, authorizationPolicies, namespacePeerAuthentication, rateLimitFilter, workloadPeerAuthentication } from './security.ts';

export function emitIstio(ir: I.IR): ObjectFile[] {
  const files: ObjectFile[] = [];
  for (const ns of ir.namespaces) {
    const objects: K8sObject[] = [namespacePeerAuthentication(ns)];
    if (ns.denyByDefault) objects.push(allowNothing(ns.name));
    if (ns.registryOnly) objects.push(registryOnlySidecar(ns.name));
    files.push({ path: `istio/${ns.name}/namespace.yaml`, objects });
  }
  for (const s of ir.services) files.push({ path: `istio/${s.namespace}/service-${s.name}.yaml`, objects: serviceObjects(s) });
  for (const g of ir.gateways) files.push({ path: `istio/${g.namespace}/gateway-${g.name}.yaml`, objects: gatewayObjects(g) });
  for (const e of ir.externals) files.push({ path: `istio/${e.namespace}/external-${e.name}.yaml`, objects: externalObjects(e) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function defined<T>(xs: (T | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== undefined);
}

function serviceObjects(s: I.IRService): K8sObject[] {
  return defined([
    virtualService(s.name, s.namespace, [s.host], s.routes),
    destinationRule(s.name, s.namespace, s.host, s.policy, s.subsets),
    s.security.mtlsOverride ? workloadPeerAuthentication(s.name, s.namespace, s.labels, s.security.mtlsOverride) : undefined,
    ...authorizationPolicies(s.name, s.namespace, s.labels, s.security),
    s.security.rateLimit ? rateLimitFilter(s.name, s.namespace, s.labels, s.security.rateLimit, 'SIDECAR_INBOUND') : undefined,
  ]);
}

function gatewayObjects(g: I.IRGateway): K8sObject[] {
  // Route tables are ordered by their hosts, so that names (`public`, `public-2`) do not depend on
  // declaration order.
  const routes = [...g.routes].sort((a, b) => (a.hosts.join(',') < b.hosts.join(',') ? -1 : a.hosts.join(',') > b.hosts.join(',') ? 1 : 0));
  return defined([
    gateway(g),
    ...routes.map((r, i) => virtualService(i === 0 ? g.name : `${g.name}-${i + 1}`, g.namespace, r.hosts, r.routes, [g.name])),
    ...authorizationPolicies(g.name, g.namespace, g.selector, g.security),
    g.security.rateLimit ? rateLimitFilter(g.name, g.namespace, g.selector, g.security.rateLimit, 'GATEWAY') : undefined,
  ]);
}

function externalObjects(e: I.IRExternal): K8sObject[] {
  return defined([
    serviceEntry(e),
    destinationRule(e.name, e.namespace, e.hosts[0]!, e.policy, []),
    virtualService(e.name, e.namespace, e.hosts, e.routes),
  ]);
}
