/**
 * Reading the files a command works on: bytes from disk, decoded to text or to a diagnostic.
 */
import { promises as fs } from 'node:fs';
import { decode, type Decoded } from '../source/decode.ts';
import type { SourceFile } from './discover.ts';
import { ioError } from './errors.ts';

/** Reads and decodes one file. A file that cannot be read is a `CliError` (exit code 2). */
export async function readSource(file: SourceFile): Promise<Decoded> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file.absolute);
  } catch (error) {
    throw ioError(error, file.path, 'read');
  }
  return decode(bytes, file.path);
}
