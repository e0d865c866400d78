/**
 * What the tests in real tools (`test/e2e-editor/`, `test/pre-commit/`) need from the machine, and
 * the processes they start.
 *
 * System programs come from Debian's packages, which `.ci/run` installs. On a machine without
 * one, these tests fail at once with the command that installs it: they never skip, so a green
 * `npm test` always means the editor and the hook were really tried.
 *
 * Processes are started in their own process group and killed as a group (they have children:
 * code-server starts an extension host, which starts the language server), when the test ends
 * and, in any case, when the test process exits.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The npm-installed programs of these tests, one folder each with its own lock file. */
export const TOOLS = path.join(ROOT, 'test', 'tools');

/** A Debian package the tests need, and how to tell that it is installed. */
export interface SystemTool {
  /** The Debian package. */
  apt: string;
  /** What it is needed for, for the message. */
  why: string;
  /** True when it is there. */
  present: () => boolean;
}

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

export const CHROMIUM: SystemTool = {
  apt: 'chromium',
  why: 'the browser that shows VS Code (code-server) to the editor test',
  present: () => existsSync(chromiumPath()),
};
export const PRE_COMMIT: SystemTool = { apt: 'pre-commit', why: 'the hook manager the pre-commit test runs', present: () => onPath('pre-commit') };
export const KRB5_DEV: SystemTool = {
  apt: 'libkrb5-dev',
  why: "the Kerberos headers that code-server's native addons build against",
  present: () => onPath('krb5-config') || existsSync('/usr/include/gssapi/gssapi.h'),
};
export const GIT: SystemTool = { apt: 'git', why: 'the repositories the pre-commit test commits to', present: () => onPath('git') };

/** Chromium's executable: `CHROMIUM_PATH`, or Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Throws, with the command that installs them, when any of `tools` is missing. */
export function requireTools(suite: string, tools: SystemTool[]): void {
  const missing = tools.filter((t) => !t.present());
  if (missing.length === 0) return;
  const lines = missing.map((t) => `  - ${t.apt}: ${t.why}`);
  throw new Error(
    `${suite} needs programs that are not installed:\n${lines.join('\n')}\n` +
      `Install them (Debian or Ubuntu) with:\n  sudo apt-get install -y ${missing.map((t) => t.apt).join(' ')}\n` +
      `(.ci/run installs them in CI. These tests never skip: see docs/editor.md, "Tests".)`,
  );
}

/**
 * This process's environment without what `npm run` adds (`npm_config_*`, `npm_package_*`, `NODE`,
 * `INIT_CWD`, …), for the programs these tests start: an `npm` started by them would otherwise take
 * the outer npm's settings for its own (its user agent, naming Node 20, which code-server's install
 * script rejects; its project folder), and tools would not run as they do for a user.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) || name === 'NODE' || name === 'INIT_CWD') continue;
    env[name] = value;
  }
  return env;
}

// ---- Programs from the npm registry -------------------------------------------------------------

function stampOf(dir: string): string {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(path.join(dir, file)));
  return hash.digest('hex');
}

/** True when `test/tools/NAME` is installed from its current `package.json` and lock file. */
export function npmToolsInstalled(name: string): boolean {
  const dir = path.join(TOOLS, name);
  const stampFile = path.join(dir, 'node_modules', '.meshc-install-stamp');
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stampOf(dir);
}

/** Waits until `ms` have passed; the install lock is held across processes, so this blocks. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Installs `test/tools/NAME` with `npm ci`, unless it is installed from its current lock file (a
 * stamp in its `node_modules`), so only the first run pays. `pathEnv` decides which Node.js runs
 * npm (code-server's install needs Node 24). npm's output goes to `logDir/npm-ci-NAME.log`.
 *
 * Two test runs in one checkout install one at a time: the first takes a lock (a folder
 * `test/tools/NAME.installing`, created atomically), the other waits for it and then finds the
 * stamp current. A lock older than the install's time limit was left by a run that died.
 */
