import type { DiagnosticSpec } from '../registry.ts';

/** M6xxx: what a target cannot express, reported by `compiler/ir/` and `compiler/backends/*`. */
export const targetSpecs: DiagnosticSpec[] = [
  { code: 'M6001', severity: 'error', title: 'rule-never-applies', template: 'This rule {why}, but {owner} has no {needs} port, so the rule would never apply. {fix}' },
];
