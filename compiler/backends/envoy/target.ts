/**
 * The Envoy target as `compileProgram` runs it: the files of `emitEnvoy`, unless it reported an
 * error, every document through the validation gate, then serialised file by file when a writer
 * asks for the text.
 */
import type { IR } from '../../ir/types.ts';
import type { BackendOutput } from '../../targets.ts';
import { toPlainYaml } from '../../emit/plain-yaml.ts';
import { assertValid, validateBootstrap, validateDiscoveryResponse } from '../validate-envoy.ts';
import { emitEnvoy } from './index.ts';

export function compileEnvoy(ir: IR): BackendOutput {
  const envoy = emitEnvoy(ir);
  if (envoy.diagnostics.some((d) => d.severity === 'error')) return { outputs: [], diagnostics: envoy.diagnostics };
  for (const file of envoy.files) {
    assertValid(file.path, file.kind === 'bootstrap' ? validateBootstrap(file.document) : validateDiscoveryResponse(file.document));
  }
  return {
    outputs: envoy.files.map((file) => ({ target: 'envoy', path: file.path, render: () => toPlainYaml(file.document) })),
    diagnostics: envoy.diagnostics,
  };
}
