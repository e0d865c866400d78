/**
 * The compiler's public entry points. The CLI and the language server use only these.
 *
 * The pipeline: text → syntax tree (`syntax/parse.ts`, with `grammar/`) → checked model
 * (`check/`) → IR (`ir/`) → target backends (`backends/`). The front end lives in `frontend.ts`,
 * re-exported here; this file adds compiling, which loads the backends.
 */
import type { Diagnostic } from './diagnostics/types.ts';
import { checkProgram, sortDiagnostics, type SourceText } from './frontend.ts';
import type { CheckOptions } from './suppress.ts';
import { emitIstio } from './backends/istio/index.ts';
import { validateObjects } from './backends/validate-k8s.ts';
import { emitEnvoy } from './backends/envoy/index.ts';
import { assertValid, validateBootstrap, validateDiscoveryResponse } from './backends/validate-envoy.ts';
import { toYamlDocuments } from './emit/yaml.ts';
import { toPlainYaml } from './emit/plain-yaml.ts';

export * from './frontend.ts';

/** The targets `meshc compile` implements, in the order their outputs are listed. */
export const TARGETS = ['istio', 'envoy'] as const;
export type Target = (typeof TARGETS)[number];

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
 * is an error, `outputs` is empty: invalid configuration is never produced. Every object passes
 * the validation gate before it is serialised; an object that does not is a bug in meshc and
 * throws `ValidationGateError`.
 */
export function compileProgram(files: SourceText[], options: { targets?: readonly Target[] } & CheckOptions = {}): CompileResult {
  const checked = checkProgram(files, { config: options.config });
  const diagnostics = checked.diagnostics;
  if (!checked.ir || diagnostics.some((d) => d.severity === 'error')) return { outputs: [], diagnostics };
  const ir = checked.ir;
  const targets = options.targets ?? TARGETS;
  const outputs: OutputFile[] = [];
  if (targets.includes('istio')) {
    for (const file of emitIstio(ir)) {
      validateObjects(file.objects);
      outputs.push({ target: 'istio', path: file.path, content: toYamlDocuments(file.objects) });
    }
  }
  if (targets.includes('envoy')) {
    // What Envoy cannot express is a diagnostic of this target; an error stops the whole compile.
    const envoy = emitEnvoy(ir);
    diagnostics.push(...envoy.diagnostics);
    if (envoy.diagnostics.some((d) => d.severity === 'error')) return { outputs: [], diagnostics: sortDiagnostics(diagnostics) };
    for (const file of envoy.files) {
      assertValid(file.path, file.kind === 'bootstrap' ? validateBootstrap(file.document) : validateDiscoveryResponse(file.document));
      outputs.push({ target: 'envoy', path: file.path, content: toPlainYaml(file.document) });
    }
  }
  return { outputs, diagnostics: sortDiagnostics(diagnostics) };
}

export { ValidationGateError } from './backends/validate-k8s.ts';
