/**
 * Stage 5 (Envoy): IR → Envoy v3 configuration, per proxy, as Istio would program it.
 *
 * File layout under `envoy/` (each xDS file is one DiscoveryResponse of one resource type, the form
 * Envoy's file-based xDS and control planes read; one folder per namespace, a few files per proxy):
 *
 *     envoy/outbound/listeners.yaml        what every sidecar sends: `virtualOutbound` and a
 *     envoy/outbound/routes.yaml           listener per port (`0.0.0.0_9080`), route configurations
 *     envoy/outbound/clusters.yaml         named by port (`9080`) with virtual hosts `host:port`,
 *     envoy/outbound/endpoints.yaml        clusters `outbound|PORT|SUBSET|FQDN`, declared endpoints
 *     envoy/<ns>/sidecar-<name>.bootstrap.yaml   a Bootstrap: the sidecar's inbound listener and
 *                                                clusters as static_resources; outbound over ADS
 *     envoy/<ns>/sidecar-<name>.listeners.yaml   `virtualInbound` (and, for a sidecar that a `from`
 *     envoy/<ns>/sidecar-<name>.routes.yaml      condition singles out, its own outbound listeners
 *     envoy/<ns>/sidecar-<name>.clusters.yaml    and routes, which replace those of `outbound/`)
 *     envoy/<ns>/gateway-<name>.bootstrap.yaml   a Bootstrap: listeners, routes and the clusters
 *     envoy/<ns>/gateway-<name>.{listeners,routes,clusters,endpoints}.yaml   they use, all static
 *
 * Endpoints of services are known only at run time: their clusters are EDS over ADS.
 *
 * What Envoy cannot express is a diagnostic of this target (M61xx), never a silent omission.
 */
import type { Diagnostic } from '../../diagnostics/types.ts';
import { message } from '../../diagnostics/registry.ts';
import type * as I from '../../ir/types.ts';
import { sharedValue } from '../../emit/plain-yaml.ts';
import { dnsTlsCluster, externalClusters, inboundClusterOf, mergedPolicy, originalDestinationCluster, serviceClusters } from './clusters.ts';
import {
  ADS_SOURCE, HTTP2_OPTIONS, SDS_CLUSTER, TYPES, XDS_CLUSTER, any, byString, inboundCluster, isHttp, isTcp, meshTlsContext, outboundCluster,
  prune, sdsSecret, socketAddress, type Json,
} from './common.ts';
import { httpFilters, networkRbacFilters, type NeededCluster, type Workload } from './filters.ts';
import { httpRoutes, sourceApplies, streamRule, tcpProxy, type Caller, type Registry, type RouteContext } from './routes.ts';

export type { Json } from './common.ts';

/** One output file: a Bootstrap, or a DiscoveryResponse holding resources of one type. */
export type EnvoyFile =
  | { path: string; kind: 'bootstrap'; document: Json }
  | { path: string; kind: 'xds'; document: { type_url: string; resources: Json[] } };

export interface EnvoyOutput {
  files: EnvoyFile[];
  diagnostics: Diagnostic[];
}

const HCM_NAME = 'envoy.filters.network.http_connection_manager';

export function emitEnvoy(ir: I.IR): EnvoyOutput {
  return new EnvoyBackend(ir).emit();
}

interface HttpEntry {
  host: string;
  rules: I.IRHttpRule[];
  fallback: string;
}
interface StreamEntry {
  hosts: string[];
  rules: I.IRStreamRule[];
  addresses: string[];
  loc: I.IRPort['loc'];
  owner: string;
  port?: I.IRPort;
  /** Client TLS towards it, and its identity under mesh mTLS. */
  tls?: I.IRPolicy['tls'];
  principal?: string;
}
interface PortUse {
  http: HttpEntry[];
  tcp: StreamEntry[];
  tls: StreamEntry[];
  owners: { owner: string; family: string; loc: I.IRPort['loc'] }[];
}

/** Resources of one proxy, before they are put into files. */
interface Resources {
  listeners: Json[];
  routes: Json[];
  clusters: Json[];
  endpoints: Json[];
}

