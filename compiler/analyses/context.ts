/**
 * What every analysis gets: the checked program, the syntax trees and texts it came from (for exact
 * ranges and quick fixes), which declarations checked out without errors, and a `report` that
 * builds diagnostics from the registry.
 *
 * NOTE: the model keeps the range of every statement it was built from; the syntax index maps those
 * ranges back to syntax nodes, so that an analysis can point at one word of a statement (the
 * `per-try` value of a `retries`, the name of a `version { … }`) without the model carrying every
 * sub-range.
 */
import { message, spec } from '../diagnostics/registry.ts';
import type { Diagnostic, QuickFix, Range, RelatedLocation, TextEdit } from '../diagnostics/types.ts';
import type * as A from '../syntax/ast.ts';
import type * as M from '../check/model.ts';

export interface ReportExtras {
  related?: RelatedLocation[];
  fixes?: QuickFix[];
}

/** One analysis: a module of this folder, with the codes it may report. */
export interface Analysis {
  /** The module's name, for profiles and error messages. */
  name: string;
  codes: readonly string[];
  run(ctx: AnalysisContext): void;
}

export interface AnalysisInput {
  program: M.Program;
  files: readonly A.SourceFile[];
  /** The text of each file by path; quick fixes that need text are left out without it. */
  texts?: ReadonlyMap<string, string>;
  /** Diagnostics of the stages before: errors among them switch analyses off where they are. */
  prior?: readonly Diagnostic[];
}

const key = (file: string, range: Range): string => `${file}\u0000${range.start}\u0000${range.end}`;

/** A range as one number, for the syntax index: nodes are shorter than 2^26 code units. */
const rangeKey = (range: Range): number => range.start * 2 ** 26 + (range.end - range.start);

export class AnalysisContext {
  readonly program: M.Program;
  readonly diagnostics: Diagnostic[] = [];
  /** True when no stage before reported an error anywhere in the program. */
  readonly programClean: boolean;
  private readonly texts: ReadonlyMap<string, string>;
  private readonly files: readonly A.SourceFile[];
  private readonly errors: Map<string, Range[]>;
  private readonly indexes = new Map<string, FileIndex>();
  private readonly seen = new Set<string>();

  constructor(input: AnalysisInput) {
    this.program = input.program;
    this.files = input.files;
    this.texts = input.texts ?? new Map();
    this.errors = new Map();
    let clean = true;
    for (const d of input.prior ?? []) {
      if (d.severity !== 'error') continue;
      clean = false;
      let list = this.errors.get(d.file);
      if (!list) this.errors.set(d.file, (list = []));
      list.push(d.range);
    }
    this.programClean = clean;
    this.declarationsClean = clean;
    if (!clean) {
      // An error outside every declaration (in the mesh block, or input the parser skipped) may
      // hide anything: then no declaration counts as clean.
      const decls = [...this.program.services, ...this.program.gateways, ...this.program.externals].map((d) => d.loc);
      this.declarationsClean = [...this.errors].every(([file, ranges]) =>
        ranges.every((r) => decls.some((loc) => loc.file === file && within(r, loc.range))),
      );
    }
  }

  /** False when an error lies outside every declaration: then no declaration is trusted. */
  private readonly declarationsClean: boolean;

  /**
   * True when the declaration has no error inside it. Analyses skip declarations with errors: the
   * model holds only what checked out, so a finding there could be an artefact of what was dropped.
   */
  isClean(decl: M.Declaration | undefined): boolean {
    if (!decl) return false;
    if (this.programClean) return true;
    if (!this.declarationsClean) return false;
    const ranges = this.errors.get(decl.loc.file);
    return !ranges || !ranges.some((r) => within(r, decl.loc.range));
  }

