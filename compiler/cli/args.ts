/**
 * Command-line options of one command: `--name`, `--name value`, `--name=value`, and `--`
 * to end options. Unknown options and bad values are usage errors (exit code 2), with a
 * suggestion when the option looks mistyped.
 */
import { didYouMean, usageError } from './errors.ts';

export interface OptionSpec {
  /** The long name, without dashes. */
  name: string;
  /** The values the option takes; an option without `values` is a flag. */
  values?: readonly string[];
  /** Any value is accepted (a path, say); `values` is then ignored. */
  free?: boolean;
  /** The option may be given several times; every value is kept in `all`. */
  repeatable?: boolean;
}

export interface ParsedArgs {
  /** Option values by long name; a flag that was given maps to `true`. The last one given wins. */
  options: Map<string, string | true>;
  /** Every value of each repeatable option, in the order given. */
  all: Map<string, string[]>;
  positionals: string[];
}

export function parseArgs(
  argv: readonly string[],
  specs: readonly OptionSpec[],
  command: string,
): ParsedArgs {
  const options = new Map<string, string | true>();
  const all = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const spec = specs.find((s) => name === `--${s.name}`);
    if (!spec) {
      const known = specs.map((s) => `--${s.name}`);
      throw usageError(`unknown option ${name} for meshc ${command}${didYouMean(name, known)}`, command);
    }
    if (!spec.values && !spec.free) {
      if (equals !== -1) throw usageError(`option --${spec.name} takes no value`, command);
      options.set(spec.name, true);
      continue;
    }
    const value = equals !== -1 ? arg.slice(equals + 1) : argv[++i];
    if (value === undefined) {
      throw usageError(`option --${spec.name} needs a value${spec.values ? `: ${spec.values.join(', ')}` : ''}`, command);
    }
    if (spec.values && !spec.free && !spec.values.includes(value)) {
      throw usageError(
        `option --${spec.name} must be one of ${spec.values.join(', ')}, not ${JSON.stringify(value)}`,
        command,
      );
    }
    options.set(spec.name, value);
    if (spec.repeatable) all.set(spec.name, [...(all.get(spec.name) ?? []), value]);
  }
  return { options, all, positionals };
}
