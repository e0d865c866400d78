/**
 * Writing compiled output so that a reader of DIR never sees a half-written or mixed result.
 *
 * Each target's folder (`DIR/istio`) is built complete in a staging folder inside DIR, then put in
 * place with renames: the old folder is moved aside, the new one moved in, the old one deleted. A
 * lock file (`DIR/.meshc.lock`, created exclusively, holding the writer's pid) makes concurrent
 * compiles into the same DIR take turns, so the last one wins whole. Files of an earlier compile
 * that no longer correspond to anything disappear with the old folder; anything else in DIR is
 * left alone, except the staging folders of a compile that was killed, which the next one removes.
 * A file whose text a compile does not change is hard-linked from the old folder into
 * the new one instead of being written again, so it keeps its inode and modification time, and a
 * recompile creates only the files that changed.
 *
 * A target's folder may be a symbolic link (`DIR/istio -> ../deploy/istio`, into a repository the
 * output is committed to): the folder it points to is the one replaced, with its staging folder
 * beside it, and the link stays as it is. A link to a folder that does not exist yet is followed
 * too, and the compile creates that folder.
 *
 * The texts come from the compiler after every file has passed the validation gate, as they are
 * serialised, in any order: each is written as it arrives, so that the file system's work
 * overlaps the serialising of the files after it.
 */
import { closeSync, constants, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ioError, CliError } from './errors.ts';
import type { ProduceTexts } from './compiler.ts';

export interface OutputToWrite {
  target: string;
  /** Relative to DIR, starting with the target's folder: `istio/default/service-reviews.yaml`. */
  path: string;
}

const LOCK_WAIT_MS = 30_000;

export async function writeOutputs(outDir: string, displayDir: string, targets: readonly string[], outputs: readonly OutputToWrite[], produce: ProduceTexts): Promise<void> {
  for (const output of outputs) {
    assertInside(output.path);
    if (!targets.includes(output.target) || !output.path.startsWith(`${output.target}/`)) throw new Error(`internal: ${output.path} is not in a folder of the targets`);
  }
  // The folder work is synchronous: a dozen quick system calls, where each promise round trip
  // would wait for a thread of libuv's pool on a machine whose cores the compile keeps busy.
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw ioError(error, displayDir, 'create the output folder');
  }
  const release = await lock(outDir, displayDir);
  const stagings = new Map<string, string>();
  try {
    removeLeftovers(outDir);
    // Where each target's folder really is: `DIR/<target>`, or where it links to.
    const finals = new Map(targets.map((target) => [target, io(displayDir, target, () => targetFolder(outDir, target))]));
    for (const target of targets) {
      const final = finals.get(target)!;
      const parent = path.dirname(final);
      if (parent !== outDir) io(displayDir, target, () => removeLeftovers(parent, path.basename(final)));
      stagings.set(target, io(displayDir, target, () => makeStaging(parent, path.basename(final))));
    }
    // Into an empty DIR, no file can be linked: nothing to compare with.
    const earlier = new Set(targets.filter((target) => existsSync(finals.get(target)!)));
    const files = outputs.map((o) => {
      const relative = o.path.slice(o.target.length + 1);
      const current = earlier.has(o.target) ? path.join(finals.get(o.target)!, relative) : undefined;
      return { target: o.target, file: path.join(stagings.get(o.target)!, relative), current };
    });
    const folders = new Map(files.map((f) => [path.dirname(f.file), f.target]));
    for (const [folder, target] of [...folders].sort()) io(displayDir, target, () => mkdirSync(folder, { recursive: true }));
    // Synchronously, one file at a time: the files are small and go to the page cache, and the
    // promise round trips of asynchronous writes cost this thread more than the writes themselves.
    await produce((index, text) => {
      const f = files[index]!;
      const bytes = Buffer.from(text);
      io(displayDir, f.target, () => {
        if (!(f.current !== undefined && unchanged(f.current, bytes) && linked(f.current, f.file))) writeFileSync(f.file, bytes);
      });
    });
    for (const target of targets) {
      io(displayDir, target, () => swap(stagings.get(target)!, finals.get(target)!));
      stagings.delete(target);
    }
  } finally {
    for (const staging of stagings.values()) rmSync(staging, { recursive: true, force: true });
    release();
  }
}

