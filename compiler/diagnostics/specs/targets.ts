import type { DiagnosticSpec } from '../registry.ts';

/**
 * M6xxx: what a target cannot express, reported by `compiler/ir/` (M600x, every target) and by
 * `compiler/backends/*` (M61xx: Envoy), only when that target is compiled.
 */
export const targetSpecs: DiagnosticSpec[] = [
  { code: 'M6001', severity: 'error', title: 'rule-never-applies', template: 'This rule {why}, but {owner} has no {needs} port, so the rule would never apply. {fix}' },
  {
    code: 'M6101',
    severity: 'error',
    title: 'envoy-port-shared-tls',
    template:
      'Envoy output: {names} share TCP port {port} and need different client TLS settings. An Envoy listener tells their connections apart only by destination address, which is known only at run time, so it cannot choose the TLS settings per service. Give one of them a port of its own, or compile for `istio` only.',
  },
  {
    code: 'M6102',
    severity: 'warning',
    title: 'envoy-hash-policies-differ',
    template:
      'Envoy output: the destinations of this rule balance by different consistent-hash keys (`lb hash …`), and an Envoy route has one hash policy, so requests of this rule are balanced without affinity. Give the versions the same `lb hash` setting.',
  },
  {
    code: 'M6103',
    severity: 'warning',
    title: 'envoy-tcp-rules-not-applied',
    template:
      'Envoy output: {name} shares TCP port {port} with {others} other service(s), and an Envoy listener tells their connections apart only by destination address, which is known only at run time. Its connections go on to the address the client dialled, so these TCP route rules are not applied. Give {name} a port of its own to have them applied, or compile for `istio` only.',
  },
  {
    code: 'M6104',
    severity: 'error',
    title: 'envoy-jwt-without-keys',
    template:
      'Envoy output: this `require jwt` says neither `jwks-uri` nor `jwks`. Istio finds the keys of issuer {issuer} by OpenID discovery at run time; Envoy must be told where they are. Add `jwks-uri "…"` (the `jwks_uri` of the issuer\'s `.well-known/openid-configuration`), or compile for `istio` only.',
  },
];
