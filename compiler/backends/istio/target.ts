/**
 * The Istio target as `compileProgram` runs it: the objects of `emitIstio`, every one through the
 * validation gate, then serialised file by file when a writer asks for the text.
 */
import type { IR } from '../../ir/types.ts';
import type { BackendOutput } from '../../targets.ts';
import { toYamlDocuments } from '../../emit/yaml.ts';
import { validateObjects } from '../validate-k8s.ts';
import { emitIstio } from './index.ts';

export function compileIstio(ir: IR): BackendOutput {
  const files = emitIstio(ir);
  for (const file of files) validateObjects(file.objects);
  return {
    outputs: files.map((file) => ({ target: 'istio', path: file.path, render: () => toYamlDocuments(file.objects) })),
    diagnostics: [],
  };
}
