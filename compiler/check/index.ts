/**
 * Stage 3 of the pipeline: syntax trees of all files → the checked model of the program.
 *
 * 1. Symbols: every declaration by name, across files (duplicates reported).
 * 2. The mesh block, then each declaration's own statements (`declarations.ts`).
 * 3. References: routes, their defaults and authorization rules, resolved against the models of
 *    step 2 (`routes.ts`, `security.ts`).
 *
 * **Invariant:** the checker never throws on any syntax tree, however broken; every problem is a
 * diagnostic, and the model holds only what checked out.
 */
import type { Diagnostic, Result } from '../diagnostics/types.ts';
import type { SourceFile } from '../syntax/ast.ts';
import { checkExternal, checkGateway, checkMesh, checkService, type Deferred } from './declarations.ts';
import type * as M from './model.ts';
import { FileReporter, Reporter } from './reporter.ts';
import { checkRoutes, type RouteScope } from './routes.ts';
import { readAuthz } from './security.ts';
import { collectSymbols } from './symbols.ts';

export function checkFiles(files: SourceFile[]): Result<M.Program> {
  const reporter = new Reporter();
  const fileReporters = new Map<string, FileReporter>();
  const fileReporter = (path: string): FileReporter => {
    let fr = fileReporters.get(path);
    if (!fr) fileReporters.set(path, (fr = new FileReporter(reporter, path)));
    return fr;
  };

  const symbols = collectSymbols(files, reporter);
  const mesh = checkMesh(symbols.meshes, fileReporter);

  const models = new Map<string, { model: M.Declaration; deferred: Deferred; fr: FileReporter }>();
  for (const symbol of symbols.byName.values()) {
    const fr = fileReporter(symbol.file.path);
    const built =
      symbol.kind === 'service'
        ? checkService(fr, symbol.decl, mesh)
        : symbol.kind === 'gateway'
          ? checkGateway(fr, symbol.decl, mesh)
          : checkExternal(fr, symbol.decl, mesh);
    models.set(symbol.name, { ...built, fr });
  }

  const lookup = (name: string): M.Declaration | undefined => models.get(name)?.model;
  const allNames = (): Iterable<string> => models.keys();
  for (const { model, deferred, fr } of models.values()) {
    const scope: RouteScope = { owner: model, lookup, allNames, mesh };
    model.routes = checkRoutes(fr, scope, deferred.routes, deferred.defaults);
    if (model.kind !== 'external') {
      for (const stmt of deferred.authz) {
        const rule = readAuthz(fr, scope, stmt);
        if (rule) model.security.authz.push(rule);
      }
    }
  }

  const sorted = [...models.values()].map((m) => m.model).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const program: M.Program = {
    mesh,
    services: sorted.filter((d): d is M.Service => d.kind === 'service'),
    gateways: sorted.filter((d): d is M.Gateway => d.kind === 'gateway'),
    externals: sorted.filter((d): d is M.External => d.kind === 'external'),
  };
  return { value: program, diagnostics: reporter.diagnostics };
}

export type { Diagnostic };
