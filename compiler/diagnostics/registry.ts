/**
 * The one diagnostics registry.
 *
 * Every code the compiler can report is declared here, once: its default severity, a short title,
 * the message template, and whether a quick fix exists. `meshc explain`, the docs pages
 * (`docs/diagnostics/<CODE>.md`), SARIF rules, GitHub annotation titles and (later) the language
 * server's `codeDescription` all derive from this table. A test fails when a code has no docs page
 * or a docs page has no code.
 *
 * NOTE: codes are stable forever: never reuse a code for another meaning.
 * Ranges, one file each under `specs/`: M0xxx input and files, M1xxx syntax, M2xxx names and
 * references, M3xxx values and types, M4xxx structure of declarations. M5xxx is reserved for the
 * misconfiguration analyses, M6xxx for target backends.
 */
import type { Severity } from './types.ts';
import { inputSpecs } from './specs/input.ts';
import { syntaxSpecs } from './specs/syntax.ts';
import { nameSpecs } from './specs/names.ts';
import { valueSpecs } from './specs/values.ts';
import { structureSpecs } from './specs/structure.ts';
import { analysisSpecs } from './specs/analyses.ts';
import { targetSpecs } from './specs/targets.ts';

export interface DiagnosticSpec {
  code: string;
  severity: Severity;
  /** A short noun phrase, used as the SARIF rule name and GitHub annotation title. */
  title: string;
  /**
   * The message, with `{name}` placeholders filled in by `message(code, args)`. Messages say what
   * is wrong and, where it is not obvious, how to fix it.
   */
  template: string;
  /** True when the diagnostic carries a mechanical quick fix. */
  fixable?: boolean;
}

const specs: DiagnosticSpec[] = [
  ...inputSpecs,
  ...syntaxSpecs,
  ...nameSpecs,
  ...valueSpecs,
  ...structureSpecs,
  ...analysisSpecs,
  ...targetSpecs,
];

export const registry: ReadonlyMap<string, DiagnosticSpec> = new Map(specs.map((s) => [s.code, s]));

/** All specs in code order. */
export function allSpecs(): DiagnosticSpec[] {
  return [...registry.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function spec(code: string): DiagnosticSpec {
  const found = registry.get(code);
  if (!found) throw new Error(`internal: diagnostic code ${code} is not in the registry`);
  return found;
}

/** Fills a code's template with `args`; unknown placeholders are left as written. */
export function message(code: string, args: Record<string, string | number> = {}): string {
  return spec(code).template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in args ? String(args[name]) : whole,
  );
}

/** The public documentation address of a code's page. */
export function docsUrl(code: string): string {
  return `https://github.com/meshc/meshc/blob/main/docs/diagnostics/${code}.md`;
}
