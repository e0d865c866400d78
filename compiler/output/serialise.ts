/**
 * The text of one file of compiled output, by target: the one place that says which serialiser
 * each target's files are written with. A file is serialised only after it has passed its
 * target's validation gate (`gateOutput` in `targets.ts`).
 *
 * This module imports nothing but the serialisers, so that the output worker (`worker.ts`), which
 * only serialises, starts without loading the front end, the backends or the validators.
 */
import type { PendingOutput } from '../targets.ts';
import { toYamlDocuments } from '../emit/yaml.ts';
import { toPlainYaml } from '../emit/plain-yaml.ts';

/** Pure: the same output always gives the same bytes, on any thread. */
export function serialiseOutput(output: PendingOutput): string {
  return output.target === 'istio' ? toYamlDocuments(output.objects) : toPlainYaml(output.document);
}

/**
 * Whether an output is one of the few very large files of a compile: a DiscoveryResponse of
 * Envoy's shared outbound resources holds every service's clusters or routes (44 MB of YAML at
 * 5000 services). The main thread serialises these itself (`parallel.ts`): copying them to the
 * output worker would hold a second copy of the largest documents in memory, and one such file
 * in the worker's last chunk would leave this thread waiting for it.
 */
export function isLarge(output: PendingOutput): boolean {
  return output.target === 'envoy' && output.kind === 'xds' && output.document.resources.length > LARGE_RESOURCES;
}

/** Resources in one DiscoveryResponse from which the file counts as large (about 1 MB of YAML). */
const LARGE_RESOURCES = 500;
