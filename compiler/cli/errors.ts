/**
 * Failures that end a command with exit code 2: the command line is wrong (`usage`), a file could
 * not be read or written (`io`), or the command exists in the contract but not yet in this
 * version (`unavailable`). Anything else that is thrown is a bug, and ends with exit code 3.
 */
import { closest } from '../util/suggest.ts';

export class CliError extends Error {
  constructor(
    message: string,
    /** `config`: the project's meshc.json is invalid. */
    readonly kind: 'usage' | 'io' | 'unavailable' | 'config',
    /** For usage errors: the command whose usage line to print as a hint. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string, command?: string) => new CliError(message, 'usage', command);

/**
 * An I/O failure on `displayPath` as one readable line. Node's own messages name the system call
 * and the absolute path (`EACCES: permission denied, open '/a/b'`), which says less to a user.
 */
export function ioError(error: unknown, displayPath: string, doing: string): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ? REASONS[code] : undefined;
  const detail = reason ?? (error instanceof Error ? error.message : String(error));
  return new CliError(`cannot ${doing} ${displayPath}: ${detail}`, 'io');
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
};

/** `; did you mean X?` when one of `candidates` is close to a mistyped `word`, else nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : `; did you mean ${match}?`;
}
