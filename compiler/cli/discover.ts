/**
 * Which files a command works on: PATH arguments to a sorted list of `.mesh` files.
 *
 * A folder stands for every `*.mesh` file below it, recursively, except inside hidden entries
 * (names starting with `.`) and `node_modules`. Symbolic links to files are followed; links to
 * folders are not, so a link cycle cannot make the walk endless. A file named explicitly must be a
 * `.mesh` file. No argument means the current folder.
 *
 * Files are identified by their absolute path (so `a.mesh` and `./a.mesh` are one file) and shown
 * by their path relative to the working directory with `/` separators, on every platform. The
 * list is sorted by that shown path in byte order, so output never depends on the order of the
 * arguments or of the file system.
 */
import { promises as fs } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { compareBytes } from '../source/compare.ts';
import { CliError, ioError, usageError } from './errors.ts';

export interface SourceFile {
  /** The path to show: relative to the working directory, with `/` separators. */
  path: string;
  /** The path to read and write. */
  absolute: string;
}

const EXTENSION = '.mesh';

/**
 * The files that `args` name, relative to `cwd`. Throws `CliError` (exit code 2) for a missing
 * path, a folder that cannot be read, a folder without `.mesh` files, or a file of another kind;
 * `command` names the command whose usage to show for the last.
 */
export async function discover(
  args: readonly string[],
  cwd: string,
  command?: string,
): Promise<SourceFile[]> {
  const found = new Map<string, SourceFile>();
  for (const arg of args.length > 0 ? args : ['.']) {
    for (const file of await expand(arg, cwd, command)) found.set(file.absolute, file);
  }
  return [...found.values()].sort((a, b) => compareBytes(a.path, b.path));
}

/** The path as shown to the user: relative to `cwd` when possible, always with `/`. */
export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' ? '.' : path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}

async function expand(arg: string, cwd: string, command: string | undefined): Promise<SourceFile[]> {
  // `path.join` keeps a trailing separator, so `file.mesh/` fails as it should instead of being
  // quietly read as `file.mesh`.
  const given = path.isAbsolute(arg) ? arg : path.join(cwd, arg);
  let stats;
  try {
    stats = await fs.stat(given);
  } catch (error) {
    throw ioError(error, arg, 'read');
  }
  const absolute = path.resolve(given);
  if (stats.isFile()) {
    if (!absolute.endsWith(EXTENSION)) throw usageError(`${arg} is not a ${EXTENSION} file`, command);
    return [{ path: displayPath(absolute, cwd), absolute }];
  }
  if (!stats.isDirectory()) throw usageError(`${arg} is not a file or a folder`, command);
  const files: SourceFile[] = [];
  await walk(absolute, cwd, files);
  if (files.length === 0) throw new CliError(`no ${EXTENSION} files found under ${arg}`, 'io');
  return files;
}

async function walk(folder: string, cwd: string, into: SourceFile[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw ioError(error, displayPath(folder, cwd), 'read folder');
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const absolute = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      await walk(absolute, cwd, into);
    } else if (entry.name.endsWith(EXTENSION)) {
      if (entry.isFile() || (entry.isSymbolicLink() && !(await isFolder(absolute)))) {
        into.push({ path: displayPath(absolute, cwd), absolute });
      }
    }
  }
}

/** Whether a symbolic link leads to a folder. A broken link is not one: reading it will say why. */
async function isFolder(link: string): Promise<boolean> {
  try {
    return (await fs.stat(link)).isDirectory();
  } catch {
    return false;
  }
}
