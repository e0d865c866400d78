/**
 * The CLI's view of its process: where output goes, the environment, the working directory, and
 * the compiler. `main` takes it as a parameter so that tests can run commands in-process.
 */
import { loadCompiler, type Compiler } from './compiler.ts';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether each stream is a terminal; colour is used only on one. */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  loadCompiler(): Promise<Compiler>;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    loadCompiler,
  };
}

/**
 * Whether to colour a stream: only a terminal, and not when the user opted out with `--no-color`
 * or the `NO_COLOR` convention (any non-empty value; see no-color.org).
 */
export function useColor(io: CliIO, isTTY: boolean, noColorFlag: boolean): boolean {
  return isTTY && !noColorFlag && !io.env.NO_COLOR;
}
