/**
 * The compiler's public entry points. The CLI and the language server use only these.
 *
 * The pipeline: text → syntax tree (`syntax/parse.ts`, with `grammar/`) → checked model
 * (`check/`) → IR (`ir/`) → target backends (`backends/`). The front end lives in `frontend.ts`,
 * re-exported here; this file adds compiling, which loads every backend (`targets.ts` has the
 * pipeline after the front end, and a variant that loads only the backends a compile needs).
 */
import type { Diagnostic } from './diagnostics/types.ts';
import type { SourceText } from './frontend.ts';
import { compileWith, gateOutput, type Backends, type CompileOptions, type Target } from './targets.ts';
import { serialiseOutput } from './output/serialise.ts';
import { istioBackend } from './backends/istio/target.ts';
import { envoyBackend } from './backends/envoy/target.ts';

export * from './frontend.ts';
export { TARGETS, type Target } from './targets.ts';

/** One file of compiled output: its path under the output folder (`istio/…`) and its text. */
export interface OutputFile {
  target: Target;
  path: string;
  content: string;
}

export interface CompileResult {
  outputs: OutputFile[];
  diagnostics: Diagnostic[];
}

/**
 * Checks, lowers and compiles a program for the given targets (default: all). When any diagnostic
 * is an error, `outputs` is empty: invalid configuration is never produced. Every file passes the
 * validation gate before any is serialised; one that does not is a bug in meshc and throws
 * `ValidationGateError`.
 */
export function compileProgram(files: SourceText[], options: CompileOptions = {}): CompileResult {
  const backends: Backends = { istio: istioBackend, envoy: envoyBackend };
  const result = compileWith(files, options, backends);
  for (const output of result.outputs) gateOutput(backends, output);
  return { outputs: result.outputs.map((o) => ({ target: o.target, path: o.path, content: serialiseOutput(o) })), diagnostics: result.diagnostics };
}

export { ValidationGateError } from './backends/validate-k8s.ts';
