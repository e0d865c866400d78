/**
 * The workspace model: which files form the program, and their current texts.
 *
 * Every `.mesh` file below the workspace folders is part of the one program (skipping hidden
 * folders and `node_modules`, as `meshc check` does), read from disk. An open editor buffer
 * overrides the file on disk, and an open file outside every folder joins the program too. Files
 * created, changed or deleted on disk are picked up through `workspace/didChangeWatchedFiles`.
 *
 * Every change bumps `generation`. `snapshot()` checks the program of the current generation
 * once, with a `ProgramCache` so that only changed files are parsed again, and keeps it until the
 * next change: every request and every diagnostics report of one generation reads the same
 * snapshot, so they never disagree, and nothing computed for an older generation is ever shown.
 * NOTE: a snapshot is valid until the next one is computed: the `ProgramCache` moves the syntax
 * trees and model ranges it shares with the next one in place (`compiler/query/program.ts`).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseProjectConfig, type CheckResult, type ProjectConfig, type SourceText } from '../compiler/frontend.ts';
import type { Diagnostic } from '../compiler/diagnostics/types.ts';
import { decode, indexNames, LineIndex, ProgramCache, type NameIndex } from '../compiler/query/index.ts';

/** What the program sees of one file. */
type DiskFile = { text: string } | { diagnostic: Diagnostic };

export interface Snapshot {
  generation: number;
  result: CheckResult;
  /** The name index of the program (built on first use). */
  readonly names: NameIndex;
  /** Texts by URI, of every file of the program. */
  texts: ReadonlyMap<string, string>;
  /** Diagnostics by URI (files without diagnostics are absent). */
  diagnostics: ReadonlyMap<string, Diagnostic[]>;
  /** The line index of a file of the program, built on first use. */
  lines(uri: string): LineIndex;
  /** The syntax tree of a file of the program. */
  file(uri: string): CheckResult['files'][number] | undefined;
}

/** A URI in one spelling, so that the same file is one key however the client wrote it. */
export function normalizeUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}

export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export const isMeshUri = (uri: string): boolean => uri.endsWith('.mesh');

/** The project file, as in `compiler/cli/project-config.ts`. */
export const CONFIG_FILE = 'meshc.json';

export class Workspace {
  private folders: string[] = [];
  private readonly disk = new Map<string, DiskFile>();
  private readonly open = new Map<string, { text: string; version: number }>();
  private readonly cache = new ProgramCache();
  private current: Snapshot | undefined;
  generation = 0;
  /** The project's `meshc.json` (severities of analysis codes), as `meshc check` reads it. */
  config: ProjectConfig | undefined;

  /** Folder paths of the workspace. */
  get roots(): readonly string[] {
    return this.folders;
  }

  /** Adds folders (URIs) and reads their `.mesh` files. */
  async addFolders(uris: string[]): Promise<void> {
    for (const uri of uris) {
      const folder = uriToPath(normalizeUri(uri));
      if (!folder || this.folders.includes(folder)) continue;
      this.folders.push(folder);
      for (const file of await findMeshFiles(folder)) await this.readFromDisk(pathToFileURL(file).href);
    }
    this.changed();
  }

  removeFolders(uris: string[]): void {
    for (const uri of uris) {
      const folder = uriToPath(normalizeUri(uri));
      if (!folder) continue;
      this.folders = this.folders.filter((f) => f !== folder);
      for (const key of [...this.disk.keys()]) if (!this.inFolders(key)) this.disk.delete(key);
    }
    this.changed();
  }

