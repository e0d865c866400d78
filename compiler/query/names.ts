/**
 * Where each name of a program is declared and used: the index behind go to definition, find
 * references, rename, document highlights and the semantic colouring of names.
 *
 * Built from the syntax trees alone, with the checker's rules of resolution, so that it works on
 * a program with errors: a route target `v2` in service `reviews` is the version `reviews.v2`
 * when the service declares one, else the service or external `v2` (`compiler/check/routes.ts`,
 * `resolveTarget`); `reviews.v2` is always version `v2` of service `reviews`; `from NAME` names a
 * service. A name that resolves to nothing is still recorded, with a key that has no declaration,
 * so that references to a misspelt name can be found too.
 *
 * Symbol keys: `decl:NAME` for services, gateways and externals (they share one set of names),
 * `version:SERVICE.NAME` for versions, `namespace:NAME` for namespaces.
 */
import type * as A from '../syntax/ast.ts';
import type { Range } from '../diagnostics/types.ts';

export type NameRole = 'service' | 'gateway' | 'external' | 'version' | 'namespace' | 'unresolved';

export interface Occurrence {
  file: string;
  range: Range;
  /** The symbol this name refers to (see the module comment). */
  key: string;
  /** The text as written. */
  name: string;
  /** What the name refers to; `unresolved` when no declaration has that name. */
  role: NameRole;
  /** True where the symbol is declared (a declaration's name, a version in `versions`). */
  declaration: boolean;
}

export interface SymbolInfo {
  key: string;
  name: string;
  role: Exclude<NameRole, 'unresolved'>;
  /** For a version: its service. */
  container?: string;
  /** The first declaration, in path order (the one the checker keeps). */
  file: string;
  range: Range;
  /** The whole declaration (the `service … { … }` block, the `version … { … }` statement). */
  fullRange: Range;
}

export interface NameIndex {
  occurrences: Occurrence[];
  /** Occurrences per file, sorted by position. */
  byFile: Map<string, Occurrence[]>;
  /** Occurrences per symbol key, in path and position order. */
  byKey: Map<string, Occurrence[]>;
  /** Declared symbols by key. */
  symbols: Map<string, SymbolInfo>;
}

export const declKey = (name: string): string => `decl:${name}`;
export const versionKey = (service: string, version: string): string => `version:${service}.${version}`;
export const namespaceKey = (name: string): string => `namespace:${name}`;

interface DeclEntry {
  kind: 'service' | 'gateway' | 'external';
  decl: A.Decl;
  file: string;
  versions: Set<string>;
}

