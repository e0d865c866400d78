import type { DiagnosticSpec } from '../registry.ts';

/** M4xxx: the structure of declarations, reported by `compiler/check/`. */
export const structureSpecs: DiagnosticSpec[] = [
  { code: 'M4001', severity: 'error', title: 'misplaced-statement', template: '`{keyword}` is not allowed in {context}; it belongs in {allowed}.' },
  { code: 'M4002', severity: 'error', title: 'duplicate-statement', template: '{what} is given twice in {context}; the first one is here. Keep one.' },
  { code: 'M4003', severity: 'error', title: 'missing-statement', template: '{owner} has no `{keyword}`: {fix}' },
  { code: 'M4004', severity: 'error', title: 'split-needs-weights', template: 'A split over several destinations needs a weight on each one, for example `-> v1 90%, v2 10%`; {missing} has none.' },
  { code: 'M4005', severity: 'error', title: 'missing-name', template: 'This `{keyword}` has no name: write `{keyword} NAME {…}`.' },
  { code: 'M4006', severity: 'error', title: 'destination-needs-port', template: '{owner} has several ports ({known}): say which one, for example `{example}`.' },
  { code: 'M4007', severity: 'error', title: 'empty-statement', template: '`{keyword}` needs {needs}.' },
  { code: 'M4008', severity: 'error', title: 'jwt-incomplete', template: '{detail}' },
  { code: 'M4009', severity: 'error', title: 'unknown-setting', template: '`{name}` is not a setting of `{block}`; the settings are: {known}.{hint}', fixable: true },
  { code: 'M4010', severity: 'error', title: 'invalid-setting-value', template: '`{name}` expects {expected}, found {found}.' },
  { code: 'M4011', severity: 'error', title: 'duplicate-port', template: 'Port {port} is declared twice in {owner}. Each port number appears once.' },
  { code: 'M4012', severity: 'error', title: 'listener-tls', template: '{detail}' },
  { code: 'M4013', severity: 'error', title: 'external-resolution', template: '{detail}' },
  { code: 'M4014', severity: 'error', title: 'retries-off-with-options', template: 'Retries are off here, so `{option}` has no effect (Istio rejects retry options with zero attempts). Remove it, or set a number of attempts.' },
  { code: 'M4015', severity: 'error', title: 'invalid-match-operator', template: 'A {what} cannot be matched with `{op}`: use `==`, `prefix` or `regex`.' },
  { code: 'M4016', severity: 'error', title: 'invalid-jwks', template: 'This inline JWKS is not a JSON Web Key Set: {detail}. Write a JSON object with a `keys` array, or use `jwks-uri`.' },
];
