/**
 * Stage 2b: text → typed syntax tree (`SourceFile`) plus syntax diagnostics.
 *
 * Lexes with `grammar/tokens.ts` and parses with `grammar/parser.ts`, which builds the `ast.ts`
 * nodes directly, with error recovery (tokens inserted by recovery are treated as absent). This
 * module turns what the lexer and parser found wrong into diagnostics, and keeps the comments.
 *
 * **Invariant:** `parseFile` never throws on any input, and every diagnostic range lies inside the
 * text.
 */
import type { IToken, ILexingError, IRecognitionException } from 'chevrotain';
import * as T from '../../grammar/tokens.ts';
import { meshParser, startKeywords, type Junk } from '../../grammar/parser.ts';
import type { Diagnostic, Range, Result } from '../diagnostics/types.ts';
import { message } from '../diagnostics/registry.ts';
import { describeToken } from '../../grammar/messages.ts';
import { closest } from '../util/suggest.ts';
import type * as A from './ast.ts';

export function parseFile(text: string, path: string): Result<A.SourceFile> {
  const diagnostics: Diagnostic[] = [];
  const lexed = T.meshLexer.tokenize(text);
  for (const error of lexed.errors) diagnostics.push(lexError(error, text, path));
  // An index, not `for…of`: before V8 optimises this loop (a compile runs it once per file), each
  // step of an iterator allocates, and a large file has a hundred thousand tokens.
  for (let i = 0; i < lexed.tokens.length; i++) {
    const token = lexed.tokens[i]!;
    if (token.tokenType === T.UnterminatedString) {
      diagnostics.push({
        code: 'M1002',
        severity: 'error',
        file: path,
        range: { start: token.startOffset, end: token.startOffset + token.image.length },
        message: message('M1002'),
      });
    }
  }

  const decls = meshParser.parse(text, lexed.tokens);
  for (const error of meshParser.errors) diagnostics.push(parseError(error, text, path));
  for (const junk of meshParser.junk) diagnostics.push(junkDiagnostic(junk, text, path));
  const comments: A.Comment[] = (lexed.groups.comments ?? []).map((t) => ({
    kind: 'Comment',
    range: { start: t.startOffset, end: t.startOffset + t.image.length },
    text: t.image.slice(1),
  }));
  const file: A.SourceFile = { kind: 'File', path, range: { start: 0, end: text.length }, decls, comments };
  return { value: file, diagnostics: dedupe(diagnostics, text) };
}

/** Hints for characters people type from habit in other languages. */
const characterHints: Record<string, string> = {
  "'": ' Strings use double quotes: `"like this"`.',
  '!': ' There is no `!=`; match the values you want, or use `absent` for a missing header.',
  '=': ' Compare with `==`; labels are written `key: value`.',
  ';': ' Statements need no `;`: each one starts with its keyword.',
  '[': ' Lists are written with commas and no brackets: `versions v1, v2`.',
  ']': ' Lists are written with commas and no brackets: `versions v1, v2`.',
  '-': ' Numbers, durations and percentages cannot be negative.',
};

function lexError(error: ILexingError, text: string, path: string): Diagnostic {
  const start = Math.min(error.offset, text.length);
  const char = text.slice(start, start + error.length);
  return {
    code: 'M1001',
    severity: 'error',
    file: path,
    range: { start, end: Math.min(start + Math.max(error.length, 1), text.length) },
    message: message('M1001', { char: JSON.stringify(char), hint: characterHints[char[0] ?? ''] ?? '' }),
  };
}

function parseError(error: IRecognitionException, text: string, path: string): Diagnostic {
  let token = error.token;
  // At the end of input chevrotain reports the EOF token, which has no offsets: use the previous
  // token, or the end of the text.
  let range: Range;
  if (token.tokenType === undefined || Number.isNaN(token.startOffset) || token.image === '') {
    const previous = (error as { previousToken?: IToken }).previousToken;
    if (previous && !Number.isNaN(previous.startOffset)) token = previous;
    const end = text.length;
    range = Number.isNaN(token.startOffset)
      ? { start: end, end }
      : { start: token.startOffset, end: token.startOffset + Math.max(token.image.length, 1) };
    if (error.token.image === '' || Number.isNaN(error.token.startOffset)) range = { start: range.end, end: range.end };
  } else {
    range = { start: token.startOffset, end: token.startOffset + Math.max(token.image.length, 1) };
  }
  range = { start: Math.min(range.start, text.length), end: Math.min(range.end, text.length) };
  return { code: 'M1003', severity: 'error', file: path, range, message: message('M1003', { detail: error.message }) };
}

/**
 * One syntax diagnostic per position: a bad token can be reported by the lexer, by chevrotain's
 * recovery and again as skipped input; the first report (the most specific) is kept.
 */
function dedupe(diagnostics: Diagnostic[], text: string): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => a.range.start - b.range.start);
  const kept: Diagnostic[] = [];
  for (const d of sorted) {
    const previous = kept[kept.length - 1];
    if (previous && previous.range.start === d.range.start) continue;
    // Skipped input right after an error on the same line is a consequence of that error.
    if (previous && d.code === 'M1004' && !/[\r\n]/.test(text.slice(previous.range.start, d.range.start))) continue;
    kept.push(d);
  }
  return kept;
}

/** Reports skipped tokens once per run, with a keyword suggestion where one is close. */
function junkDiagnostic(junk: Junk, text: string, path: string): Diagnostic {
  const { first, range, context } = junk;
  const found = describeToken(first);
  const suggestion = first.tokenType === T.Word ? closest(first.image, startKeywords[context]) : undefined;
  const where = {
    top: 'at the top level: a file holds `mesh`, `service`, `gateway` and `external` declarations',
    block: 'here: a statement starts with a keyword such as `port`, `route`, `allow` or `timeout`',
    rules: 'in a route: each rule starts with `when` or `otherwise`',
    settings: 'in this block: each setting is a name followed by a value',
    labels: 'in a label map: write `key: value` pairs',
  }[context];
  return {
    code: 'M1004',
    severity: 'error',
    file: path,
    range: { start: range.start, end: Math.min(range.end, text.length) },
    message: message('M1004', {
      found,
      where,
      hint: suggestion ? ` Did you mean \`${suggestion}\`?` : '',
    }),
    fixes: suggestion
      ? [{ title: `Replace with \`${suggestion}\``, edits: [{ file: path, range: { start: first.startOffset, end: first.startOffset + first.image.length }, newText: suggestion }] }]
      : undefined,
  };
}
