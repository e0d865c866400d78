/**
 * The `meshc` command line: the entry point of the CLI stage, after the compiler.
 *
 * `main` parses the command, runs it, and turns the outcome into an exit code, the contract CI
 * scripts rely on (see `meshc help check`): 0 no errors, 1 errors, 2 usage or I/O error (a
 * `CliError`), 3 internal error. Any other exception is a bug in meshc: it is printed with its
 * stack and a request to report it, and never passed off as a user error.
 *
 * Test hook: when the environment variable `MESHC_INTERNAL_TEST_CRASH` is `1`, a command throws
 * an unexpected error after its name is parsed, so that tests can see the exit-code-3 path.
 */
import { check } from './commands/check.ts';
import { mapStack } from './stack.ts';
import { compile } from './commands/compile.ts';
import { explain } from './commands/explain.ts';
import { fmt } from './commands/fmt.ts';
import { lsp } from './commands/lsp.ts';
import { CliError, didYouMean, usageError } from './errors.ts';
import { COMMAND_NAMES, commandHelp, generalHelp, isCommand, usageHint } from './help.ts';
import { processIO, type CliIO } from './io.ts';

export type { CliIO } from './io.ts';
export { tuneV8ForCommand } from './v8-tuning.ts';

const ISSUES_URL = 'https://github.com/meshc/meshc/issues';

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`meshc: error: ${error.message}\n`);
      if (error.kind === 'usage') io.stderr(usageHint(error.command));
      return 2;
    }
    const detail = error instanceof Error ? mapStack(error.stack ?? error.message) : String(error);
    io.stderr(`meshc: internal error: ${detail}\n\n`);
    io.stderr(`This is a bug in meshc, please report it at ${ISSUES_URL}\n`);
    return 3;
  }
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(generalHelp());
    return 2;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`meshc ${(await io.loadCompiler()).VERSION}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(generalHelp());
    return 0;
  }
  if (first.startsWith('-')) {
    throw usageError(`unknown option ${first}${didYouMean(first, ['--version', '--help'])}`);
  }
  if (!isCommand(first)) {
    throw usageError(`unknown command ${first}${didYouMean(first, COMMAND_NAMES)}`);
  }
  if (io.env.MESHC_INTERNAL_TEST_CRASH === '1') {
    throw new Error('MESHC_INTERNAL_TEST_CRASH=1: crashing on purpose to test the internal-error path');
  }
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) {
    io.stdout(commandHelp(first));
    return 0;
  }
  switch (first) {
    case 'check':
      return check(rest, io);
    case 'fmt':
      return fmt(rest, io);
    case 'explain':
      return explain(rest, io);
    case 'help':
      return help(rest, io);
    case 'compile':
      return compile(rest, io);
    case 'lsp':
      return lsp(rest, io);
  }
}

function help(argv: readonly string[], io: CliIO): number {
  const [topic, ...extra] = argv;
  if (extra.length > 0) throw usageError('meshc help takes at most one command', 'help');
  if (topic === undefined) {
    io.stdout(generalHelp());
    return 0;
  }
  if (!isCommand(topic)) {
    throw usageError(`unknown command ${topic}${didYouMean(topic, COMMAND_NAMES)}`, 'help');
  }
  io.stdout(commandHelp(topic));
  return 0;
}