/**
 * Staging folders that a compile which was killed (Ctrl-C, a CI timeout) left in `folder`: in DIR,
 * those of any target (`name` undefined); beside a linked target's folder, only those of that
 * folder's `name`. Only a writer that holds the lock uses them, so while this one holds it, any
 * there are stale.
 */
function removeLeftovers(folder: string, name?: string): void {
  for (const entry of readdirSync(folder)) {
    const staging = /^\.meshc-(?:new|old)-(.+)-[0-9a-f]{12}$/.exec(entry);
    if (staging && (name === undefined || staging[1] === name)) rmSync(path.join(folder, entry), { recursive: true, force: true });
  }
}

/**
 * The folder to replace for `target`: `DIR/<target>`, or, when that is a symbolic link, the folder
 * it points to (resolved to its real path, or, for a link to a folder not created yet, to where
 * the link says). A link to anything but a folder is an error.
 */
function targetFolder(outDir: string, target: string): string {
  const link = path.join(outDir, target);
  if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink() !== true) return link;
  let real: string;
  try {
    real = realpathSync(link);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return path.resolve(outDir, readlinkSync(link));
  }
  if (!statSync(real).isDirectory()) throw new Error('it is a link to a file, not to a folder');
  return real;
}

/** Puts the staging folder in the place of `final`, and deletes the folder it replaces. */
function swap(staging: string, final: string): void {
  const old = staging.replace('.meshc-new-', '.meshc-old-');
  let hadOld = true;
  try {
    renameSync(final, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadOld = false;
  }
  renameSync(staging, final);
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

/** A file-system step on a target's folder: its failure is an I/O error (exit code 2). */
function io<T>(displayDir: string, target: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw ioError(error, path.join(displayDir, target), 'write');
  }
}

/** Output paths come from validated names, but a path must never leave DIR whatever happens. */
function assertInside(relative: string): void {
  const normalized = path.posix.normalize(relative);
  if (path.posix.isAbsolute(relative) || normalized.startsWith('..') || normalized !== relative || relative.includes('\\')) {
    throw new Error(`internal: refusing to write outside the output folder: ${JSON.stringify(relative)}`);
  }
}

/**
 * A new, empty folder in `parent`, beside the folder `name` it will replace. Not `mkdtemp`: its
 * folders are private (mode 0700), and the staging folder becomes `DIR/<target>` as it is, which
 * others (a CI step running as another user, a reviewer) must be able to read; `mkdir` gives the
 * mode of any new folder, 0777 less the umask.
 */
function makeStaging(parent: string, name: string): string {
  for (;;) {
    const staging = path.join(parent, `.meshc-new-${name}-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(staging);
      return staging;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Whether the file of the current output at `file` holds exactly `bytes`. A compile usually
 * changes few files: those it does not change are hard-linked into the new folder rather than
 * written again, because creating a file costs the file system far more than linking one, above
 * all right after the old folder's files were deleted (ext4 without a journal skips every
 * recently freed inode when it allocates one, so a recompile that created all its files anew
 * took time quadratic in their number).
 */
function unchanged(file: string, bytes: Buffer): boolean {
  let fd: number;
  try {
    // Not through a symbolic link (the link would be linked, not its target), and never waiting
    // on something that is not a file.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    // Up to one byte more than expected, to tell a longer file (reading a folder fails).
    const current = Buffer.allocUnsafe(bytes.length + 1);
    let read = 0;
    while (read < current.length) {
      const n = readSync(fd, current, read, current.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === bytes.length && current.subarray(0, read).equals(bytes);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Links `existing` as `file`; false when the file system refuses (then the file is written). */
function linked(existing: string, file: string): boolean {
  try {
    linkSync(existing, file);
    return true;
  } catch {
    return false;
  }
}

async function lock(outDir: string, displayDir: string): Promise<() => void> {
  const file = path.join(outDir, '.meshc.lock');
  const started = Date.now();
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(error, displayDir, 'lock the output folder');
    }
    if (await isStale(file)) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) {
      throw new CliError(`another meshc compile has held ${path.join(displayDir, '.meshc.lock')} for over ${LOCK_WAIT_MS / 1000} s; if no compile is running, delete that file`, 'io');
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** A lock whose process is gone (a compile that was killed) does not block the next one. */
async function isStale(file: string): Promise<boolean> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
