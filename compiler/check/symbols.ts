/**
 * The program's names: every declaration by name, with its kind and file. Built first, so that
 * references can point forwards and across files; declaration order never matters.
 */
import type { Decl, SourceFile } from '../syntax/ast.ts';
import type { Reporter } from './reporter.ts';

export interface Symbol {
  name: string;
  kind: 'service' | 'gateway' | 'external';
  decl: Decl;
  file: SourceFile;
}

export interface SymbolTable {
  byName: Map<string, Symbol>;
  meshes: { decl: Decl; file: SourceFile }[];
}

export function collectSymbols(files: SourceFile[], reporter: Reporter): SymbolTable {
  const byName = new Map<string, Symbol>();
  const meshes: { decl: Decl; file: SourceFile }[] = [];
  // NOTE: files are visited in path order and declarations in source order, so "the first one"
  // in duplicate reports is the same on every run, whatever order the files were given in.
  const ordered = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of ordered) {
    for (const decl of file.decls) {
      if (decl.declKind === 'mesh') {
        meshes.push({ decl, file });
        continue;
      }
      if (!decl.name) {
        reporter.report(file.path, 'M4005', decl.keyword, { keyword: decl.declKind });
        continue;
      }
      const name = decl.name.text;
      const earlier = byName.get(name);
      if (earlier) {
        reporter.report(file.path, 'M2003', decl.name.range, { name }, {
          related: [{ file: earlier.file.path, range: earlier.decl.name!.range, message: `\`${name}\` is first declared here (${earlier.kind})` }],
        });
        continue;
      }
      byName.set(name, { name, kind: decl.declKind, decl, file });
    }
  }
  for (const extra of meshes.slice(1)) {
    reporter.report(extra.file.path, 'M2006', extra.decl.keyword, {}, {
      related: [{ file: meshes[0]!.file.path, range: meshes[0]!.decl.keyword, message: 'the first `mesh` block' }],
    });
  }
  return { byName, meshes };
}