class EnvoyBackend {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly registry: Registry = { ports: new Map(), policies: new Map() };
  private readonly byPort = new Map<number, PortUse>();
  /** Every mesh cluster by name, in xDS form, for gateways to pick from. */
  private readonly clusters = new Map<string, Json>();
  private readonly bootstrapClusters = new Map<string, Json>();
  private readonly endpoints: Json[] = [];
  private readonly namespaces: Map<string, I.IRNamespace>;

  constructor(private readonly ir: I.IR) {
    this.namespaces = new Map(ir.namespaces.map((n) => [n.name, n]));
    for (const s of ir.services) {
      this.registry.ports.set(s.host, s.ports);
      this.registry.policies.set(s.host, { policy: s.policy, subsets: new Map(s.subsets.map((x) => [x.name, mergedPolicy(s.policy, x.policy)])) });
      for (const c of serviceClusters(s, ir.trustDomain)) {
        this.clusters.set(c.name as string, c);
        this.bootstrapClusters.set(c.name as string, c);
      }
      const principal = `${ir.trustDomain}/ns/${s.namespace}/sa/${s.account}`;
      for (const p of s.ports) this.use(p, s.name, [s.host], s.routes, [], s.policy.tls, principal);
    }
    for (const e of ir.externals) {
      // Two declarations of one host (M5022 warns about it): the first, in namespace and name
      // order, is the one the output keeps, as for Istio, where one of them wins.
      for (const h of e.hosts) {
        if (this.registry.ports.has(h)) continue;
        this.registry.ports.set(h, e.ports);
        this.registry.policies.set(h, { policy: e.policy, subsets: new Map() });
      }
      const xds = externalClusters(e, 'xds');
      for (const c of xds.clusters) if (!this.clusters.has(c.name as string)) this.clusters.set(c.name as string, c);
      for (const c of externalClusters(e, 'bootstrap').clusters) if (!this.bootstrapClusters.has(c.name as string)) this.bootstrapClusters.set(c.name as string, c);
      for (const a of xds.endpoints) if (!this.endpoints.some((x) => x.cluster_name === a.cluster_name)) this.endpoints.push(a);
      for (const p of e.ports) this.use(p, e.name, e.hosts, e.routes, e.addresses, e.policy.tls, undefined);
    }
    this.checkPorts();
    for (const w of [...ir.services, ...ir.gateways]) {
      for (const j of w.security.jwt) {
        if (j.jwks !== undefined || j.jwksUri !== undefined) continue;
        this.diagnostics.push({ code: 'M6104', severity: 'error', file: j.loc.file, range: j.loc.range, message: message('M6104', { issuer: `\`${j.issuer}\`` }) });
      }
    }
  }

  private use(port: I.IRPort, owner: string, hosts: string[], routes: I.IRRoutes, addresses: string[], tls: I.IRPolicy['tls'], principal: string | undefined): void {
    let use = this.byPort.get(port.number);
    if (!use) {
      use = { http: [], tcp: [], tls: [], owners: [] };
      this.byPort.set(port.number, use);
    }
    const family = isHttp(port.protocol) ? 'http' : isTcp(port.protocol) ? 'tcp' : 'tls';
    use.owners.push({ owner, family, loc: port.loc });
    if (family === 'http') {
      for (const host of hosts) use.http.push({ host, rules: routes.http, fallback: outboundCluster(port.number, undefined, host) });
    } else {
      use[family].push({ hosts, rules: routes[family], addresses, loc: port.loc, owner, port, tls, principal });
    }
  }

