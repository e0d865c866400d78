/**
 * What the xDS end-to-end test changes in meshc's output before gRPC consumes it, and why; and
 * what it does not serve at all because gRPC's xDS client cannot consume it. The test prints
 * this list, so nothing is skipped silently. Listener *wrappers* are the harness's to adapt;
 * RouteConfigurations, Clusters and the RBAC and fault contents are served as compiled.
 */
export const ADAPTATIONS = {
  /** Changes to what is served. */
  changes: [
    {
      what: 'client Listener: an `api_listener` named after the target (`reviews.default.svc.cluster.local:9080`) wraps the compiled HTTP connection manager of `0.0.0.0_9080` (its RDS reference and HTTP filters unchanged)',
      why: 'a sidecar Listener (address and filter chains) is for Envoy; a proxyless gRPC client looks its target up as an LDS resource with an api_listener',
    },
    {
      what: 'the `envoy.filters.http.cors` HTTP filter is marked `is_optional: true`',
      why: 'gRPC clients implement only the fault and router filters and NACK any other non-optional filter; CORS concerns browsers, not gRPC',
    },
    {
      what: 'server Listener: the compiled inbound plaintext filter chain of `orders` (RBAC and router filters unchanged) under the name and address gRPC watches (`grpc/server?xds.resource.listening_address=127.0.0.1:PORT`), without `listener_filters`',
      why: 'an xDS-enabled gRPC server looks up a Listener by that template and its bound address',
    },
    {
      what: 'server Listener: `filter_chain_match.destination_port` removed',
      why: 'gRPC servers ignore filter chains that match on the destination port (gRFC A36), and the test binds a free port',
    },
    {
      what: 'server Listener: each route `route: {cluster}` becomes `non_forwarding_action: {}`',
      why: 'a gRPC server answers the call itself; Envoy forwards to `inbound|PORT||`, which gRPC rejects as a routing error',
    },
    {
      what: 'ClusterLoadAssignments are made by the harness (127.0.0.1 ports, a locality) for the compiled EDS clusters',
      why: 'endpoints of services are known only at run time; meshc emits EDS clusters for them, and the test is their control plane',
    },
  ],
  /** HTTP filters gRPC clients do not implement, marked optional (see above). */
  optionalFilters: ['envoy.filters.http.cors'],
  /** What meshc emits that the test does not serve, because gRPC's xDS support cannot consume it. */
  notConsumable: [
    { what: 'sidecar and gateway Listeners with `address` and `filter_chains` (virtualOutbound, 0.0.0.0_PORT, virtualInbound, gateway ports)', why: 'ACKed but unusable by a client, NACKed with listener_filters or use_original_dst; replaced by the wrappers above' },
    { what: 'clusters of type STATIC, STRICT_DNS and ORIGINAL_DST (externals, PassthroughCluster, BlackHoleCluster)', why: 'gRPC accepts only EDS, LOGICAL_DNS and aggregate clusters ("Unsupported type")' },
    { what: 'routes with `redirect` or `direct_response`', why: 'NACKed by gRPC clients' },
    { what: 'HTTP filters jwt_authn and local_ratelimit, and two RBAC filters (DENY and ALLOW) in one connection manager', why: 'gRPC NACKs filters it does not implement and duplicate filter names; RBAC is enforced only by gRPC servers' },
    { what: 'upstream and downstream TLS with Istio SDS secrets (`default`, `ROOTCA`)', why: 'the test has no certificate provider; its program says `mtls disable`' },
    { what: 'lb `least-request`, outlier `consecutive_5xx`', why: 'NACKed (LEAST_REQUEST) or not implemented by gRPC' },
    { what: 'route `timeout`, HTTP retry conditions (`5xx`, `reset`, `connect-failure`)', why: 'ignored by gRPC, which honours `max_stream_duration` (meshc writes it beside `timeout`) and gRPC status conditions only' },
  ],
} as const;
