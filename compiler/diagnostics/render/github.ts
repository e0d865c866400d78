/**
 * GitHub Actions workflow commands, which the Actions runner turns into annotations on the diff:
 *
 * `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`
 *
 * Errors become `::error`, warnings `::warning`, and info and hints `::notice`. Lines and columns
 * are 1-based, columns in UTF-16 units, and the end is exclusive as in the other formats. An
 * annotation has one location, so related locations follow the message as `note:` lines. Values
 * are escaped as the runner expects (`toCommandValue`/`escapeProperty` in `@actions/core`): `%`,
 * `\r` and `\n` everywhere, and also `:` and `,` inside properties.
 */
import type { Severity } from '../types.ts';
import { Locator, sortDiagnostics, type RenderInput } from './common.ts';

const COMMANDS: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
  hint: 'notice',
};

export function renderGithub(input: RenderInput): string {
  const locator = new Locator(input.sources);
  return sortDiagnostics(input.diagnostics)
    .map((d) => {
      const { start, end } = locator.range(d.file, d.range);
      const properties = [
        `file=${escapeProperty(d.file)}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeProperty(d.code)}`,
      ];
      const notes = (d.related ?? []).map((r) => {
        const at = locator.range(r.file, r.range).start;
        return `\n${r.file}:${at.line}:${at.column}: note: ${r.message}`;
      });
      const text = d.message + notes.join('');
      return `::${COMMANDS[d.severity]} ${properties.join(',')}::${escapeData(text)}\n`;
    })
    .join('');
}

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
