/**
 * Compiling a checked program for its targets: the part of `compileProgram` that knows nothing of
 * any one backend. Each backend is a function from the IR to its outputs; it runs its validation
 * gate on everything it produced before it returns, and leaves the serialising to `render`, so
 * that a writer can serialise one file while the previous ones are being written.
 *
 * `compiler/index.ts` passes every backend (imported up front, for a synchronous
 * `compileProgram`); `compileProgramLazily` imports only the backends of the requested targets,
 * for `meshc compile`, whose start-up would otherwise load, say, the Envoy message tables for an
 * Istio-only compile.
 */
import type { Diagnostic } from './diagnostics/types.ts';
import { checkProgram, sortDiagnostics, type SourceText } from './frontend.ts';
import type { IR } from './ir/types.ts';
import type { CheckOptions } from './suppress.ts';

/** The targets `meshc compile` implements, in the order their outputs are listed. */
export const TARGETS = ['istio', 'envoy'] as const;
export type Target = (typeof TARGETS)[number];

/**
 * One file of compiled output whose objects have passed the validation gate: its path under the
 * output folder (`istio/…`), and its text, serialised when `render` is called (the same text at
 * every call).
 */
export interface PendingOutput {
  target: Target;
  path: string;
  render: () => string;
}

/** What one backend made of the IR. An error among `diagnostics` stops the whole compile. */
export interface BackendOutput {
  outputs: PendingOutput[];
  diagnostics: Diagnostic[];
}

/** A target's backend: emit, then the validation gate (throwing `ValidationGateError`, a bug). */
export type Backend = (ir: IR) => BackendOutput;

export interface PendingCompileResult {
  outputs: PendingOutput[];
  diagnostics: Diagnostic[];
}

export type CompileOptions = { targets?: readonly Target[] } & CheckOptions;

/**
 * Checks, lowers and compiles a program with the given backends (one for each requested target).
 * When any diagnostic is an error, `outputs` is empty: invalid configuration is never produced.
 */
export function compileWith(files: SourceText[], options: CompileOptions, backends: Partial<Record<Target, Backend>>): PendingCompileResult {
  const checked = front(files, options);
  return checked.ir ? back(checked.ir, checked.diagnostics, options, backends) : { outputs: [], diagnostics: checked.diagnostics };
}

/**
 * `compileWith`, importing the backends of the requested targets only, and only when the program
 * has no errors.
 */
export async function compileProgramLazily(files: SourceText[], options: CompileOptions = {}): Promise<PendingCompileResult> {
  const checked = front(files, options);
  if (!checked.ir) return { outputs: [], diagnostics: checked.diagnostics };
  const targets = options.targets ?? TARGETS;
  const backends: Partial<Record<Target, Backend>> = {};
  if (targets.includes('istio')) backends.istio = (await import('./backends/istio/target.ts')).compileIstio;
  if (targets.includes('envoy')) backends.envoy = (await import('./backends/envoy/target.ts')).compileEnvoy;
  return back(checked.ir, checked.diagnostics, options, backends);
}

/** The IR when the program has no errors; only the IR and the diagnostics are kept. */
function front(files: SourceText[], options: CompileOptions): { ir: IR | undefined; diagnostics: Diagnostic[] } {
  // Only the IR goes on: the syntax trees and the checked model become garbage here, so that the
  // collector does not walk them again while the backends allocate.
  const { ir, diagnostics } = checkProgram(files, { config: options.config });
  return { ir: diagnostics.some((d) => d.severity === 'error') ? undefined : ir, diagnostics };
}

function back(ir: IR, diagnostics: Diagnostic[], options: CompileOptions, backends: Partial<Record<Target, Backend>>): PendingCompileResult {
  const targets = options.targets ?? TARGETS;
  const outputs: PendingOutput[] = [];
  for (const target of TARGETS) {
    if (!targets.includes(target)) continue;
    const backend = backends[target];
    if (!backend) throw new Error(`internal: no backend loaded for ${target}`);
    const made = backend(ir);
    // What a target cannot express is a diagnostic of this target; an error stops the whole compile.
    diagnostics.push(...made.diagnostics);
    if (made.diagnostics.some((d) => d.severity === 'error')) return { outputs: [], diagnostics: sortDiagnostics(diagnostics) };
    outputs.push(...made.outputs);
  }
  return { outputs, diagnostics: sortDiagnostics(diagnostics) };
}
