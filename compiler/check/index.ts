/**
 * Stage 3 of the pipeline: syntax trees of all files → the checked model of the program.
 *
 * 1. Symbols: every declaration by name, across files (duplicates reported).
 * 2. The mesh block, then each declaration's own statements (`declarations.ts`).
 * 3. References: routes, their defaults and authorization rules, resolved against the models of
 *    step 2 (`routes.ts`, `security.ts`).
 *
 * The language server checks again after every edit, with a `CheckCache`: the result of step 2
 * for a declaration depends only on its syntax tree, its file and the mesh, and the result of
 * step 3 on those and on the step-2 models of the names it looked up (and, when it suggested a
 * name, on the list of names). So a declaration whose tree is the same object as last time (or a
 * tree that `compiler/query/program.ts` moved, with its ranges, because text before it changed)
 * keeps its results (moved in place with its text); each step is run again only where what it read
 * has changed. The cache-less
 * call (`meshc check`) runs the same code with an empty cache.
 *
 * **Invariant:** the checker never throws on any syntax tree, however broken; every problem is a
 * diagnostic, and the model holds only what checked out.
 *
 * **Invariant:** with a `CheckCache`, `checkFiles` returns what it returns without one: the same
 * model and the same diagnostics in the same order. `test/lsp/program.test.ts` and
 * `test/lsp/incremental.test.ts` compare them after every edit.
 */
import type { Diagnostic, Result } from '../diagnostics/types.ts';
import type { Decl, SourceFile, Stmt } from '../syntax/ast.ts';
import { checkExternal, checkGateway, checkMesh, checkService } from './declarations.ts';
import type * as M from './model.ts';
import { FileReporter, Reporter } from './reporter.ts';
import { checkRoutes, type RouteScope } from './routes.ts';
import { readAuthz } from './security.ts';
import { collectSymbols } from './symbols.ts';
import { boundsOf, markResults, markTrees, relocatable, unmark, type Bounds, type Relocation } from './relocate.ts';

export type { Relocation } from './relocate.ts';

/** Step 2 of one declaration: its own statements. */
interface OwnResult {
  /** The model before step 3 (`routes` empty, no authorization rules). Never changed. */
  model: M.Declaration;
  /** The statements step 3 reads, as indexes into `decl.body` (so that they survive a move). */
  routes: number[];
  defaults: number[];
  authz: number[];
  diagnostics: Diagnostic[];
}

/** Step 3 of one declaration: its references. */
interface RefResult {
  routes: M.Route[];
  authz: M.AuthzRule[];
  diagnostics: Diagnostic[];
  /** Every name looked up, with the entry it resolved to then. */
  deps: Map<string, Entry | undefined>;
  /** The list of names (with kinds, in order), when step 3 read it to suggest a name. */
  names: string | undefined;
}

interface Entry {
  decl: Decl;
  path: string;
  own: OwnResult;
  refs: RefResult | undefined;
  /** Where in each file the results hold ranges (computed when a file first moves). */
  bounds: Bounds | undefined;
}

/**
 * What one check leaves for the next: the results of steps 2 and 3 per declaration, keyed by
 * syntax tree, and the mesh they were computed against.
 */
export class CheckCache {
  private entries = new Map<Decl, Entry>();
  private mesh: { model: M.Mesh; json: string } | undefined;
  /** Counters for tests and benchmarks: step-2 and step-3 runs of the last check. */
  stats = { own: 0, refs: 0, relocated: 0 };

  /**
   * Moves the syntax trees `trees` (all after the edit) and the kept results after an edit of
   * `path` that replaced `[start, oldEnd)` of its text, in place (`relocate.ts`). Results that
   * hold a range in the replaced text are dropped.
   */
  relocate(path: string, relocation: Relocation, trees: unknown): void {
    if (relocation.delta === 0) return;
    const results: unknown[] = [];
    if (this.mesh) {
      if (relocatable(this.mesh.model, path, relocation)) results.push(this.mesh.model);
      else this.mesh = undefined;
    }
    this.stats.relocated = 0;
    for (const [decl, entry] of this.entries) {
      const parts = entry.refs ? [entry.own, entry.refs.routes, entry.refs.authz, entry.refs.diagnostics] : [entry.own];
      entry.bounds ??= boundsOf(parts);
      const bounds = entry.bounds.get(path);
      // NOTE: the bounds spare most results a walk: those wholly before the edit do not move,
      // and those wholly after it can.
      if (!bounds || bounds.max <= relocation.start) continue;
      if (bounds.min < relocation.oldEnd && !relocatable(parts, path, relocation)) {
        this.entries.delete(decl);
        continue;
      }
      if (bounds.min >= relocation.oldEnd) {
        bounds.min += relocation.delta;
        bounds.max += relocation.delta;
      } else entry.bounds = undefined;
      results.push(parts);
      this.stats.relocated++;
    }
    markTrees(trees, relocation.delta);
    markResults(results, path, relocation);
    unmark(trees);
    unmark(results);
    if (this.mesh) this.mesh.json = JSON.stringify(this.mesh.model);
  }

  clear(): void {
    this.entries.clear();
    this.mesh = undefined;
  }

