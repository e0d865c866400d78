/**
 * The Envoy backend as a compile runs it (see `targets.ts`): one pending output per file of
 * `emitEnvoy`, none when it reported an error; the gate validates a file's document against
 * Envoy's API (`validate-envoy.ts`).
 */
import type { Backend } from '../../targets.ts';
import { assertValid, validateBootstrap, validateDiscoveryResponse } from '../validate-envoy.ts';
import { emitEnvoy } from './index.ts';

export const envoyBackend: Backend<'envoy'> = {
  compile: (ir) => {
    const envoy = emitEnvoy(ir);
    if (envoy.diagnostics.some((d) => d.severity === 'error')) return { outputs: [], diagnostics: envoy.diagnostics };
    return { outputs: envoy.files.map((file) => ({ target: 'envoy', ...file })), diagnostics: envoy.diagnostics };
  },
  gate: (file) => assertValid(file.path, file.kind === 'bootstrap' ? validateBootstrap(file.document) : validateDiscoveryResponse(file.document)),
};