export function installNpmTools(name: string, logDir: string, pathEnv = process.env.PATH ?? ''): string {
  const dir = path.join(TOOLS, name);
  if (npmToolsInstalled(name)) return dir;
  const lock = path.join(TOOLS, `${name}.installing`);
  const limitMs = 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > limitMs) rmSync(lock, { recursive: true, force: true });
      else if (held) sleepSync(1000);
    }
  }
  try {
    if (npmToolsInstalled(name)) return dir;
    const started = Date.now();
    process.stdout.write(`  installing test/tools/${name} (npm ci; once per lock file) …\n`);
    const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      env: { ...cleanEnv(), PATH: pathEnv },
      encoding: 'utf8',
      timeout: limitMs,
      maxBuffer: 256 * 1024 * 1024,
    });
    mkdirSync(logDir, { recursive: true });
    const log = path.join(logDir, `npm-ci-${name}.log`);
    writeFileSync(log, `${run.stdout ?? ''}${run.stderr ?? ''}`);
    if (run.status !== 0) {
      const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
      throw new Error(`npm ci in test/tools/${name} failed (${run.error?.message ?? `exit code ${run.status}`}); the log is ${path.relative(ROOT, log)}:\n${tail}`);
    }
    writeFileSync(path.join(dir, 'node_modules', '.meshc-install-stamp'), stampOf(dir));
    process.stdout.write(`  installed test/tools/${name} in ${Math.round((Date.now() - started) / 1000)} s\n`);
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// ---- This checkout as a repository ---------------------------------------------------------------

/** Environment for git in tests: no global or system configuration, a fixed author. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  const config = path.join(home, 'gitconfig');
  if (!existsSync(config)) {
    writeFileSync(config, '[user]\n\tname = meshc test\n\temail = test@meshc.invalid\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[advice]\n\tdetachedHead = false\n');
  }
  const env: NodeJS.ProcessEnv = { ...cleanEnv(), GIT_CONFIG_GLOBAL: config, GIT_CONFIG_NOSYSTEM: '1' };
  for (const name of ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GITHUB_ACTIONS', 'GITHUB_WORKSPACE']) delete env[name];
  return env;
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const run = spawnSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}:\n${run.stdout}${run.stderr}${run.error?.message ?? ''}`);
  return run.stdout;
}

/**
 * This checkout as a git repository of its own under `home` (tracked files and untracked ones
 * that git does not ignore, as they are in the work tree, in one commit tagged `v` + the version),
 * for tests that install meshc from a repository as users do (pre-commit, CI pipelines). It is
 * this checkout as it is now, uncommitted changes included, not as it was at the last commit.
 */
export function snapshotOfThisCheckout(home: string): { repo: string; rev: string; tag: string } {
  const env = gitEnv(home);
  const repo = path.join(home, 'meshc-snapshot');
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT, env).split('\0').filter(Boolean);
  for (const file of files) {
    const target = path.join(repo, file);
    mkdirSync(path.dirname(target), { recursive: true });
    try {
      copyFileSync(path.join(ROOT, file), target);
    } catch (error) {
      // A tracked file deleted in the work tree is not part of the snapshot.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  git(['init', '-q'], repo, env);
  git(['add', '-A'], repo, env);
  git(['commit', '-q', '--no-verify', '-m', 'meshc, as checked out'], repo, env);
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  git(['tag', `v${version}`], repo, env);
  return { repo, rev: git(['rev-parse', 'HEAD'], repo, env).trim(), tag: `v${version}` };
}

// ---- Processes and folders ---------------------------------------------------------------------

const groups = new Set<number>();
const folders = new Set<string>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

// Whatever happened to the test, nothing it started outlives it.
process.on('exit', () => {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder, removed when the test process exits. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.add(dir);
  return dir;
}

export interface Started {
  child: ChildProcess;
  /** Everything the process wrote, both streams. */
  output: () => string;
  /** Stops the whole process group: SIGTERM, then SIGKILL after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
}

/** Starts `command` in a process group of its own, collecting its output. */
export function startGroup(command: string, args: string[], options: SpawnOptions): Started {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  groups.add(pid);
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => text,
    stop: async (graceMs = 3000) => {
      killGroup(pid, 'SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
      await Promise.race([exited, timer]);
      // The leader may be gone while its children are not: the group gets SIGKILL either way.
      killGroup(pid, 'SIGKILL');
      groups.delete(pid);
    },
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Rejects with `what` when `promise` takes longer than `ms`. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
