/**
 * Bytes to source text: the first step of reading a `.mesh` file.
 *
 * `.mesh` files are UTF-8. A leading byte order mark is dropped, so that offsets count from the
 * first real character. Line endings are kept as they are (the lexer treats `\r\n` as one line
 * break), and tabs are ordinary characters. A file that is not UTF-8 text is not guessed at: it
 * becomes a diagnostic (M0001 for invalid UTF-8, M0002 for binary content) with an empty range at
 * the start of the file, since there is no text for a range to point into.
 */
import { message, spec } from '../diagnostics/registry.ts';
import type { Diagnostic } from '../diagnostics/types.ts';

/** The text of a file, and whether it started with a byte order mark (`fmt` keeps one). */
export type Decoded = { text: string; bom: boolean } | { diagnostic: Diagnostic };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes the bytes of `file` (the path is used only to label a diagnostic). */
export function decode(bytes: Uint8Array, file: string): Decoded {
  // A NUL byte never occurs in text but is common in binary files and in UTF-16 text, so it is
  // the clearest sign that this is not a source file at all.
  if (bytes.indexOf(0) !== -1) return { diagnostic: problem('M0002', file, {}) };
  try {
    // With `ignoreBOM: false` the decoder drops a leading UTF-8 BOM itself.
    return { text: decoder.decode(bytes), bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
  } catch {
    return { diagnostic: problem('M0001', file, { offset: firstInvalidByte(bytes) }) };
  }
}

function problem(code: string, file: string, args: Record<string, number>): Diagnostic {
  return {
    code,
    severity: spec(code).severity,
    file,
    range: { start: 0, end: 0 },
    message: message(code, args),
  };
}

/**
 * The offset where the first ill-formed UTF-8 sequence starts, by Unicode's table of well-formed
 * byte sequences (which excludes overlong forms, surrogates and code points past U+10FFFF). For a
 * Latin-1 `é` (0xE9) followed by a space, that is the offset of the 0xE9, the byte the user
 * would call wrong. Called only after decoding failed, so speed does not matter.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const shape = sequenceShape(lead);
    if (!shape) return i;
    const [length, secondLow, secondHigh] = shape;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      const [low, high] = k === 1 ? [secondLow, secondHigh] : [0x80, 0xbf];
      if (byte === undefined || byte < low || byte > high) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** For a lead byte: the sequence length and the allowed range of the second byte. */
function sequenceShape(lead: number): [number, number, number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  return undefined;
}