  /** Reports `code` at `at` with the registry's message; a second identical report is dropped. */
  report(code: string, at: M.Loc, args: Record<string, string | number> = {}, extras: ReportExtras = {}): void {
    const text = message(code, args);
    const id = `${code}\u0000${key(at.file, at.range)}\u0000${text}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const diagnostic: Diagnostic = { code, severity: spec(code).severity, file: at.file, range: at.range, message: text };
    if (extras.related && extras.related.length > 0) diagnostic.related = extras.related;
    const fixes = (extras.fixes ?? []).filter((f) => f.edits.length > 0);
    if (fixes.length > 0) diagnostic.fixes = fixes;
    this.diagnostics.push(diagnostic);
  }

  related(at: M.Loc, text: string): RelatedLocation {
    return { file: at.file, range: at.range, message: text };
  }

  // ---- Source text -------------------------------------------------------------------------------

  /** The text of a file, or undefined when the caller gave none. */
  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  /** The source text of `loc` with runs of white space made one space; `fallback` without text. */
  snippet(loc: M.Loc, fallback: string, max = 60): string {
    const text = this.texts.get(loc.file);
    if (text === undefined) return fallback;
    const shown = text.slice(loc.range.start, loc.range.end).replace(/\s+/g, ' ').trim();
    return shown.length > max ? `${shown.slice(0, max - 1).trimEnd()}…` : shown;
  }

  /** The location from the start of the first of `locs` to the end of the last (one file). */
  spanOf(locs: readonly M.Loc[]): M.Loc {
    const first = locs[0]!;
    const last = locs[locs.length - 1]!;
    return { file: first.file, range: { start: first.range.start, end: last.range.end } };
  }

  // ---- Syntax ------------------------------------------------------------------------------------

  /** The syntax node a model element was built from, by its exact location. */
  node(loc: M.Loc): A.Stmt | A.Rule | A.Decl | undefined {
    return this.fileIndex(loc.file)?.nodes.get(rangeKey(loc.range));
  }

  stmt<K extends A.Stmt['kind']>(loc: M.Loc, kind: K): Extract<A.Stmt, { kind: K }> | undefined {
    const node = this.node(loc);
    return node && node.kind === kind ? (node as Extract<A.Stmt, { kind: K }>) : undefined;
  }

  rule(loc: M.Loc): A.Rule | undefined {
    const node = this.node(loc);
    return node?.kind === 'Rule' ? node : undefined;
  }

  /** The destination (`v2 10%`, `reviews.v1:9080`) a model destination was built from. */
  target(loc: M.Loc): A.Target | undefined {
    return this.fileIndex(loc.file)?.targets.get(rangeKey(loc.range));
  }

  /** The `mtls` statement of the `mesh` block, when one sets the mode. */
  meshMtls(): M.Loc | undefined {
    const loc = this.program.mesh.loc;
    if (!loc) return undefined;
    const decl = this.node(loc);
    if (decl?.kind !== 'Decl') return undefined;
    const stmt = [...decl.body].reverse().find((s) => s.kind === 'Mtls');
    return stmt ? { file: loc.file, range: stmt.range } : undefined;
  }

  /** The index of one file's syntax nodes by range, built the first time a node is asked for. */
  private fileIndex(path: string): FileIndex | undefined {
    let index = this.indexes.get(path);
    if (index) return index;
    const file = this.files.find((f) => f.path === path);
    if (!file) return undefined;
    index = { nodes: new Map(), targets: new Map() };
    const { nodes, targets } = index;
    const addStmts = (stmts: readonly A.Stmt[]): void => {
      for (const stmt of stmts) {
        nodes.set(rangeKey(stmt.range), stmt);
        if (stmt.kind === 'Version' || stmt.kind === 'Headers') addStmts(stmt.body);
        if (stmt.kind === 'Mirror' && stmt.target) targets.set(rangeKey(stmt.target.range), stmt.target);
        if (stmt.kind === 'Route') {
          for (const rule of stmt.rules) {
            // A shorthand route's one rule has the route's range; the route keeps the key.
            if (!stmt.shorthand) nodes.set(rangeKey(rule.range), rule);
            if (rule.action?.kind === 'Forward') for (const t of rule.action.targets) targets.set(rangeKey(t.range), t);
            addStmts(rule.body);
          }
        }
      }
    };
    for (const decl of file.decls) {
      nodes.set(rangeKey(decl.range), decl);
      addStmts(decl.body);
    }
    this.indexes.set(path, index);
    return index;
  }
}

interface FileIndex {
  nodes: Map<number, A.Stmt | A.Rule | A.Decl>;
  targets: Map<number, A.Target>;
}

export function within(inner: Range, outer: Range): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

// ---- Edits --------------------------------------------------------------------------------------

/** An edit replacing `range` of `file`. */
export function edit(file: string, range: Range, newText: string): TextEdit {
  return { file, range, newText };
}

/**
 * The range to delete to remove `range` from `text` cleanly: its whole lines when it stands alone
 * on them (with their line break), else the range and the blanks before it.
 */
export function removalRange(text: string, range: Range): Range & { lines: boolean } {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const before = text.slice(lineStart, range.start);
  let lineEnd = text.indexOf('\n', range.end);
  if (lineEnd === -1) lineEnd = text.length;
  const after = text.slice(range.end, lineEnd);
  if (/^[ \t]*$/.test(before) && /^[ \t\r]*$/.test(after)) {
    return { start: lineStart, end: Math.min(text.length, lineEnd + 1), lines: true };
  }
  let start = range.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: range.end, lines: false };
}

/** The white space that starts the line `offset` is on. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** True when only blanks come before `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}

/** A duration as meshc writes it: `1500ms`, `2s`, `1m30s`. */
export function formatDuration(ms: number): string {
  if (ms % 1000 !== 0) return `${ms}ms`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}

/** A percentage as meshc writes it: `10%`, `12.5%`. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(4))}%`;
}

/** `a`, `a and b`, `a, b and c`. */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function declarations(program: M.Program): M.Declaration[] {
  return [...program.services, ...program.gateways, ...program.externals];
}
