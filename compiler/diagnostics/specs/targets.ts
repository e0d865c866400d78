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
    title: 'envoy-port-shared',
    template:
      'Envoy output: {names} share port {port} for {what}. An Envoy listener tells such traffic apart only by its destination address, which is known only at run time, so the Envoy configuration cannot say where this traffic goes. Give each a port of its own, declare the external\'s `addresses`, or compile for `istio` only.',
  },
  {
    code: 'M6102',
    severity: 'warning',
    title: 'envoy-hash-policies-differ',
    template:
      'Envoy output: the destinations of this rule balance by different consistent-hash keys (`lb hash …`), and an Envoy route has one hash policy, so requests of this rule are balanced without affinity. Give the versions the same `lb hash` setting.',
  },
];
