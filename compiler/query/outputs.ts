/**
 * What a declaration compiles to, for hover: the file of the Istio backend that holds its
 * objects, and each object's kind and name. Read from the backend's own objects (`emitIstio` over
 * the IR that checking already lowered), so hover never describes output the compiler would not
 * write; the objects are neither validated nor serialised here, which is what makes this cheap
 * enough for a hover. The full output, validated and as YAML, is `meshc/preview`'s, through
 * `compileProgram`.
 */
import type { IR } from '../ir/types.ts';
import { emitIstio } from '../backends/istio/index.ts';

export interface CompiledFile {
  path: string;
  objects: { kind: string; name: string }[];
}

const cache = new WeakMap<IR, Map<string, CompiledFile>>();

/** The Istio file of declaration `kind` `name` in `namespace`, from an IR without errors. */
export function compiledFile(ir: IR, kind: 'service' | 'gateway' | 'external', name: string, namespace: string): CompiledFile | undefined {
  let files = cache.get(ir);
  if (!files) {
    files = new Map();
    for (const f of emitIstio(ir)) files.set(f.path, { path: f.path, objects: f.objects.map((o) => ({ kind: o.kind, name: o.metadata.name })) });
    cache.set(ir, files);
  }
  return files.get(declarationPath(kind, name, namespace));
}

/** Where the Istio backend writes a declaration's objects. */
export function declarationPath(kind: 'service' | 'gateway' | 'external', name: string, namespace: string): string {
  return `istio/${namespace}/${kind}-${name}.yaml`;
}
