/**
 * The help texts: one summary line, one usage line and a description per command.
 *
 * The usage line is also the hint printed under a usage error, so it must fit on one line.
 */

interface CommandHelp {
  summary: string;
  usage: string;
  details: string;
}

const COMMANDS = {
  check: {
    summary: 'check .mesh files and report problems',
    usage: 'meshc check [--format text|json|sarif|github] [--strict] [--no-color] [PATH...]',
    details: `PATH is a .mesh file or a folder; a folder stands for every .mesh file below it,
except in hidden folders and node_modules. The default is the current folder.
All files are checked together, as one program.

Besides errors, the check reports misconfigurations (codes M5xxx). A comment
# meshc:ignore CODE silences one on the next line; a meshc.json in the folder given or
one of its parents, up to the current folder, sets their severities (docs/configuration.md).

Options:
  --format FORMAT  text (default): compiler style, with the source line and carets;
                   json: one JSON object per line and diagnostic;
                   sarif: SARIF 2.1.0, for code scanning;
                   github: GitHub Actions annotations (the default when GITHUB_ACTIONS=true).
  --strict         fail on warnings too.
  --no-color       no colours in text output (also: the NO_COLOR environment variable).

Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 usage or I/O error,
3 internal error.`,
  },
  fmt: {
    summary: 'format .mesh files in place',
    usage: 'meshc fmt [--check] [--no-color] [PATH...]',
    details: `Rewrites each file that is not in canonical format. Files with syntax errors are
reported and left as they are. PATH works as for meshc check.

Options:
  --check     write nothing; list the files that would change and exit with 1 if any would.
  --no-color  no colours in reported errors.

Exit codes: 0 done (or, with --check, nothing would change), 1 a file would change or has
syntax errors, 2 usage or I/O error, 3 internal error.`,
  },
  explain: {
    summary: 'show the documentation of a diagnostic code',
    usage: 'meshc explain CODE',
    details: 'Prints the documentation page of CODE, for example: meshc explain M1001',
  },
  compile: {
    summary: 'compile .mesh files to Istio and Envoy configuration',
    usage: 'meshc compile [PATH...] [--target istio|envoy] (--out DIR | --stdout) [--format FORMAT] [--strict]',
    details: `Checks the files as one program and, when there are no errors, writes the configuration
of each target under DIR/<target>/ (for example out/istio/default/service-reviews.yaml), or
prints it with --stdout. The layouts are described in docs/targets/istio.md and envoy.md.

  --target T       a target to compile for; repeatable. Default: every implemented target.
                   Implemented: istio, envoy. Coming: gateway-api.
  --out DIR        where to write. Each target's folder is replaced as a whole, so files from an
                   earlier compile that no longer correspond to anything are removed; other files
                   in DIR are left alone. Nothing is written when there are errors.
  --stdout         print the files instead, each introduced by a "# File: PATH" comment.
  --format FORMAT  how to report problems, as for meshc check.
  --strict         warnings fail the compile too.
  --no-color       no colours in reported problems.

Every generated file passes its target's validation gate (the Istio CRD schemas, Envoy's API)
before anything is written.

A large compile (from about 450 services) serialises files on a second thread as well;
MESHC_OUTPUT_WORKER=on or off forces that choice. The files are the same bytes either way.

Exit codes: 0 compiled, 1 errors (nothing written), 2 usage or I/O error, 3 internal error.`,
  },
  lsp: {
    summary: 'run the language server on standard input and output',
    usage: 'meshc lsp [--stdio]',
    details: `Speaks the Language Server Protocol on standard input and output, for editors: every
.mesh file of the editor's workspace folders forms the program, open buffers override the
files on disk, and diagnostics, hover, completion, navigation, rename, formatting, quick fixes
and a preview of the compiled output are served. See docs/editor.md for editor set-up.

Options:
  --stdio                    accepted for editor clients; standard I/O is the only transport.
  --clientProcessId PID      exit when the process PID (the editor) is gone.`,
  },
  help: {
    summary: 'show help for meshc or for one command',
    usage: 'meshc help [COMMAND]',
    details: 'Without COMMAND, lists the commands.',
  },
} satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

export function generalHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length));
  const lines = COMMAND_NAMES.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name].summary}`);
  return `meshc: a typed language for service-mesh traffic and policy

Usage: meshc COMMAND [OPTIONS] [PATH...]

Commands:
${lines.join('\n')}

Options:
  -V, --version  print the version
  -h, --help     show help (also after a command: meshc check --help)

Run 'meshc help COMMAND' for the options of one command.
`;
}

export function commandHelp(name: CommandName): string {
  const help = COMMANDS[name];
  return `meshc ${name}: ${help.summary}\n\nUsage: ${help.usage}\n\n${help.details}\n`;
}

/** The short hint printed under a usage error. */
export function usageHint(command: string | undefined): string {
  if (command === undefined || !isCommand(command)) {
    return "Usage: meshc COMMAND [OPTIONS] [PATH...]; run 'meshc help' for the commands.\n";
  }
  return `Usage: ${COMMANDS[command].usage}\nRun 'meshc help ${command}' for more.\n`;
}
