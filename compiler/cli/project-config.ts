/**
 * Finding and reading the project file `meshc.json` for a command's PATH arguments.
 *
 * The file is looked for in the folder of each PATH (the folder itself, or the folder of a file)
 * and then in its parents, up to and including the working directory; a PATH outside the working
 * directory is looked at only in its own folder. All PATHs must lead to the same file (or to
 * none). A file that cannot be read or is not a valid configuration is a usage error (exit code 2),
 * never silently ignored: a typo in a severity must not quietly turn a check back on or off.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseProjectConfig, type ProjectConfig } from '../suppress.ts';
import { displayPath } from './discover.ts';
import { CliError, ioError, usageError } from './errors.ts';

export const CONFIG_FILE = 'meshc.json';

/** The configuration that applies to `args` (relative to `cwd`), or undefined when there is none. */
export async function loadProjectConfig(args: readonly string[], cwd: string, command: string): Promise<ProjectConfig | undefined> {
  const found = new Set<string>();
  for (const arg of args.length > 0 ? args : ['.']) {
    const file = await findConfig(path.resolve(cwd, arg), path.resolve(cwd));
    if (file) found.add(file);
  }
  if (found.size === 0) return undefined;
  if (found.size > 1) {
    const shown = [...found].map((f) => displayPath(f, cwd)).sort();
    throw usageError(`the paths belong to different projects (${shown.join(', ')}); check them separately`, command);
  }
  const file = [...found][0]!;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw ioError(error, displayPath(file, cwd), 'read');
  }
  const parsed = parseProjectConfig(text);
  // A problem of the project, not of the command line: no usage line after it.
  if ('error' in parsed) throw new CliError(`${displayPath(file, cwd)}: ${parsed.error}`, 'config');
  return parsed.config;
}

async function findConfig(target: string, cwd: string): Promise<string | undefined> {
  let folder = target;
  try {
    if (!(await fs.stat(target)).isDirectory()) folder = path.dirname(target);
  } catch {
    folder = path.dirname(target);
  }
  const inside = folder === cwd || folder.startsWith(cwd + path.sep);
  for (;;) {
    const candidate = path.join(folder, CONFIG_FILE);
    if (await isFile(candidate)) return candidate;
    if (!inside || folder === cwd) return undefined;
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
