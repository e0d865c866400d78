/**
 * The machine format for scripts: JSON Lines, one object per diagnostic.
 *
 * `{"file":…,"range":{"start":{"line":…,"column":…},"end":{…}},"severity":…,"code":…,
 * "message":…}` with 1-based lines and UTF-16 columns and an exclusive end (see `LineColumnRange`), plus
 * `related` (the same shape with a message) when the diagnostic has related locations. Key order is
 * fixed so that the output can be compared as text.
 */
import { Locator, sortDiagnostics, type LineColumnRange, type RenderInput } from './common.ts';

export interface JsonDiagnostic {
  file: string;
  range: LineColumnRange;
  severity: string;
  code: string;
  message: string;
  related?: { file: string; range: LineColumnRange; message: string }[];
}

export function renderJson(input: RenderInput): string {
  const locator = new Locator(input.sources);
  return sortDiagnostics(input.diagnostics)
    .map((d) => {
      const object: JsonDiagnostic = {
        file: d.file,
        range: locator.range(d.file, d.range),
        severity: d.severity,
        code: d.code,
        message: d.message,
      };
      if (d.related?.length) {
        object.related = d.related.map((r) => ({
          file: r.file,
          range: locator.range(r.file, r.range),
          message: r.message,
        }));
      }
      return `${JSON.stringify(object)}\n`;
    })
    .join('');
}
