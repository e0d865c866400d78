/**
 * `meshc explain CODE`: the documentation page of one diagnostic code.
 */
import { allSpecs, registry } from '../../diagnostics/registry.ts';
import { parseArgs } from '../args.ts';
import { docsPage } from '../docs-pages.ts';
import { didYouMean, usageError } from '../errors.ts';
import type { CliIO } from '../io.ts';

export function explain(argv: readonly string[], io: CliIO): number {
  const { positionals } = parseArgs(argv, [], 'explain');
  if (positionals.length !== 1) throw usageError('meshc explain takes one diagnostic code', 'explain');
  const given = positionals[0]!;
  // Codes are written in capitals, but `m1001` is unambiguous, so it is accepted too.
  const code = given.toUpperCase();
  const spec = registry.get(code);
  if (!spec) {
    const codes = allSpecs().map((s) => s.code);
    throw usageError(`unknown diagnostic code ${given}${didYouMean(code, codes)}`, 'explain');
  }
  // Every code has a page (a registry test makes sure); while one is being written, the
  // registry's own description is better than nothing.
  const page =
    docsPage(code) ?? `# ${code}: ${spec.title}\n\nSeverity: ${spec.severity}\n\n${spec.template}\n`;
  io.stdout(page.endsWith('\n') ? page : `${page}\n`);
  return 0;
}
