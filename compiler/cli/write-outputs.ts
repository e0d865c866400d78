/**
 * Writing compiled output so that a reader of DIR never sees a half-written or mixed result.
 *
 * Each target's folder (`DIR/istio`) is built complete in a staging folder inside DIR, then put in
 * place with renames: the old folder is moved aside, the new one moved in, the old one deleted. A
 * lock file (`DIR/.meshc.lock`, created exclusively, holding the writer's pid) makes concurrent
 * compiles into the same DIR take turns, so the last one wins whole. Files of an earlier compile
 * that no longer correspond to anything disappear with the old folder; anything else in DIR is
 * left alone.
 */
import { mkdir, mkdtemp, open, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ioError, CliError } from './errors.ts';

export interface OutputToWrite {
  target: string;
  /** Relative to DIR, starting with the target's folder: `istio/default/service-reviews.yaml`. */
  path: string;
  content: string;
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
    staging = await mkdtemp(path.join(outDir, `.meshc-new-${target}-`));
    const root = staging;
    const files = outputs.map((o) => ({ file: path.join(root, o.path.slice(target.length + 1)), content: o.content }));
    // Each folder once, then the files a few at a time: a large mesh's Envoy output is thousands
    // of files, and one write at a time leaves the disk idle between them.
    for (const dir of [...new Set(files.map((f) => path.dirname(f.file)))].sort()) await mkdir(dir, { recursive: true });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const f = files[next++]!;
        await writeFile(f.file, f.content);
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, files.length) }, worker));
    const final = path.join(outDir, target);
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
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw ioError(error, path.join(displayDir, target), 'write');
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
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