  /**
   * TCP services that share a port and declare no addresses cannot be told apart by an Envoy
   * listener: their connections go on to the address the client dialled (see
   * `originalDestinationCluster`), which reaches the right service. Their TCP route rules cannot
   * apply there (M6103, a warning: the traffic still flows), and if they need different client
   * TLS, nothing can be written (M6101).
   */
  private checkPorts(): void {
    for (const [port, use] of [...this.byPort].sort((a, b) => a[0] - b[0])) {
      const shared = use.tcp.filter((e) => e.addresses.length === 0);
      if (shared.length < 2) continue;
      const names = (list: StreamEntry[]) => list.map((e) => `\`${e.owner}\``).join(', ');
      if (new Set(shared.map((e) => JSON.stringify(e.tls ?? null))).size > 1) {
        const at = shared[shared.length - 1]!;
        if (at.loc) this.diagnostics.push({ code: 'M6101', severity: 'error', file: at.loc.file, range: at.loc.range, message: message('M6101', { names: names(shared), port: String(port) }) });
        continue;
      }
      const name = outboundCluster(port, undefined, 'original-destination');
      const cluster = originalDestinationCluster(name, shared[0]!.port!, shared[0]!.tls, shared.flatMap((e) => (e.principal ? [e.principal] : [])).sort());
      this.clusters.set(name, cluster);
      this.bootstrapClusters.set(name, cluster);
      for (const e of shared) {
        const rule = e.rules[0];
        if (!rule) continue;
        this.diagnostics.push({
          code: 'M6103',
          severity: 'warning',
          file: rule.loc.file,
          range: rule.loc.range,
          message: message('M6103', { name: `\`${e.owner}\``, port: String(port), others: String(shared.length - 1) }),
        });
      }
    }
  }

  emit(): EnvoyOutput {
    const files: EnvoyFile[] = [];
    const mesh = this.outbound(undefined);
    const meshClusters = [...this.clusters.values(), passthrough(), blackHole()].sort(byString((c) => c.name as string));
    files.push(...xdsFiles('envoy/outbound/', { ...mesh, clusters: meshClusters, endpoints: [...this.endpoints].sort(byString((e) => e.cluster_name as string)) }));
    for (const s of this.ir.services) files.push(...this.sidecar(s));
    for (const g of this.ir.gateways) files.push(...this.gateway(g));
    if (this.diagnostics.some((d) => d.severity === 'error')) return { files: [], diagnostics: this.diagnostics };
    return { files: files.sort(byString((f) => f.path)), diagnostics: this.diagnostics };
  }

  private context(caller: Caller | undefined, port: number | undefined): RouteContext {
    return { registry: this.registry, caller, port, diagnostics: this.diagnostics };
  }

  // ---- Outbound (what a sidecar sends) ----------------------------------------------------------

  /** Every match of a service's or external's rules with a `from` condition. */
  private sourceMatches: I.IRMatch[] | undefined;

  /** Whether a `from` condition anywhere singles out `caller`, so that it needs its own outbound. */
  private singledOut(caller: Caller): boolean {
    if (!this.sourceMatches) {
      this.sourceMatches = [];
      for (const r of [...this.ir.services.map((s) => s.routes), ...this.ir.externals.map((e) => e.routes)]) {
        for (const rule of [...r.http, ...r.tcp, ...r.tls]) {
          for (const m of rule.matches) if (m.sourceLabels !== undefined || m.sourceNamespace !== undefined) this.sourceMatches.push(m);
        }
      }
    }
    return this.sourceMatches.some((m) => sourceApplies(m, caller));
  }

