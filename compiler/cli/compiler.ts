/**
 * What the CLI needs from the compiler, and how it gets it.
 *
 * The compiler (and with it the parser library) is imported only when a command needs it, so
 * that `meshc help` and `meshc explain` start without paying for it; and its backends (schema
 * validators, serialisers) only when `compileProgram` is called, so that `meshc check` does not
 * load them either. Tests of the CLI may pass another `loadCompiler` through `CliIO`; the
 * assignments below make TypeScript check that the real modules fit this interface.
 */
import type { Diagnostic, Result } from '../diagnostics/types.ts';
import type { ProjectConfig } from '../suppress.ts';

/** One file given to the compiler: the path diagnostics should use, and its decoded text. */
export interface SourceText {
  path: string;
  text: string;
}

export interface CompileOutput {
  outputs: { target: string; path: string; content: string }[];
  diagnostics: Diagnostic[];
}

export interface Compiler {
  /**
   * Checks all files as one program. Never throws on bad input. `options.config` is the project's
   * `meshc.json` (severities of analysis codes).
   */
  checkProgram(files: SourceText[], options?: { config?: ProjectConfig }): { diagnostics: Diagnostic[] };
  /**
   * Compiles the files for the given targets; no outputs when there are errors. Throws
   * `ValidationGateError` (a bug in meshc) if a generated object fails validation.
   */
  compileProgram(
    files: SourceText[],
    options: { targets?: readonly ('istio' | 'envoy')[]; config?: ProjectConfig },
  ): CompileOutput | Promise<CompileOutput>;
  /** The canonical formatting of `text`, or an undefined value when it has syntax errors. */
  formatText(text: string, path: string): Result<string | undefined>;
  readonly VERSION: string;
}

export async function loadCompiler(): Promise<Compiler> {
  const frontEnd = await import('../frontend.ts');
  const compiler: Compiler = {
    checkProgram: frontEnd.checkProgram,
    formatText: frontEnd.formatText,
    VERSION: frontEnd.VERSION,
    compileProgram: async (files, options) => (await import('../index.ts')).compileProgram(files, options),
  };
  return compiler;
}
