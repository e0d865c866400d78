/**
 * The documentation pages of diagnostic codes (`docs/diagnostics/<CODE>.md`), for `meshc explain`.
 *
 * NOTE: this file reads the pages from the repository, which is right when meshc runs from its
 * sources (tests, `tsx`). The bundled CLI must not depend on a checkout, so `scripts/build.mjs`
 * replaces this module with one that holds every page as a string and exports the same function.
 */
import { readFileSync } from 'node:fs';

/** The markdown page of `code`, or undefined when there is none. `code` must be a registry code. */
export function docsPage(code: string): string | undefined {
  try {
    return readFileSync(new URL(`../../docs/diagnostics/${code}.md`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}