  /** Outbound listeners (RDS form) and route configurations, for one caller or any caller. */
  private outbound(caller: Caller | undefined): { listeners: Json[]; routes: Json[] } {
    const registryOnly = this.ir.namespaces.some((n) => n.registryOnly);
    const listeners: Json[] = [
      {
        name: 'virtualOutbound',
        address: socketAddress('0.0.0.0', 15001),
        traffic_direction: 'OUTBOUND',
        use_original_dst: true,
        filter_chains: [{ name: 'virtualOutbound-catchall-tcp', filters: [tcpProxyTo(registryOnly ? 'BlackHoleCluster' : 'PassthroughCluster')] }],
      },
    ];
    const routes: Json[] = [];
    for (const [port, use] of [...this.byPort].sort((a, b) => a[0] - b[0])) {
      const ctx = this.context(caller, port);
      const base = { name: `0.0.0.0_${port}`, address: socketAddress('0.0.0.0', port), traffic_direction: 'OUTBOUND', bind_to_port: false };
      const hasHttp = use.http.length > 0;
      const hasTls = use.tls.length > 0;
      const hasTcp = use.tcp.length > 0;
      const listenerFilters: Json[] = [];
      if (hasTls) listenerFilters.push(tlsInspector());
      // Several protocols on one port: TLS is told by its handshake, HTTP by sniffing its first
      // bytes (Istio's protocol detection), and plain TCP is what is left.
      if (hasHttp && (hasTls || hasTcp)) listenerFilters.push({ name: 'envoy.filters.listener.http_inspector', typed_config: any(TYPES.httpInspector) });
      const chains: Json[] = [];
      if (hasTls) {
        for (const chain of sniChains(use.tls, port, ctx)) {
          if (hasHttp || hasTcp) (chain.filter_chain_match as Json).transport_protocol = 'tls';
          chains.push(chain);
        }
      }
      if (hasHttp) {
        const vhosts = uniqueBy(use.http, (e) => e.host)
          .map((e) => ({ name: `${e.host}:${port}`, domains: [e.host, `${e.host}:${port}`], routes: httpRoutes(e.rules, e.fallback, ctx) }))
          .sort(byString((v) => v.name));
        routes.push({ name: String(port), virtual_hosts: vhosts, validate_clusters: false });
        chains.push(
          prune({
            filter_chain_match: hasTls || hasTcp ? { application_protocols: ['http/1.1', 'h2c'] } : undefined,
            filters: [hcm(`outbound_0.0.0.0_${port}`, { rds: String(port) }, httpFilters(undefined, { fault: true, cors: true }, []))],
          }),
        );
      }
      if (hasTcp) chains.push(...this.tcpChains(use.tcp, port, ctx));
      listeners.push(prune({ ...base, listener_filters: listenerFilters, filter_chains: chains }));
    }
    return { listeners, routes };
  }

  /** TCP filter chains: by declared addresses, then one for the rest (see `checkPorts`). */
  private tcpChains(entries: StreamEntry[], port: number, ctx: RouteContext): Json[] {
    const chains: Json[] = [];
    const proxyOf = (e: StreamEntry): Json => {
      const rule = streamRule(e.rules, ctx);
      return rule ? tcpProxy(`outbound|${port}||${e.hosts[0]}`, rule.destinations, ctx) : tcpProxyTo(outboundCluster(port, undefined, e.hosts[0]!));
    };
    for (const e of entries.filter((x) => x.addresses.length > 0)) chains.push({ filter_chain_match: { prefix_ranges: e.addresses.map(cidrRange) }, filters: [proxyOf(e)] });
    const rest = entries.filter((x) => x.addresses.length === 0);
    if (rest.length === 1) chains.push({ filters: [proxyOf(rest[0]!)] });
    else if (rest.length > 1) chains.push({ filters: [tcpProxyTo(outboundCluster(port, undefined, 'original-destination'))] });
    return chains;
  }

  // ---- Sidecars ---------------------------------------------------------------------------------

  private sidecar(s: I.IRService): EnvoyFile[] {
    const ns = this.namespaces.get(s.namespace)!;
    const w: Workload = { name: s.name, namespace: s.namespace, security: s.security, denyByDefault: ns.denyByDefault };
    const mode = s.security.mtlsOverride ?? ns.mtls;
    const needed: NeededCluster[] = [];
    const chains: Json[] = [];
    const clusters: Json[] = [];
    for (const port of s.ports) {
      const target = port.targetPort ?? port.number;
      const name = inboundCluster(target);
      clusters.push(inboundClusterOf(name, port));
      const filters = isHttp(port.protocol)
        ? [hcm(`inbound_0.0.0.0_${target}`, { inline: inboundRoutes(name, target) }, httpFilters(w, { fault: false, cors: false }, needed))]
        : [...networkRbacFilters(w), tcpProxyTo(name)];
      if (mode !== 'disable') {
        chains.push({
          name: `${name}-mtls`,
          filter_chain_match: { destination_port: target, transport_protocol: 'tls' },
          transport_socket: inboundMtls(),
          filters,
        });
      }
      if (mode !== 'strict') chains.push({ name: `${name}-plaintext`, filter_chain_match: { destination_port: target, transport_protocol: 'raw_buffer' }, filters });
    }
    for (const n of needed) clusters.push(dnsTlsCluster(n.name, n.host, n.port, n.tls));
    const inbound: Json = {
      name: 'virtualInbound',
      address: socketAddress('0.0.0.0', 15006),
      traffic_direction: 'INBOUND',
      listener_filters: [{ name: 'envoy.filters.listener.original_dst', typed_config: any(TYPES.originalDst) }, tlsInspector()],
      filter_chains: chains,
    };
    const caller: Caller = { labels: s.labels, namespace: s.namespace };
    const own = this.singledOut(caller) ? this.outbound(caller) : { listeners: [], routes: [] };
    const prefix = `envoy/${s.namespace}/sidecar-${s.name}.`;
    const bootstrap: Json = {
      node: { id: `sidecar~0.0.0.0~${s.name}.${s.namespace}~${s.namespace}.svc.cluster.local`, cluster: `${s.name}.${s.namespace}` },
      static_resources: { listeners: [inbound], clusters: [...clusters, ...agentClusters()] },
      dynamic_resources: { ads_config: adsConfig(), lds_config: ADS_SOURCE, cds_config: ADS_SOURCE },
      admin: { address: socketAddress('127.0.0.1', 15000) },
    };
    return [
      { path: `${prefix}bootstrap.yaml`, kind: 'bootstrap', document: bootstrap },
      ...xdsFiles(prefix, { listeners: [inbound, ...own.listeners], routes: own.routes, clusters, endpoints: [] }),
    ];
  }

