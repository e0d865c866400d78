/**
 * Language-service queries: what an editor asks about a program, answered in the compiler's own
 * terms (UTF-16 offsets, syntax trees, the checked model), with no knowledge of any protocol.
 *
 * The language server (`lsp/`) is the user; it converts offsets to LSP positions and these
 * answers to LSP types at its edge. Everything here reads the public syntax tree and model and
 * never changes them.
 *
 * - `program.ts`: checking again after an edit, re-parsing only around the edit (`reparse.ts`)
 *   and keeping the checker's results for unchanged declarations.
 * - `names.ts`: where each name is declared and used (definition, references, rename).
 * - `locate.ts`: the token and the syntax nodes at an offset.
 * - `complete.ts`: completion by context; `hover.ts`: hover; `describe.ts`: a declaration's
 *   behaviour in plain words; `highlight.ts`: semantic colouring, folding and the outline;
 *   `vocabulary.ts`: keywords and enumerations with their documentation.
 */
export { ProgramCache } from './program.ts';
export { indexNames, occurrenceAt, declKey, versionKey, namespaceKey, type NameIndex, type Occurrence, type SymbolInfo, type NameRole } from './names.ts';
export { lex, tokenAt, pathAt, lineStartOf, type LexedToken, type TokenClass } from './locate.ts';
export { complete, type Candidate, type CandidateKind, type CompletionAnswer } from './complete.ts';
export { hover, type HoverAnswer, type HoverInput } from './hover.ts';
export { describeDeclaration, describeVersion, describeRoutes, describeAccess, istioResources, findDeclaration, hostOf } from './describe.ts';
export { colour, folds, outline, TOKEN_TYPES, TOKEN_MODIFIERS, type ColouredToken, type Fold, type OutlineNode, type OutlineKind } from './highlight.ts';
export { KEYWORDS, keywordDocs, enums, referenceUrl, settingKeys, statementKeywords } from './vocabulary.ts';
export { compiledFile, declarationPath, type CompiledFile } from './outputs.ts';
export { decode } from '../source/decode.ts';
export { LineIndex, type Position } from '../source/line-index.ts';
export { allSpecs, spec, docsUrl } from '../diagnostics/registry.ts';

/** A valid name: what a rename may write (`grammar/tokens.ts`, `Word`). */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$/;