  /** True when `uri` is below one of the folders. */
  inFolders(uri: string): boolean {
    const file = uriToPath(uri);
    if (!file) return false;
    return this.folders.some((folder) => {
      const rel = path.relative(folder, file);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).some((p) => p.startsWith('.') || p === 'node_modules');
    });
  }

  /** Reads (or re-reads) a file from disk; a file that cannot be read leaves the program. */
  async readFromDisk(uri: string): Promise<void> {
    const file = uriToPath(uri);
    if (!file) return;
    try {
      const bytes = await readFile(file);
      const decoded = decode(bytes, uri);
      this.disk.set(uri, 'text' in decoded ? { text: decoded.text } : { diagnostic: decoded.diagnostic });
    } catch {
      this.disk.delete(uri);
    }
    this.changed();
  }

  /**
   * Reads `meshc.json` at the root of the first folder: the file `meshc check` reads when run
   * there. Returns the problem with the file, if it is not a valid configuration (then no
   * configuration applies, as if there were no file).
   */
  async loadConfig(): Promise<string | undefined> {
    const folder = this.folders[0];
    let text: string | undefined;
    if (folder) {
      try {
        text = await readFile(path.join(folder, CONFIG_FILE), 'utf8');
      } catch {
        text = undefined;
      }
    }
    const before = JSON.stringify(this.config);
    let problem: string | undefined;
    if (text === undefined) this.config = undefined;
    else {
      const parsed = parseProjectConfig(text);
      if ('error' in parsed) {
        this.config = undefined;
        problem = `${CONFIG_FILE}: ${parsed.error}`;
      } else this.config = parsed.config;
    }
    if (JSON.stringify(this.config) !== before) this.changed();
    return problem;
  }

  forgetDisk(uri: string): void {
    if (this.disk.delete(uri)) this.changed();
  }

  setOpen(uri: string, text: string, version: number): void {
    this.open.set(uri, { text, version });
    this.changed();
  }

  close(uri: string): void {
    if (this.open.delete(uri)) this.changed();
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  version(uri: string): number | undefined {
    return this.open.get(uri)?.version;
  }

  /** Every file of the program: open buffers and files on disk. */
  uris(): string[] {
    return [...new Set([...this.disk.keys(), ...this.open.keys()])].sort();
  }

  private changed(): void {
    this.generation++;
  }

  /** The checked program of the current generation (computed now, or the one already computed). */
  snapshot(): Snapshot {
    if (this.current && this.current.generation === this.generation) return this.current;
    const sources: SourceText[] = [];
    const extra: Diagnostic[] = [];
    const texts = new Map<string, string>();
    for (const uri of this.uris()) {
      const buffer = this.open.get(uri);
      const onDisk = this.disk.get(uri);
      if (buffer) {
        sources.push({ path: uri, text: buffer.text });
        texts.set(uri, buffer.text);
      } else if (onDisk && 'text' in onDisk) {
        sources.push({ path: uri, text: onDisk.text });
        texts.set(uri, onDisk.text);
      } else if (onDisk) {
        extra.push(onDisk.diagnostic);
        texts.set(uri, '');
      }
    }
    const result = this.cache.check(sources, this.config ? { config: this.config } : {});
    const diagnostics = new Map<string, Diagnostic[]>();
    for (const d of [...extra, ...result.diagnostics]) {
      let list = diagnostics.get(d.file);
      if (!list) diagnostics.set(d.file, (list = []));
      list.push(d);
    }
    const lineIndexes = new Map<string, LineIndex>();
    const files = new Map(result.files.map((f) => [f.path, f]));
    let names: NameIndex | undefined;
    this.current = {
      generation: this.generation,
      result,
      // NOTE: built on first use: diagnostics do not need it, and at N = 1000 services it costs
      // as much as a third of checking, which would otherwise delay every report.
      get names() {
        return (names ??= indexNames(result.files));
      },
      texts,
      diagnostics,
      lines(uri) {
        let index = lineIndexes.get(uri);
        if (!index) lineIndexes.set(uri, (index = new LineIndex(texts.get(uri) ?? '')));
        return index;
      },
      file: (uri) => files.get(uri),
    };
    return this.current;
  }
}

/** The `.mesh` files below `folder`, skipping hidden folders and `node_modules`, sorted. */
export async function findMeshFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile() && entry.name.endsWith('.mesh')) out.push(full);
    }
  };
  await visit(folder);
  return out.sort();
}
