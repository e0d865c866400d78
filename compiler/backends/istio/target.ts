/**
 * The Istio backend as a compile runs it (see `targets.ts`): one pending output per file of
 * `emitIstio`; the gate validates each object of a file (`validate-k8s.ts`).
 */
import type { Backend } from '../../targets.ts';
import { validateObjects } from '../validate-k8s.ts';
import { emitIstio } from './index.ts';

export const istioBackend: Backend<'istio'> = {
  compile: (ir) => ({ outputs: emitIstio(ir).map((file) => ({ target: 'istio', path: file.path, objects: file.objects })), diagnostics: [] }),
  gate: (output) => validateObjects(output.objects),
};
