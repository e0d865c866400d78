/**
 * Synthetic diagnostics for the renderer tests: registry codes, hand-placed ranges, and sources
 * with the awkward parts (CRLF, tabs, a character outside the BMP).
 */
import type { Diagnostic } from '../../compiler/diagnostics/types.ts';

export const sources = new Map([
  ['b.mesh', 'service x {\r\n\tport ## 80\r\n}\r\n'],
  ['a.mesh', 'mesh {\n  name "😀" @\n}\n'],
]);

/** Out of order on purpose: renderers sort by file, offset and code. */
export const diagnostics: Diagnostic[] = [
  {
    code: 'M1001',
    severity: 'error',
    file: 'b.mesh',
    range: { start: 19, end: 21 },
    message: 'Unexpected character #.',
    related: [{ file: 'a.mesh', range: { start: 0, end: 4 }, message: 'the mesh is declared here' }],
  },
  { code: 'M1003', severity: 'warning', file: 'a.mesh', range: { start: 19, end: 20 }, message: 'Odd, 100% odd:\nsee here' },
  { code: 'M1002', severity: 'info', file: 'a.mesh', range: { start: 2, end: 12 }, message: 'Spans two lines.' },
  { code: 'M0002', severity: 'error', file: 'c.mesh', range: { start: 0, end: 0 }, message: 'Binary.' },
];
