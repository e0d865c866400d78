/**
 * What the CLI needs from the compiler, and how it gets it.
 *
 * The compiler (and with it the parser library) is imported only when a command needs it, so
 * that `meshc help` and `meshc explain` start without paying for it; and its backends (schema
 * validators, serialisers) only when `compileProgram` is called, and only those of the requested
 * targets, so that `meshc check` loads none and an Istio-only compile no Envoy tables. Tests of
 * the CLI may pass another `loadCompiler` through `CliIO`; the assignments below make TypeScript
 * check that the real modules fit this interface.
 */
import type { Diagnostic, Result } from '../diagnostics/types.ts';
import type { ProjectConfig } from '../suppress.ts';

/** One file given to the compiler: the path diagnostics should use, and its decoded text. */
export interface SourceText {
  path: string;
  text: string;
}

export interface CompileOutput {
  /**
   * The files to write. `content` is the text, or a function that serialises it (objects that
   * passed the validation gate), so that a file is serialised while earlier ones are written.
   */
  outputs: { target: string; path: string; content: string | (() => string) }[];
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
    // Only the backends of the requested targets are loaded, once the program has no errors.
    compileProgram: async (files, options) => {
      const result = await (await import('../targets.ts')).compileProgramLazily(files, options);
      return { outputs: result.outputs.map((o) => ({ target: o.target, path: o.path, content: o.render })), diagnostics: result.diagnostics };
    },
  };
  return compiler;
}
