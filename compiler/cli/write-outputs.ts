/**
 * Writing compiled output so that a reader of DIR never sees a half-written or mixed result.
 *
 * Each target's folder (`DIR/istio`) is built complete in a staging folder inside DIR, then put in
 * place with renames: the old folder is moved aside, the new one moved in, the old one deleted. A
 * lock file (`DIR/.meshc.lock`, created exclusively, holding the writer's pid) makes concurrent
 * compiles into the same DIR take turns, so the last one wins whole. Files of an earlier compile
 * that no longer correspond to anything disappear with the old folder; anything else in DIR is
 * left alone. A file whose text a compile does not change is hard-linked from the old folder into
 * the new one instead of being written again, so it keeps its inode and modification time, and a
 * recompile creates only the files that changed.
 */
import { closeSync, constants, linkSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ioError, CliError } from './errors.ts';

export interface OutputToWrite {
  target: string;
  /** Relative to DIR, starting with the target's folder: `istio/default/service-reviews.yaml`. */
  path: string;
  /**
   * The text, or a function that serialises it: each file is then serialised just before it is
   * written, while the files before it are being written, and its text can be collected after.
   */
  content: string | (() => string);
}

/** An exception of a `content` function: a bug in meshc, never reported as an I/O error. */
class RenderError {
  constructor(readonly error: unknown) {}
}

const LOCK_WAIT_MS = 30_000;

export async function writeOutputs(outDir: string, displayDir: string, targets: readonly string[], outputs: readonly OutputToWrite[]): Promise<void> {
  for (const output of outputs) assertInside(output.path);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw ioError(error, displayDir, 'create the output folder');
  }
  const release = await lock(outDir, displayDir);
  try {
    for (const target of targets) {
      await replaceTarget(outDir, displayDir, target, outputs.filter((o) => o.path.startsWith(`${target}/`)));
    }
  } finally {
    await release();
  }
}

/** Output paths come from validated names, but a path must never leave DIR whatever happens. */
function assertInside(relative: string): void {
  const normalized = path.posix.normalize(relative);
  if (path.posix.isAbsolute(relative) || normalized.startsWith('..') || normalized !== relative || relative.includes('\\')) {
    throw new Error(`internal: refusing to write outside the output folder: ${JSON.stringify(relative)}`);
  }
}

async function replaceTarget(outDir: string, displayDir: string, target: string, outputs: readonly OutputToWrite[]): Promise<void> {
  let staging: string | undefined;
  try {
    staging = await makeStaging(outDir, target);
    const root = staging;
    const final = path.join(outDir, target);
    const files = outputs.map((o) => {
      const relative = o.path.slice(target.length + 1);
      return { file: path.join(root, relative), current: path.join(final, relative), content: o.content };
    });
    for (const dir of [...new Set(files.map((f) => path.dirname(f.file)))].sort()) await mkdir(dir, { recursive: true });
    // One file at a time, synchronously: the files are small and go to the page cache, and the
    // promise round trips of asynchronous writes cost this thread more than the writes themselves.
    for (const f of files) {
      let text: string;
      try {
        text = typeof f.content === 'string' ? f.content : f.content();
      } catch (error) {
        throw new RenderError(error);
      }
      const bytes = Buffer.from(text);
      if (!(unchanged(f.current, bytes) && linked(f.current, f.file))) writeFileSync(f.file, bytes);
    }
    const old = `${staging.replace('.meshc-new-', '.meshc-old-')}`;
    let hadOld = true;
    try {
      await rename(final, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadOld = false;
    }
    await rename(staging, final);
    staging = undefined;
    // Synchronously: thousands of unlinks, each a promise round trip in the asynchronous `rm`.
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } catch (error) {
    if (error instanceof RenderError) throw error.error;
    if (error instanceof CliError) throw error;
    throw ioError(error, path.join(displayDir, target), 'write');
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

/**
 * A new, empty folder beside the output to write into. Not `mkdtemp`: its folders are private
 * (mode 0700), and the staging folder becomes `DIR/<target>` as it is, which others (a CI step
 * running as another user, a reviewer) must be able to read; `mkdir` gives the mode of any new
 * folder, 0777 less the umask.
 */
async function makeStaging(outDir: string, target: string): Promise<string> {
  for (;;) {
    const staging = path.join(outDir, `.meshc-new-${target}-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(staging);
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

async function lock(outDir: string, displayDir: string): Promise<() => Promise<void>> {
  const file = path.join(outDir, '.meshc.lock');
  const started = Date.now();
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(file).catch(() => undefined);
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