  // ---- Gateways ---------------------------------------------------------------------------------

  private gateway(g: I.IRGateway): EnvoyFile[] {
    const ns = this.namespaces.get(g.namespace)!;
    const w: Workload = { name: g.name, namespace: g.namespace, security: g.security, denyByDefault: ns.denyByDefault };
    const caller: Caller = { labels: g.selector, namespace: g.namespace };
    const ctx = this.context(caller, undefined);
    const tables = [...g.routes].sort(byString((r) => r.hosts.join(',')));
    const needed: NeededCluster[] = [];
    const listeners: Json[] = [];
    const inlineListeners: Json[] = [];
    const routes: Json[] = [];
    for (const l of g.listeners) {
      const serving = tables.filter((t) => l.hosts.includes('*') || t.hosts.includes('*') || t.hosts.some((h) => l.hosts.includes(h)));
      const base = { name: `0.0.0.0_${l.port}`, address: socketAddress('0.0.0.0', l.port), traffic_direction: 'OUTBOUND' };
      if (isHttp(l.protocol) && l.tls?.mode !== 'passthrough') {
        const name = l.tls ? `https.${l.port}.${l.name}.${g.name}.${g.namespace}` : `http.${l.port}`;
        const config = { name, virtual_hosts: gatewayVirtualHosts(l, serving, ctx), validate_clusters: false };
        routes.push(config);
        const filters = httpFilters(w, { fault: true, cors: true }, needed);
        const chain = (routeSpec: { rds: string } | { inline: Json }) =>
          prune({
            filter_chain_match: l.tls && !l.hosts.includes('*') ? { server_names: l.hosts } : undefined,
            transport_socket: l.tls ? downstreamTls(l) : undefined,
            filters: [hcm(`outbound_0.0.0.0_${l.port}`, routeSpec, filters)],
          });
        listeners.push({ ...base, filter_chains: [chain({ rds: name })] });
        inlineListeners.push({ ...base, filter_chains: [chain({ inline: config })] });
      } else if (l.tls?.mode === 'passthrough') {
        const entries: StreamEntry[] = serving.map((t) => ({ hosts: t.hosts, rules: t.routes.tls, addresses: [], loc: undefined, owner: g.name }));
        const chains = sniChains(entries, l.port, ctx, true);
        if (chains.length === 0) continue;
        const listener = { ...base, listener_filters: [tlsInspector()], filter_chains: chains };
        listeners.push(listener);
        inlineListeners.push(listener);
      } else {
        const rule = serving.map((t) => streamRule(t.routes.tcp, ctx)).find((r) => r !== undefined);
        if (!rule) continue;
        const listener = { ...base, filter_chains: [prune({ transport_socket: l.tls ? downstreamTls(l) : undefined, filters: [tcpProxy(`outbound_0.0.0.0_${l.port}`, rule.destinations, ctx)] })] };
        listeners.push(listener);
        inlineListeners.push(listener);
      }
    }
    // The clusters this gateway's routes name, all of them static: a gateway needs no CDS.
    const used = new Set<string>();
    collectClusters(listeners, used);
    collectClusters(routes, used);
    const xdsClusters: Json[] = [];
    const staticClusters: Json[] = [];
    for (const name of [...used].sort()) {
      const c = this.clusters.get(name);
      const b = this.bootstrapClusters.get(name);
      if (c) xdsClusters.push(c);
      if (b) staticClusters.push(b);
    }
    for (const n of needed) {
      const c = dnsTlsCluster(n.name, n.host, n.port, n.tls);
      xdsClusters.push(c);
      staticClusters.push(c);
    }
    const endpoints = this.endpoints.filter((e) => used.has(e.cluster_name as string));
    const prefix = `envoy/${g.namespace}/gateway-${g.name}.`;
    const bootstrap: Json = {
      node: { id: `router~0.0.0.0~${g.name}.${g.namespace}~${g.namespace}.svc.cluster.local`, cluster: `${g.name}.${g.namespace}` },
      static_resources: { listeners: inlineListeners, clusters: [...staticClusters, ...agentClusters()] },
      dynamic_resources: { ads_config: adsConfig() },
      admin: { address: socketAddress('127.0.0.1', 15000) },
    };
    return [
      { path: `${prefix}bootstrap.yaml`, kind: 'bootstrap', document: bootstrap },
      ...xdsFiles(prefix, { listeners, routes, clusters: xdsClusters, endpoints }),
    ];
  }
}

