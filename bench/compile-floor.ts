/**
 * The compile benchmark's floor, run the way `meshc compile` runs: once, in a fresh Node process.
 * Reads the Kubernetes objects of each output file (JSON, written by `bench/compile.ts`), then only
 * schema-validates and YAML-serialises them with the same functions as the in-process floor, and
 * prints how long that took, in milliseconds, excluding reading the JSON.
 *
 * `bench/compile.ts` bundles this file with esbuild (as the CLI is bundled) and times the process
 * as a whole too, so that the end-to-end time of a fresh `meshc compile` process can be compared
 * with the same work done by a fresh process that does nothing else.
 *
 * Usage (through `bench/compile.ts`): `node compile-floor.mjs OBJECTS.json`.
 */
import { readFileSync } from 'node:fs';
import { toYamlDocuments } from '../compiler/emit/yaml.ts';
import type { K8sObject } from '../compiler/backends/k8s.ts';
import { validateSchemaOnly } from './schema-only.ts';

const objectFiles = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as K8sObject[][];
const start = performance.now();
let bytes = 0;
for (const objects of objectFiles) {
  for (const o of objects) validateSchemaOnly(o);
  bytes += toYamlDocuments(objects).length;
}
process.stdout.write(`${(performance.now() - start).toFixed(1)} ${bytes}\n`);
