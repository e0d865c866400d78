/**
 * The compile benchmark's floor: only schema-validating and YAML-serialising the Kubernetes
 * objects of each output file, with the same functions as always (`validateSchemaOnly`,
 * `toYamlDocuments`), in a Node process that does nothing else.
 *
 * It reads the objects (JSON, written by `bench/compile.ts`) and does the work `1 + warm` times,
 * printing each time in milliseconds (reading the JSON excluded). The first time is the work as a
 * fresh process does it once, as `meshc compile` does its own, before V8 has optimised the
 * serialiser and the validators; the later ones are the work warm, the least it costs.
 *
 * `bench/compile.ts` bundles this file with esbuild (as the CLI is bundled) and runs it in several
 * processes, timing each process as a whole too.
 *
 * Usage (through `bench/compile.ts`): `node compile-floor.mjs OBJECTS.json [WARM]`.
 */
import { readFileSync } from 'node:fs';
import { toYamlDocuments } from '../compiler/emit/yaml.ts';
import type { K8sObject } from '../compiler/backends/k8s.ts';
import { validateSchemaOnly } from './schema-only.ts';

const objectFiles = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as K8sObject[][];
const warm = Number(process.argv[3] ?? 0);
const times: string[] = [];
let bytes = 0;
for (let run = 0; run <= warm; run++) {
  const start = performance.now();
  bytes = 0;
  for (const objects of objectFiles) {
    for (const o of objects) validateSchemaOnly(o);
    bytes += toYamlDocuments(objects).length;
  }
  times.push((performance.now() - start).toFixed(1));
}
process.stdout.write(`${times.join(' ')}\n${bytes}\n`);
