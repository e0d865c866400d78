/**
 * Compiling a checked program for its targets: the part of `compileProgram` that knows nothing of
 * any one backend.
 *
 * A backend (`backends/<target>/target.ts`) does two things, each its own function:
 * - `compile`: the IR → the target's files, as pending outputs: plain data (no functions, no class
 *   instances), so that they can be copied to another thread;
 * - `gate`: the validation gate of one file, which throws `ValidationGateError` (a bug in meshc).
 * A file's text is then made by `serialiseOutput` (`output/serialise.ts`).
 *
 * Every compile gates every file before any file is serialised for good or written: so the
 * validation gate stands between the backends and the disk. `compileProgram` (`index.ts`) then
 * serialises the files in turn; the CLI serialises and writes them on two threads for a large
 * compile (`output/parallel.ts`).
 *
 * `compiler/index.ts` passes every backend (imported up front, for a synchronous
 * `compileProgram`); `loadBackends` imports only the backends of the requested targets, for
 * `meshc compile`, whose start-up would otherwise load, say, the Envoy message tables for an
 * Istio-only compile.
 */
import type { Diagnostic } from './diagnostics/types.ts';
import { checkProgram, sortDiagnostics, type SourceText } from './frontend.ts';
import type { IR } from './ir/types.ts';
import type { K8sObject } from './backends/k8s.ts';
import type { EnvoyFile } from './backends/envoy/index.ts';
import type { CheckOptions } from './suppress.ts';

/** The targets `meshc compile` implements, in the order their outputs are listed. */
export const TARGETS = ['istio', 'envoy'] as const;
export type Target = (typeof TARGETS)[number];

/**
 * One file of compiled output before its validation gate: its path under the output folder
 * (`istio/…`) and what it holds.
 */
export type PendingOutput = { target: 'istio'; path: string; objects: K8sObject[] } | ({ target: 'envoy' } & EnvoyFile);

/** The pending outputs of one target. */
export type OutputOf<T extends Target> = Extract<PendingOutput, { target: T }>;

/** What one backend made of the IR. An error among `diagnostics` stops the whole compile. */
export interface BackendOutput<O extends PendingOutput = PendingOutput> {
  outputs: O[];
  diagnostics: Diagnostic[];
}

/** A target's backend; see the top of this file. */
export interface Backend<T extends Target> {
  compile(ir: IR): BackendOutput<OutputOf<T>>;
  /** Throws `ValidationGateError` when something in the file is invalid: always a bug in meshc. */
  gate(output: OutputOf<T>): void;
}

/** The backends a compile uses, one for each requested target. */
export interface Backends {
  istio?: Backend<'istio'>;
  envoy?: Backend<'envoy'>;
}

export interface PendingCompileResult {
  outputs: PendingOutput[];
  diagnostics: Diagnostic[];
}

export type CompileOptions = { targets?: readonly Target[] } & CheckOptions;

/** Imports the backends of the given targets only. */
export async function loadBackends(targets: readonly Target[]): Promise<Backends> {
  const backends: Backends = {};
  if (targets.includes('istio')) backends.istio = (await import('./backends/istio/target.ts')).istioBackend;
  if (targets.includes('envoy')) backends.envoy = (await import('./backends/envoy/target.ts')).envoyBackend;
  return backends;
}

/** Puts one output through its target's validation gate. */
export function gateOutput(backends: Backends, output: PendingOutput): void {
  if (output.target === 'istio') backendOf(backends.istio, output.target).gate(output);
  else backendOf(backends.envoy, output.target).gate(output);
}

function backendOf<B>(backend: B | undefined, target: Target): B {
  if (!backend) throw new Error(`internal: no backend loaded for ${target}`);
  return backend;
}

/**
 * Checks, lowers and compiles a program with the given backends (one for each requested target).
 * When any diagnostic is an error, `outputs` is empty: invalid configuration is never produced.
 * The outputs have not been through the gate yet.
 */
export function compileWith(files: SourceText[], options: CompileOptions, backends: Backends): PendingCompileResult {
  const checked = front(files, options);
  return checked.ir ? back(checked.ir, checked.diagnostics, options, backends) : { outputs: [], diagnostics: checked.diagnostics };
}

/**
 * `compileWith`, importing the backends of the requested targets only, and only when the program
 * has no errors; `backends` is what was loaded.
 */
export async function compileProgramLazily(files: SourceText[], options: CompileOptions = {}): Promise<PendingCompileResult & { backends: Backends }> {
  const checked = front(files, options);
  if (!checked.ir) return { outputs: [], diagnostics: checked.diagnostics, backends: {} };
  const backends = await loadBackends(options.targets ?? TARGETS);
  return { ...back(checked.ir, checked.diagnostics, options, backends), backends };
}

/** The IR when the program has no errors; only the IR and the diagnostics are kept. */
function front(files: SourceText[], options: CompileOptions): { ir: IR | undefined; diagnostics: Diagnostic[] } {
  // Only the IR goes on: the syntax trees and the checked model become garbage here, so that the
  // collector does not walk them again while the backends allocate.
  const { ir, diagnostics } = checkProgram(files, { config: options.config });
  return { ir: diagnostics.some((d) => d.severity === 'error') ? undefined : ir, diagnostics };
}

function back(ir: IR, diagnostics: Diagnostic[], options: CompileOptions, backends: Backends): PendingCompileResult {
  const targets = options.targets ?? TARGETS;
  const outputs: PendingOutput[] = [];
  for (const target of TARGETS) {
    if (!targets.includes(target)) continue;
    const made: BackendOutput = target === 'istio' ? backendOf(backends.istio, target).compile(ir) : backendOf(backends.envoy, target).compile(ir);
    // What a target cannot express is a diagnostic of this target; an error stops the whole compile.
    diagnostics.push(...made.diagnostics);
    if (made.diagnostics.some((d) => d.severity === 'error')) return { outputs: [], diagnostics: sortDiagnostics(diagnostics) };
    outputs.push(...made.outputs);
  }
  return { outputs, diagnostics: sortDiagnostics(diagnostics) };
}
