import type { DiagnosticSpec } from '../registry.ts';

/** M1xxx: syntax, reported by `compiler/syntax/parse.ts`. */
export const syntaxSpecs: DiagnosticSpec[] = [
  { code: 'M1001', severity: 'error', title: 'unexpected-character', template: 'Unexpected character {char}.{hint}' },
  { code: 'M1002', severity: 'error', title: 'unterminated-string', template: 'This string is not closed: add a `"` before the end of the line.' },
  { code: 'M1003', severity: 'error', title: 'syntax-error', template: '{detail}' },
  { code: 'M1004', severity: 'error', title: 'unexpected-input', template: 'Unexpected {found} {where}.{hint}', fixable: true },
];
