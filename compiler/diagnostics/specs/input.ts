import type { DiagnosticSpec } from '../registry.ts';

/** M0xxx: reading input files. */
export const inputSpecs: DiagnosticSpec[] = [
  { code: 'M0001', severity: 'error', title: 'invalid-utf8', template: 'The file is not valid UTF-8 text (first bad byte at offset {offset}). Save it as UTF-8.' },
  { code: 'M0002', severity: 'error', title: 'binary-file', template: 'The file looks binary (it contains a NUL byte), not like .mesh source.' },
];
