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
 *
 * The runner matches `file` against the repository's files, so paths are relative to the
 * repository's root (`root`), wherever meshc ran; a file outside it keeps its path as given.
 */
import path from 'node:path';
import type { Severity } from '../types.ts';
import { Locator, sortDiagnostics, type RenderInput } from './common.ts';

const COMMANDS: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
  hint: 'notice',
};

export interface GithubOptions {
  /** The working directory, which the diagnostics' paths are relative to. */
  cwd: string;
  /** The repository's root, which annotation paths are made relative to. */
  root: string;
}

/** `file` (relative to `cwd`) relative to `root`, with `/`; unchanged when outside `root`. */
export function repositoryPath(file: string, options: GithubOptions): string {
  if (options.root === options.cwd && !path.isAbsolute(file)) return file;
  const relative = path.relative(options.root, path.resolve(options.cwd, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}

export function renderGithub(input: RenderInput, options?: GithubOptions): string {
  const locator = new Locator(input.sources);
  const shown = (file: string): string => (options ? repositoryPath(file, options) : file);
  return sortDiagnostics(input.diagnostics)
    .map((d) => {
      const { start, end } = locator.range(d.file, d.range);
      const properties = [
        `file=${escapeProperty(shown(d.file))}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeProperty(d.code)}`,
      ];
      const notes = (d.related ?? []).map((r) => {
        const at = locator.range(r.file, r.range).start;
        return `\n${shown(r.file)}:${at.line}:${at.column}: note: ${r.message}`;
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
