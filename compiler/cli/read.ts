/**
 * Reading the files a command works on: bytes from disk, decoded to text or to a diagnostic.
 */
import { promises as fs } from 'node:fs';
import { decode, type Decoded } from '../source/decode.ts';
import type { SourceFile } from './discover.ts';
import { ioError } from './errors.ts';

/**
 * How many files are read at once: enough to keep the disk busy, few enough to stay far from the
 * limit on open files when a folder holds thousands of them.
 */
const CONCURRENT_READS = 32;

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

/** Reads and decodes all `files`; the results are in the same order. */
export async function readSources(files: readonly SourceFile[]): Promise<Decoded[]> {
  const results: Decoded[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await readSource(files[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, files.length) }, worker));
  return results;
}
