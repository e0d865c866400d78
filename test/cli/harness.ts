/**
 * Running meshc in tests: the built CLI as a child process (what users and CI run), or `main`
 * in-process with a stand-in compiler for behaviour that no certain `.mesh` input produces.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompileOutput, Compiler } from '../../compiler/cli/compiler.ts';
import type { Diagnostic } from '../../compiler/diagnostics/types.ts';
import type { CliIO } from '../../compiler/cli/main.ts';
import { generateProject } from '../../bench/generate.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'meshc.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/meshc.js ARGS` in `cwd`, with an environment free of CI and colour settings. */
export function meshc(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  if (!existsSync(path.join(ROOT, 'dist', 'meshc.js'))) {
    throw new Error("the CLI is not built: run 'npm run build' before these tests");
  }
  const base = { ...process.env };
  for (const name of ['GITHUB_ACTIONS', 'NO_COLOR', 'MESHC_INTERNAL_TEST_CRASH']) delete base[name];
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const created: string[] = [];

// Temporary projects are removed when the test process ends, whatever the tests did to them.
process.on('exit', () => {
  for (const dir of created) {
    try {
      chmodSync(dir, 0o700);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder a test made unreadable below the top level may resist; the OS cleans tmp later.
    }
  }
});

/** A new temporary folder holding `files` (paths with `/`, contents as text or bytes). */
export function project(files: Record<string, string | Uint8Array> = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'meshc-test-'));
  created.push(root);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, ...name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/**
 * Every file below `dir` (paths relative to it, with the platform's separators) with a hash of its
 * content, for "nothing changed" and "the same files" assertions; empty when `dir` does not exist.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** `project` holding a generated mesh (`bench/generate.ts`) under `src/`. */
export function generatedProject(services: number, seed: number): string {
  return project(Object.fromEntries(generateProject(services, seed).map((f) => [`src/${f.path}`, f.text])));
}

/**
 * What a stand-in compiler's `compileProgram` returns: these files, which pass the gate, and whose
 * contents are delivered in order (a function is called then, and may throw as a broken
 * serialiser would).
 */
export function standInCompileOutput(files: { target: string; path: string; content: string | (() => string) }[], diagnostics: Diagnostic[] = []): CompileOutput {
  return {
    outputs: files.map((f) => ({ target: f.target, path: f.path })),
    diagnostics,
    gate: async () => async (deliver) => files.forEach((f, i) => deliver(i, typeof f.content === 'string' ? f.content : f.content())),
    close: () => undefined,
  };
}

/** An in-process run of `main`, collecting its output. */
export async function runInProcess(
  argv: readonly string[],
  cwd: string,
  options: { compiler?: Compiler; env?: Record<string, string>; tty?: boolean } = {},
): Promise<Run> {
  const { main } = await import('../../compiler/cli/main.ts');
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    env: options.env ?? {},
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    loadCompiler: async () => {
      if (!options.compiler) throw new Error('this test gives no compiler');
      return options.compiler;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
