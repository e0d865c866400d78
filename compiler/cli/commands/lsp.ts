/**
 * `meshc lsp [--stdio]`: the language server on standard input and output.
 *
 * The server (`lsp/`, with the `vscode-languageserver` library) is imported only here and only
 * when this command runs, so that it is a chunk of its own in the bundle and no other command
 * pays for loading it.
 */
import { parseArgs } from '../args.ts';
import { usageError } from '../errors.ts';
import type { CliIO } from '../io.ts';

export async function lsp(argv: readonly string[], io: CliIO): Promise<number> {
  // Editors pass `--stdio`, and VS Code's client also `--clientProcessId=PID`.
  const { options, positionals } = parseArgs(argv, [{ name: 'stdio' }, { name: 'clientProcessId', free: true }], 'lsp');
  if (positionals.length > 0) throw usageError(`meshc lsp takes no paths: the editor tells the server its workspace folders`, 'lsp');
  const pid = options.get('clientProcessId');
  if (pid !== undefined && (pid === true || !/^\d+$/.test(pid))) throw usageError('--clientProcessId takes a process id', 'lsp');
  void io;
  const { runStdio } = await import('../../../lsp/server.ts');
  return runStdio(pid !== undefined ? { clientProcessId: Number(pid) } : {});
}
