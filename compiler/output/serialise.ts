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
