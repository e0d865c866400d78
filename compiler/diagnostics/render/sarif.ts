/**
 * SARIF 2.1.0, the format code-scanning services (GitHub code scanning among them) read.
 *
 * One run. Its driver lists every code of the registry as a rule, with the docs page as `helpUri`,
 * and, as GitHub code scanning requires of every rule, a `fullDescription` (the page's summary)
 * and `help` (the whole page, in Markdown and as text); each result points at its rule by `ruleId`
 * and `ruleIndex`. File locations are URIs relative to the repository's root (`root`: where
 * `.git` is, or `GITHUB_WORKSPACE`) under the `%SRCROOT%` base, which is how code scanning
 * expects repository paths, whichever folder meshc ran in; a file outside the root gets an
 * absolute `file:` URI instead. Columns are UTF-16 code units, which is SARIF's default
 * `columnKind`, and are stated anyway.
 *
 * `test/cli/sarif-code-scanning.e2e.ts` checks the output with Microsoft's SARIF validator, with
 * its GitHub ingestion rules.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { allSpecs, docsUrl } from '../registry.ts';
import type { Diagnostic, Range, Severity } from '../types.ts';
import { Locator, sortDiagnostics, type RenderInput } from './common.ts';

export interface SarifOptions {
  /** The directory that relative paths in diagnostics are relative to. */
  cwd: string;
  /** The repository's root, which URIs are relative to (default: `cwd`). */
  root?: string;
  /** The meshc version, reported as the driver's version. */
  version: string;
  /** The documentation page of a code, in Markdown; without one, the help is the message template. */
  docs?: (code: string) => string | undefined;
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/meshc/meshc';
const SOURCE_ROOT = '%SRCROOT%';

const LEVELS: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export function renderSarif(input: RenderInput, options: SarifOptions): string {
  return `${JSON.stringify(sarifLog(input, options), null, 2)}\n`;
}

export function sarifLog(input: RenderInput, options: SarifOptions): Sarif.Log {
  const specs = allSpecs();
  const ruleIndex = new Map(specs.map((s, i) => [s.code, i]));
  const locator = new Locator(input.sources);

  const location = (file: string, range: Range): Sarif.Location => {
    const at = locator.range(file, range);
    return {
      physicalLocation: {
        artifactLocation: artifact(file, options.cwd, options.root ?? options.cwd),
        region: {
          startLine: at.start.line,
          startColumn: at.start.column,
          endLine: at.end.line,
          endColumn: at.end.column,
        },
      },
    };
  };

  const result = (d: Diagnostic): Sarif.Result => {
    const sarifResult: Sarif.Result = {
      ruleId: d.code,
      level: LEVELS[d.severity],
      message: { text: d.message },
      locations: [location(d.file, d.range)],
    };
    // Every code is registered (a registry test makes sure); an unregistered one still gets a
    // result, just without a rule to point at.
    const index = ruleIndex.get(d.code);
    if (index !== undefined) sarifResult.ruleIndex = index;
    if (d.related?.length) {
      sarifResult.relatedLocations = d.related.map((r, id) => ({
        id,
        ...location(r.file, r.range),
        message: { text: r.message },
      }));
    }
    return sarifResult;
  };

  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meshc',
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules: specs.map((s) => {
              const page = options.docs?.(s.code);
              const help = page ?? `# ${s.code}: ${s.title}\n\n${s.template}\n\nSee ${docsUrl(s.code)}.\n`;
              return {
                id: s.code,
                name: s.title,
                shortDescription: { text: s.title },
                fullDescription: { text: (page && summaryOf(page)) || `${s.title}: ${s.template}` },
                helpUri: docsUrl(s.code),
                help: { text: help, markdown: help },
                defaultConfiguration: { level: LEVELS[s.severity] },
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: sortDiagnostics(input.diagnostics).map(result),
      },
    ],
  };
}

/** The text of a docs page's `## Summary` section, on one line. */
function summaryOf(page: string): string | undefined {
  const match = /^## Summary\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(page);
  const text = match?.[1]?.trim().replace(/\s*\n\s*/g, ' ');
  return text || undefined;
}

/** A relative URI under `%SRCROOT%` when `file` is inside `root`, else an absolute `file:` URI. */
function artifact(file: string, cwd: string, root: string): Sarif.ArtifactLocation {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(absolute).href };
  }
  const uri = relative.split(path.sep).map(encodeURIComponent).join('/');
  return { uri, uriBaseId: SOURCE_ROOT };
}