  /** Prepares the cache for a check against `mesh`: a different mesh invalidates everything. */
  begin(mesh: M.Mesh): void {
    const json = JSON.stringify(mesh);
    if (!this.mesh || this.mesh.json !== json) this.entries.clear();
    this.mesh = { model: mesh, json };
  }

  /** The entry of `decl` in `path`, if its step 2 can be kept. */
  get(decl: Decl, path: string): Entry | undefined {
    const entry = this.entries.get(decl);
    return entry && entry.path === path ? entry : undefined;
  }

  /** Keeps exactly `live` for the next check. */
  keep(live: Map<Decl, Entry>): void {
    this.entries = live;
  }
}

export function checkFiles(files: SourceFile[], cache: CheckCache = new CheckCache()): Result<M.Program> {
  const reporter = new Reporter();
  const fileReporters = new Map<string, FileReporter>();
  const fileReporter = (path: string): FileReporter => {
    let fr = fileReporters.get(path);
    if (!fr) fileReporters.set(path, (fr = new FileReporter(reporter, path)));
    return fr;
  };

  const symbols = collectSymbols(files, reporter);
  const mesh = checkMesh(symbols.meshes, fileReporter);
  cache.begin(mesh);
  cache.stats.own = cache.stats.refs = 0;

  // Step 2, or its result from the cache.
  const current = new Map<string, Entry>();
  const live = new Map<Decl, Entry>();
  for (const symbol of symbols.byName.values()) {
    const path = symbol.file.path;
    let entry = cache.get(symbol.decl, path);
    if (!entry) {
      cache.stats.own++;
      const own = new Reporter();
      const fr = new FileReporter(own, path);
      const built =
        symbol.kind === 'service'
          ? checkService(fr, symbol.decl, mesh)
          : symbol.kind === 'gateway'
            ? checkGateway(fr, symbol.decl, mesh)
            : checkExternal(fr, symbol.decl, mesh);
      const index = (stmts: Stmt[]): number[] => stmts.map((s) => symbol.decl.body.indexOf(s));
      entry = {
        decl: symbol.decl,
        path,
        own: { model: built.model, routes: index(built.deferred.routes), defaults: index(built.deferred.defaults), authz: index(built.deferred.authz), diagnostics: own.diagnostics },
        refs: undefined,
        bounds: undefined,
      };
    }
    current.set(symbol.name, entry);
    live.set(symbol.decl, entry);
  }

  // Step 3, or its result when nothing it read has changed.
  let namesKey: string | undefined;
  const names = (): string => (namesKey ??= [...current].map(([name, e]) => `${name}:${e.own.model.kind}`).join(','));
  const allNames = (): Iterable<string> => current.keys();
  for (const entry of current.values()) {
    const refs = entry.refs;
    if (refs && (refs.names === undefined || refs.names === names()) && [...refs.deps].every(([name, dep]) => current.get(name) === dep)) continue;
    cache.stats.refs++;
    const deps = new Map<string, Entry | undefined>();
    let usedNames = false;
    const scope: RouteScope = {
      owner: entry.own.model,
      lookup: (name) => {
        const found = current.get(name);
        deps.set(name, found);
        return found?.own.model;
      },
      allNames: () => {
        usedNames = true;
        return allNames();
      },
      mesh,
    };
    const refReporter = new Reporter();
    const fr = new FileReporter(refReporter, entry.path);
    const body = entry.decl.body;
    const pick = <S extends Stmt>(indexes: number[]): S[] => indexes.map((i) => body[i] as S);
    const routes = checkRoutes(fr, scope, pick(entry.own.routes), pick(entry.own.defaults));
    const authz: M.AuthzRule[] = [];
    if (entry.own.model.kind !== 'external') {
      for (const stmt of pick<Extract<Stmt, { kind: 'Authz' }>>(entry.own.authz)) {
        const rule = readAuthz(fr, scope, stmt);
        if (rule) authz.push(rule);
      }
    }
    entry.refs = { routes, authz, diagnostics: refReporter.diagnostics, deps, names: usedNames ? names() : undefined };
    entry.bounds = undefined;
  }
  cache.keep(live);

  // The model of each declaration: step 2's, with step 3's routes and rules.
  const models: M.Declaration[] = [];
  const diagnostics = reporter.diagnostics;
  for (const entry of current.values()) diagnostics.push(...entry.own.diagnostics);
  for (const entry of current.values()) {
    const own = entry.own.model;
    const refs = entry.refs!;
    diagnostics.push(...refs.diagnostics);
    models.push(own.kind === 'external' ? { ...own, routes: refs.routes } : { ...own, routes: refs.routes, security: { ...own.security, authz: [...own.security.authz, ...refs.authz] } });
  }

  const sorted = models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const program: M.Program = {
    mesh,
    services: sorted.filter((d): d is M.Service => d.kind === 'service'),
    gateways: sorted.filter((d): d is M.Gateway => d.kind === 'gateway'),
    externals: sorted.filter((d): d is M.External => d.kind === 'external'),
  };
  return { value: program, diagnostics };
}

export type { Diagnostic };
