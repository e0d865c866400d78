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

/** Makes the texts of a compile's files: calls `deliver` once for each, by its index, in any order. */
export type ProduceTexts = (deliver: (index: number, text: string) => void) => Promise<unknown>;

export interface CompileOutput {
  /** The files to write, in order; none when the compile has errors. */
  outputs: { target: string; path: string }[];
  diagnostics: Diagnostic[];
  /**
   * Puts every file through the validation gate; throws when one fails (`ValidationGateError`, a
   * bug in meshc). Returns the function that makes the texts: it hands each file's text to
   * `deliver`, with its index in `outputs`, in any order, so that files are written while others
   * are serialised; an exception of `deliver` rejects it. Called at most once.
   */
  gate(): Promise<ProduceTexts>;
  /** Frees what `gate` and the texts use (the output worker), whether they were used or not. */
  close(): void;
}

/**
 * Whether a compile serialises its files on a second thread as well:
 * `auto` when the sources are large enough for it to pay (`WORKER_MIN_SOURCE_CHARS`), `on` and
 * `off` whatever their size (`MESHC_OUTPUT_WORKER`, for tests and for machines where a thread
 * does not help). The output is the same bytes either way.
 */
export type OutputWorkerMode = 'auto' | 'on' | 'off';

/**
 * About 450 services. Starting the worker costs the main thread a little (the thread's creation,
 * and the worker loading the serialisers on the core that the front end's garbage collector and
 * optimising compiler would otherwise have to themselves): measured on a 2-core machine, the
 * worker made no difference at 300 services (180 kB of sources), saved 25 ms at 500 and 90 ms at
 * 1000 (`bench/results-compile.md`).
 */
export const WORKER_MIN_SOURCE_CHARS = 250_000;

export interface Compiler {
  /**
   * Checks all files as one program. Never throws on bad input. `options.config` is the project's
   * `meshc.json` (severities of analysis codes).
   */
  checkProgram(files: SourceText[], options?: { config?: ProjectConfig }): { diagnostics: Diagnostic[] };
  /**
   * Checks and compiles the files for the given targets; no outputs when there are errors. The
   * validation gate and serialising happen in the result's `gate` and the function it returns.
   */
  compileProgram(
    files: SourceText[],
    options: { targets?: readonly ('istio' | 'envoy')[]; config?: ProjectConfig; outputWorker?: OutputWorkerMode },
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
      const { compileProgramLazily, TARGETS } = await import('../targets.ts');
      const { OutputWorker, gateOutputs } = await import('../output/parallel.ts');
      const targets = options.targets ?? TARGETS;
      const mode = options.outputWorker ?? 'auto';
      const size = files.reduce((sum, f) => sum + f.text.length, 0);
      // Started before the front end, so that the worker loads while this thread parses and checks.
      const worker = mode === 'on' || (mode === 'auto' && size >= WORKER_MIN_SOURCE_CHARS) ? OutputWorker.start() : undefined;
      const close = () => worker?.stop();
      try {
        const result = await compileProgramLazily(files, options);
        if (result.outputs.length === 0) close();
        return {
          outputs: result.outputs.map((o) => ({ target: o.target, path: o.path })),
          diagnostics: result.diagnostics,
          gate: async () => gateOutputs(result.outputs, result.backends, worker),
          close,
        };
      } catch (error) {
        close();
        throw error;
      }
    },
  };
  return compiler;
}
