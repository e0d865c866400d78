/**
 * The output formats of `meshc check`, by the name `--format` takes.
 *
 * Each renderer turns diagnostics and the text of their files into one string, deterministically.
 */
import type { RenderInput } from './common.ts';
import { renderGithub } from './github.ts';
import { renderJson } from './json.ts';
import { renderSarif } from './sarif.ts';
import { renderText } from './text.ts';

export type { RenderInput } from './common.ts';

export interface RenderOptions {
  /** ANSI colours, for the text format only. */
  color: boolean;
  /** The working directory, which the paths of the diagnostics are relative to. */
  cwd: string;
  /**
   * The repository's root, which SARIF URIs and GitHub annotation paths are relative to, as code
   * scanning and the Actions runner expect (default: `cwd`).
   */
  root?: string;
  /** The meshc version, which SARIF reports. */
  version: string;
  /** The documentation page of a code (Markdown), for the help of SARIF rules. */
  docs?: (code: string) => string | undefined;
}

export type Format = 'text' | 'json' | 'sarif' | 'github';

export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];

export function render(format: Format, input: RenderInput, options: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(input, { color: options.color });
    case 'json':
      return renderJson(input);
    case 'sarif':
      return renderSarif(input, { cwd: options.cwd, root: options.root ?? options.cwd, version: options.version, ...(options.docs ? { docs: options.docs } : {}) });
    case 'github':
      return renderGithub(input, { cwd: options.cwd, root: options.root ?? options.cwd });
  }
}
