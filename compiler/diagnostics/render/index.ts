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
  /** The working directory, which SARIF URIs are relative to. */
  cwd: string;
  /** The meshc version, which SARIF reports. */
  version: string;
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
      return renderSarif(input, { cwd: options.cwd, version: options.version });
    case 'github':
      return renderGithub(input);
  }
}