// ---- Builders -----------------------------------------------------------------------------------

function hcm(statPrefix: string, routes: { rds: string } | { inline: Json }, httpFilters: Json[]): Json {
  const config: Json = { stat_prefix: statPrefix };
  if ('rds' in routes) config.rds = { route_config_name: routes.rds, config_source: ADS_SOURCE };
  else config.route_config = routes.inline;
  config.http_filters = httpFilters;
  return { name: HCM_NAME, typed_config: any(TYPES.hcm, config) };
}

function inboundRoutes(cluster: string, port: number): Json {
  return {
    name: cluster,
    virtual_hosts: [{ name: `inbound|http|${port}`, domains: ['*'], routes: [{ name: 'default', match: { prefix: '/' }, route: { cluster, timeout: '0s' } }] }],
    validate_clusters: false,
  };
}

function gatewayVirtualHosts(l: I.IRListener, tables: I.IRGatewayRoute[], ctx: RouteContext): Json[] {
  const vhosts: Json[] = [];
  const taken = new Set<string>();
  for (const t of tables) {
    for (const host of t.hosts) {
      if (!l.hosts.includes('*') && host !== '*' && !l.hosts.includes(host)) continue;
      const domains = host === '*' ? ['*'] : [host, `${host}:${l.port}`];
      if (domains.some((d) => taken.has(d))) continue;
      for (const d of domains) taken.add(d);
      const vh: Json = { name: `${host}:${l.port}`, domains, routes: httpRoutes(t.routes.http, undefined, ctx) };
      if (l.redirectHttps) vh.require_tls = 'ALL';
      vhosts.push(vh);
    }
  }
  return vhosts.sort(byString((v) => v.name as string));
}

/** Filter chains chosen by SNI: each TLS rule's `sni` names (first rule wins), else the hosts. */
function sniChains(entries: StreamEntry[], port: number, ctx: RouteContext, gateway = false): Json[] {
  const chains: Json[] = [];
  const taken = new Set<string>();
  const chain = (names: string[], proxy: Json) => {
    const fresh = [...new Set(names)].filter((n) => !taken.has(n));
    if (fresh.length === 0) return;
    for (const n of fresh) taken.add(n);
    chains.push({ filter_chain_match: { server_names: fresh }, filters: [proxy] });
  };
  for (const e of entries) {
    for (const rule of e.rules) {
      const matches = rule.matches.filter((m) => sourceApplies(m, ctx.caller) && (m.port === undefined || m.port === port));
      for (const m of matches) chain(m.sniHosts, tcpProxy(`outbound|${port}||${m.sniHosts[0]}`, rule.destinations, ctx));
    }
    if (!gateway) chain(e.hosts, tcpProxyTo(outboundCluster(port, undefined, e.hosts[0]!)));
  }
  return chains;
}

