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
    stdout: writerTo(process.stdout),
    stderr: writerTo(process.stderr),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    loadCompiler,
  };
}

/**
 * Writes to `stream` until its reader goes away (EPIPE: `meshc compile --stdout | head`, or a pager
 * that was quit), then drops the rest quietly, as `git log | head` does, instead of dying of an
 * unhandled 'error' event with Node's stack trace. The command still ends with the exit code of
 * its own outcome. Any other error of the stream is still thrown.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    open = false;
  });
  return (text) => {
    if (open) stream.write(text);
  };
}

/**
 * Whether to colour a stream: only a terminal, and not when the user opted out with `--no-color`
 * or the `NO_COLOR` convention (any non-empty value; see no-color.org).
 */
export function useColor(io: CliIO, isTTY: boolean, noColorFlag: boolean): boolean {
  return isTTY && !noColorFlag && !io.env.NO_COLOR;
}
