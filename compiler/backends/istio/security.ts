/**
 * security.istio.io/v1: PeerAuthentication, AuthorizationPolicy, RequestAuthentication; and the
 * one EnvoyFilter meshc writes, for local rate limiting, which Istio has no API for.
 */
import type * as I from '../../ir/types.ts';
import { duration, object, prune, type K8sObject } from '../k8s.ts';

const SECURITY = 'security.istio.io/v1';

const mtlsModes = { strict: 'STRICT', permissive: 'PERMISSIVE', disable: 'DISABLE' } as const;

/** The namespace-wide mTLS mode (`mesh { mtls … }`, strict unless relaxed). */
export function namespacePeerAuthentication(ns: I.IRNamespace): K8sObject {
  return object(SECURITY, 'PeerAuthentication', 'default', ns.name, { mtls: { mode: mtlsModes[ns.mtls] } });
}

/** A workload whose `mtls` differs from its namespace's. */
export function workloadPeerAuthentication(name: string, namespace: string, labels: I.Labels, mode: I.MtlsMode): K8sObject {
  return object(SECURITY, 'PeerAuthentication', name, namespace, { selector: { matchLabels: labels }, mtls: { mode: mtlsModes[mode] } });
}

/**
 * `access deny-by-default`: an ALLOW policy with no rules on every workload of the namespace
 * denies every request that no other ALLOW policy lets in (Istio's "allow-nothing").
 */
export function allowNothing(namespace: string): K8sObject {
  return object(SECURITY, 'AuthorizationPolicy', 'allow-nothing', namespace, {});
}

export function authorizationPolicies(owner: string, namespace: string, labels: I.Labels, security: I.IRSecurity): K8sObject[] {
  const out: K8sObject[] = [];
  if (security.jwt.length > 0) {
    out.push(
      object(SECURITY, 'RequestAuthentication', `${owner}-jwt`, namespace, {
        selector: { matchLabels: labels },
        jwtRules: security.jwt.map((j) =>
          prune({
            issuer: j.issuer,
            audiences: j.audiences,
            jwksUri: j.jwksUri,
            jwks: j.jwks,
            fromHeaders: j.fromHeaders.map((h) => prune({ name: h.name, prefix: h.prefix })),
            fromParams: j.fromQuery,
            fromCookies: j.fromCookies,
            forwardOriginalToken: j.forwardToken || undefined,
          }),
        ),
      }),
    );
    // NOTE: a RequestAuthentication alone rejects invalid tokens but lets requests without one
    // through; denying requests that have no request principal makes the token required.
    out.push(
      object(SECURITY, 'AuthorizationPolicy', `${owner}-require-jwt`, namespace, {
        selector: { matchLabels: labels },
        action: 'DENY',
        rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }],
      }),
    );
  }
  for (const policy of security.policies) {
    const name = `${owner}-${policy.action}${policy.dryRun ? '-dry-run' : ''}`;
    out.push(
      object(
        SECURITY,
        'AuthorizationPolicy',
        name,
        namespace,
        { selector: { matchLabels: labels }, action: policy.action.toUpperCase(), rules: policy.rules.map(rule) },
        policy.dryRun ? { 'istio.io/dry-run': 'true' } : undefined,
      ),
    );
  }
  return out;
}

/** Callers of different kinds are separate sources: Istio ANDs the fields of one source. */
function rule(r: I.IRAuthzRule): Record<string, unknown> {
  const from = [
    r.principals.length > 0 ? { source: { principals: r.principals } } : undefined,
    r.namespaces.length > 0 ? { source: { namespaces: r.namespaces } } : undefined,
    r.ipBlocks.length > 0 ? { source: { ipBlocks: r.ipBlocks } } : undefined,
  ].filter((s) => s !== undefined);
  const hasOperation = r.methods.length > 0 || r.paths.length > 0 || r.ports.length > 0;
  return prune({
    from,
    to: hasOperation ? [{ operation: prune({ methods: r.methods, paths: r.paths, ports: r.ports.map(String) }) }] : undefined,
    when: r.when,
  });
}

/**
 * `rate-limit N per D [burst B]`: Envoy's local rate limit filter, inserted before the router of
 * the workload's inbound (or gateway) HTTP connection manager. Istio has no API for this, so it is
 * an EnvoyFilter (networking.istio.io/v1alpha3, the only version of that kind).
 */
export function rateLimitFilter(owner: string, namespace: string, labels: I.Labels, limit: NonNullable<I.IRSecurity['rateLimit']>, context: 'SIDECAR_INBOUND' | 'GATEWAY'): K8sObject {
  return object('networking.istio.io/v1alpha3', 'EnvoyFilter', `${owner}-rate-limit`, namespace, {
    workloadSelector: { labels },
    configPatches: [
      {
        applyTo: 'HTTP_FILTER',
        match: {
          context,
          listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } },
        },
        patch: {
          operation: 'INSERT_BEFORE',
          value: {
            name: 'envoy.filters.http.local_ratelimit',
            typed_config: {
              '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
              stat_prefix: 'http_local_rate_limiter',
              token_bucket: { max_tokens: limit.burst, tokens_per_fill: limit.requests, fill_interval: duration(limit.perMs) },
              filter_enabled: { runtime_key: 'local_rate_limit_enabled', default_value: { numerator: 100, denominator: 'HUNDRED' } },
              filter_enforced: { runtime_key: 'local_rate_limit_enforced', default_value: { numerator: 100, denominator: 'HUNDRED' } },
            },
          },
        },
      },
    ],
  });
}