/** The transport socket of an inbound mTLS filter chain: the same for every sidecar. */
let inboundSocket: Json | undefined;
function inboundMtls(): Json {
  inboundSocket ??= sharedValue({
    name: 'envoy.transport_sockets.tls',
    typed_config: any(TYPES.downstreamTls, { common_tls_context: meshTlsContext(undefined), require_client_certificate: true }),
  });
  return inboundSocket;
}

function uniqueBy<T>(items: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((x) => !seen.has(key(x)) && (seen.add(key(x)), true));
}

function tcpProxyTo(cluster: string): Json {
  return { name: 'envoy.filters.network.tcp_proxy', typed_config: any(TYPES.tcpProxy, { stat_prefix: cluster, cluster }) };
}

function tlsInspector(): Json {
  return { name: 'envoy.filters.listener.tls_inspector', typed_config: any(TYPES.tlsInspector) };
}

function downstreamTls(l: I.IRListener): Json {
  const mutual = l.tls?.mode === 'mutual';
  const context = prune({
    alpn_protocols: isHttp(l.protocol) ? ['h2', 'http/1.1'] : undefined,
    tls_certificate_sds_secret_configs: [sdsSecret(`kubernetes://${l.tls!.secret}`)],
    validation_context_sds_secret_config: mutual ? sdsSecret(`kubernetes://${l.tls!.secret}-cacert`) : undefined,
  });
  return { name: 'envoy.transport_sockets.tls', typed_config: any(TYPES.downstreamTls, prune({ common_tls_context: context, require_client_certificate: mutual || undefined })) };
}

function cidrRange(block: string): Json {
  const [address, length] = block.split('/');
  return { address_prefix: address, prefix_len: length !== undefined ? Number(length) : address!.includes(':') ? 128 : 32 };
}

function passthrough(): Json {
  return { name: 'PassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED' };
}

function blackHole(): Json {
  return { name: 'BlackHoleCluster', type: 'STATIC', connect_timeout: '10s' };
}

function adsConfig(): Json {
  return { api_type: 'GRPC', transport_api_version: 'V3', grpc_services: [{ envoy_grpc: { cluster_name: XDS_CLUSTER } }] };
}

/** The clusters of Istio's node agent: the control plane's ADS stream and the SDS socket. */
let agent: Json[] | undefined;
function agentClusters(): Json[] {
  agent ??= makeAgentClusters().map((c) => sharedValue(c));
  return agent;
}

function makeAgentClusters(): Json[] {
  const pipe = (name: string, path: string): Json => ({
    name,
    type: 'STATIC',
    connect_timeout: '1s',
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { pipe: { path } } } }] }] },
    typed_extension_protocol_options: { [TYPES.httpProtocolOptions]: any(TYPES.httpProtocolOptions, HTTP2_OPTIONS) },
  });
  return [pipe(SDS_CLUSTER, './var/run/secrets/workload-spiffe-uds/socket'), pipe(XDS_CLUSTER, './etc/istio/proxy/XDS')];
}

function collectClusters(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectClusters(v, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const o = value as Json;
  if (typeof o.cluster === 'string') out.add(o.cluster);
  if (typeof o.name === 'string' && typeof o.weight === 'number') out.add(o.name);
  for (const v of Object.values(o)) if (typeof v === 'object') collectClusters(v, out);
}

const TYPE_URL = (t: string) => `type.googleapis.com/${t}`;

/** `prefix`: a folder (`envoy/outbound/`) or a proxy's file name prefix (`envoy/shop/sidecar-reviews.`). */
function xdsFiles(prefix: string, r: Resources): EnvoyFile[] {
  const out: EnvoyFile[] = [];
  const add = (file: string, type: string, resources: Json[]) => {
    if (resources.length === 0) return;
    out.push({ path: `${prefix}${file}`, kind: 'xds', document: { type_url: TYPE_URL(type), resources: resources.map((x) => any(type, x)) } });
  };
  add('listeners.yaml', TYPES.listener, r.listeners);
  add('routes.yaml', TYPES.route, r.routes);
  add('clusters.yaml', TYPES.cluster, r.clusters);
  add('endpoints.yaml', TYPES.endpoint, r.endpoints);
  return out;
}