/** Builds the index of `files` (the syntax trees of one program). */
export function indexNames(files: readonly A.SourceFile[]): NameIndex {
  const ordered = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const decls = new Map<string, DeclEntry>();
  const symbols = new Map<string, SymbolInfo>();
  const occurrences: Occurrence[] = [];

  // Pass one: declarations and their versions, the first of each name winning as in the checker.
  for (const file of ordered) {
    for (const decl of file.decls) {
      if (decl.declKind === 'mesh' || !decl.name) continue;
      if (decls.has(decl.name.text)) continue;
      const entry: DeclEntry = { kind: decl.declKind, decl, file: file.path, versions: new Set() };
      decls.set(decl.name.text, entry);
      symbols.set(declKey(decl.name.text), {
        key: declKey(decl.name.text),
        name: decl.name.text,
        role: decl.declKind,
        file: file.path,
        range: decl.name.range,
        fullRange: decl.range,
      });
      if (decl.declKind !== 'service') continue;
      for (const stmt of decl.body) {
        const names = stmt.kind === 'Versions' ? stmt.names.map((n) => ({ n, full: n.range })) : stmt.kind === 'Version' && stmt.name ? [{ n: stmt.name, full: stmt.range }] : [];
        for (const { n, full } of names) {
          entry.versions.add(n.text);
          const key = versionKey(decl.name.text, n.text);
          if (!symbols.has(key)) {
            symbols.set(key, { key, name: n.text, role: 'version', container: decl.name.text, file: file.path, range: n.range, fullRange: full });
          }
        }
      }
    }
  }
  // Namespaces are declared by the mesh block (`namespace`, `namespaces`), when it names them.
  for (const file of ordered) {
    for (const decl of file.decls) {
      if (decl.declKind !== 'mesh') continue;
      for (const stmt of decl.body) {
        const names = stmt.kind === 'Namespaces' ? stmt.names : stmt.kind === 'Namespace' && stmt.name ? [stmt.name] : [];
        for (const n of names) {
          const key = namespaceKey(n.text);
          if (!symbols.has(key)) symbols.set(key, { key, name: n.text, role: 'namespace', file: file.path, range: n.range, fullRange: stmt.range });
        }
      }
    }
  }

  const roleOfDecl = (name: string): NameRole => decls.get(name)?.kind ?? 'unresolved';

  for (const file of ordered) {
    const add = (range: Range, key: string, name: string, role: NameRole, declaration = false): void => {
      occurrences.push({ file: file.path, range, key, name, role, declaration });
    };
    const declRef = (ident: A.Ident): void => add(ident.range, declKey(ident.text), ident.text, roleOfDecl(ident.text));
    const namespaceRef = (ident: A.Ident, declaration: boolean): void =>
      add(ident.range, namespaceKey(ident.text), ident.text, symbols.has(namespaceKey(ident.text)) ? 'namespace' : 'unresolved', declaration);

    /** A route or mirror destination, resolved as `resolveTarget` does. */
    const target = (t: A.Target, owner: A.Decl): void => {
      const ownerEntry = owner.name ? decls.get(owner.name.text) : undefined;
      if (t.version) {
        declRef(t.name);
        const service = decls.get(t.name.text);
        const known = service?.kind === 'service' && service.versions.has(t.version.text);
        add(t.version.range, versionKey(t.name.text, t.version.text), t.version.text, known ? 'version' : 'unresolved');
        return;
      }
      if (owner.declKind === 'service' && owner.name && ownerEntry?.decl === owner && ownerEntry.versions.has(t.name.text)) {
        add(t.name.range, versionKey(owner.name.text, t.name.text), t.name.text, 'version');
        return;
      }
      declRef(t.name);
    };

    const stmts = (body: A.Stmt[], owner: A.Decl): void => {
      for (const stmt of body) statement(stmt, owner);
    };

    const statement = (stmt: A.Stmt, owner: A.Decl): void => {
      const ownerName = owner.name?.text;
      switch (stmt.kind) {
        case 'Versions':
          if (owner.declKind === 'service' && ownerName) {
            for (const n of stmt.names) add(n.range, versionKey(ownerName, n.text), n.text, 'version', true);
          }
          return;
        case 'Version':
          if (owner.declKind === 'service' && ownerName && stmt.name) add(stmt.name.range, versionKey(ownerName, stmt.name.text), stmt.name.text, 'version', true);
          stmts(stmt.body, owner);
          return;
        case 'Route':
          for (const rule of stmt.rules) {
            for (const clause of rule.when) {
              for (const atom of clause.atoms) {
                if (atom.kind !== 'SourceMatch' || !atom.name) continue;
                if (atom.namespace) namespaceRef(atom.name, false);
                else declRef(atom.name);
              }
            }
            if (rule.action?.kind === 'Forward') for (const t of rule.action.targets) target(t, owner);
            stmts(rule.body, owner);
          }
          return;
        case 'Mirror':
          if (stmt.target) target(stmt.target, owner);
          return;
        case 'Authz':
          for (const source of stmt.from) {
            if (source.kind === 'service') declRef(source.name);
            else if (source.kind === 'namespace' && source.name) namespaceRef(source.name, false);
          }
          return;
        case 'Namespace':
          if (stmt.name) namespaceRef(stmt.name, owner.declKind === 'mesh');
          return;
        case 'Namespaces':
          for (const n of stmt.names) namespaceRef(n, owner.declKind === 'mesh');
          return;
        case 'Headers':
          stmts(stmt.body, owner);
          return;
        default:
          return;
      }
    };

    for (const decl of file.decls) {
      if (decl.name && decl.declKind !== 'mesh') {
        add(decl.name.range, declKey(decl.name.text), decl.name.text, decl.declKind, true);
      }
      stmts(decl.body, decl);
    }
  }

  const byFile = new Map<string, Occurrence[]>();
  const byKey = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    let list = byFile.get(o.file);
    if (!list) byFile.set(o.file, (list = []));
    list.push(o);
    let keyed = byKey.get(o.key);
    if (!keyed) byKey.set(o.key, (keyed = []));
    keyed.push(o);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.range.start - b.range.start);
  return { occurrences, byFile, byKey, symbols };
}

/** The occurrence whose range contains `offset` (its end included, for a cursor after a name). */
export function occurrenceAt(index: NameIndex, file: string, offset: number): Occurrence | undefined {
  const list = index.byFile.get(file);
  if (!list) return undefined;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const o = list[mid]!;
    if (o.range.end < offset) low = mid + 1;
    else if (o.range.start > offset) high = mid - 1;
    else return o;
  }
  return undefined;
}
