/**
 * `meshc/preview`: what a file or one declaration compiles to, for an editor to show beside the
 * source.
 *
 * The outputs are the compiler's own (`compileProgram`, exactly what `meshc compile` writes),
 * filtered to the declarations asked for. A target the compiler does not implement yet, or a
 * program with errors, gets no outputs and a message saying why, together with the checked
 * model's summary of each declaration (what it means, in plain words). It never makes up output.
 */
import * as L from 'vscode-languageserver';
import type { OutputFile, Target as CompilerTarget } from '../compiler/index.ts';
import { describeDeclaration, findDeclaration, occurrenceAt } from '../compiler/query/index.ts';
import { toOffset } from './convert.ts';
import type { Snapshot } from './workspace.ts';

export const PREVIEW_METHOD = 'meshc/preview';

export type Target = 'istio' | 'envoy' | 'gateway-api';

export interface PreviewParams {
  textDocument: { uri: string };
  /** A position on a declaration's name (or anywhere in it); without it, the whole file. */
  position?: L.Position;
  /** A declaration by name, instead of a position. */
  declaration?: string;
  /** Default: `istio`. */
  target?: Target;
}

export interface PreviewResult {
  uri: string;
  target: Target;
  /** The declarations previewed, by name. */
  declarations: string[];
  /** True when `outputs` is compiler output (possibly empty because of errors). */
  compiled: boolean;
  outputs: OutputFile[];
  /** Errors in the program; with any, nothing is compiled. */
  errors: number;
  /** Markdown: each declaration's behaviour in plain words, from the checked model. */
  summary: string;
  message?: string;
}

const compiled = new WeakMap<Snapshot, Map<string, { outputs: OutputFile[]; errors: number }>>();

/**
 * The compiler's backends (schema validators, serialisers) are loaded on the first preview, not
 * when the server starts: most sessions never ask for one, and they are most of its memory.
 */
const backends = () => import('../compiler/index.ts');

/** The targets the compiler implements (kept equal to `TARGETS` of compiler/index.ts by a test). */
export const COMPILER_TARGETS: readonly CompilerTarget[] = ['istio', 'envoy'];

/** Compiles the snapshot's program for `target`, once per snapshot and target. */
async function compileSnapshot(s: Snapshot, target: CompilerTarget): Promise<{ outputs: OutputFile[]; errors: number }> {
  let byTarget = compiled.get(s);
  if (!byTarget) compiled.set(s, (byTarget = new Map()));
  const cached = byTarget.get(target);
  if (cached) return cached;
  const files = [...s.texts].filter(([uri]) => s.file(uri)).map(([path, text]) => ({ path, text }));
  const result = (await backends()).compileProgram(files, { targets: [target] });
  const value = { outputs: result.outputs, errors: result.diagnostics.filter((d) => d.severity === 'error').length };
  byTarget.set(target, value);
  return value;
}

/**
 * Whether an output file is a declaration's: `TARGET/NS/KIND-NAME.yaml` (Istio, one file per
 * declaration, `declarationPath`) or a folder `TARGET/NS/KIND-NAME/` (Envoy, one per proxy).
 */
export function belongsTo(path: string, target: string, namespace: string, name: string): boolean {
  const prefix = `${target}/${namespace}/`;
  if (!path.startsWith(prefix)) return false;
  const segment = path.slice(prefix.length).split('/')[0]!.replace(/\.[a-z]+$/, '');
  const dash = segment.indexOf('-');
  return dash > 0 && /^[a-z]+$/.test(segment.slice(0, dash)) && segment.slice(dash + 1) === name;
}

export async function preview(s: Snapshot, p: PreviewParams): Promise<PreviewResult> {
  const uri = p.textDocument.uri;
  const target: Target = p.target ?? 'istio';
  const file = s.file(uri);
  if (!file) throw new L.ResponseError(L.ErrorCodes.InvalidParams, `${uri} is not a .mesh file of the workspace.`);
  let names: string[];
  if (p.declaration !== undefined) names = [p.declaration];
  else if (p.position) {
    const offset = toOffset(s.lines(uri), p.position);
    const o = occurrenceAt(s.names, uri, offset);
    const decl = o && (o.role === 'service' || o.role === 'gateway' || o.role === 'external') ? o.name : file.decls.find((d) => d.range.start <= offset && offset <= d.range.end)?.name?.text;
    names = decl ? [decl] : [];
  } else names = file.decls.flatMap((d) => (d.name && d.declKind !== 'mesh' ? [d.name.text] : []));

  const program = s.result.program;
  const decls = names.map((n) => findDeclaration(program, n)).filter((d) => d !== undefined);
  const summary = decls.map((d) => describeDeclaration(d, program)).join('\n\n---\n\n');
  const base = { uri, target, declarations: names, summary };
  if (!(COMPILER_TARGETS as readonly string[]).includes(target)) {
    const errors = s.result.diagnostics.filter((d) => d.severity === 'error').length;
    return { ...base, compiled: false, outputs: [], errors, message: `The ${target} target is not implemented yet; targets: ${COMPILER_TARGETS.join(', ')}.` };
  }
  const result = await compileSnapshot(s, target as CompilerTarget);
  return {
    ...base,
    compiled: true,
    outputs: result.outputs.filter((o) => decls.some((d) => belongsTo(o.path, target, d.namespace, d.name))),
    errors: result.errors,
    ...(result.errors > 0 ? { message: `The program has ${result.errors} error${result.errors === 1 ? '' : 's'}, so nothing is compiled.` } : {}),
  };
}
