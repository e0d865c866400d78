/**
 * The code under test, shared by `bench/run.ts` and `bench/profile.ts`: how it is loaded, and the
 * stages that are timed.
 *
 * - `floor`: chevrotain alone (`meshLexer.tokenize` + `floorParser.file()` per file: the grammar of
 *   `grammar/parser.ts` as a plain `CstParser`, see `floor-parser.ts`);
 * - `parse`: `parseFile` per file (lex, parse, lower to the typed syntax tree);
 * - `check`: `checkProgram(files)` from `compiler/index.ts`, which parses and checks.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { meshLexer } from '../grammar/tokens.ts';
import type { floorParser } from './floor-parser.ts';
import type { parseFile } from '../compiler/syntax/parse.ts';
import type { Diagnostic } from '../compiler/diagnostics/types.ts';
import type { GeneratedFile } from './generate.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Scratch space for the bundle under test (ignored by git). */
export const tmpDir = path.join(root, 'bench', 'results', 'tmp');

export type CheckProgram = (files: { path: string; text: string }[]) => { diagnostics: Diagnostic[] };

/**
 * The code under test, loaded either from a bundle or from the TypeScript sources. The floor
 * comes from a bundle of its own (`floorParser` is absent from the other, and `parseFile` from
 * the floor's): each stage runs in a process where one parser class was ever built, since
 * chevrotain's engine slows down once two parser classes have gone through it (its inline caches
 * see both), which made the floor twice as slow as in a process of its own.
 */
export interface FrontEnd {
  meshLexer: typeof meshLexer;
  floorParser?: typeof floorParser;
  parseFile?: typeof parseFile;
  checkProgram?: CheckProgram;
  /** Why `checkProgram` is absent. */
  checkNote?: string;
  /** How the code was loaded, for the report. */
  build: string;
}

/**
 * Loads the front end the way it ships: bundled by esbuild with the options of
 * `scripts/build.mjs`. With `fromSource`, it is imported from the TypeScript sources instead.
 *
 * NOTE: the two differ a lot. tsx compiles with esbuild's `keepNames`, which wraps every function
 * expression in a `__name(fn, "…")` call that runs each time the expression is evaluated; the
 * chevrotain grammar creates a closure per `ALT`, `DEF` and `GATE` on every rule invocation, so
 * under tsx about 40% of parsing is spent naming closures. The CLI bundle has no `keepNames`.
 */
export async function loadFrontEnd(fromSource: boolean, options: { reuseBundle?: boolean; floor?: boolean } = {}): Promise<FrontEnd> {
  const hasCompiler = existsSync(path.join(root, 'compiler', 'index.ts'));
  const floorOnly = options.floor === true;
  const lines = floorOnly
    ? ["export { meshLexer } from './grammar/tokens.ts';", "export { floorParser } from './bench/floor-parser.ts';"]
    : [
        "export { meshLexer } from './grammar/tokens.ts';",
        "export { parseFile } from './compiler/syntax/parse.ts';",
        ...(hasCompiler ? ["export * as compiler from './compiler/index.ts';"] : []),
      ];
  let module: Omit<FrontEnd, 'build' | 'checkProgram' | 'checkNote'> & { compiler?: { checkProgram?: unknown } };
  let build: string;
  if (fromSource) {
    const tokens = await import('../grammar/tokens.ts');
    if (floorOnly) {
      module = { meshLexer: tokens.meshLexer, floorParser: (await import('./floor-parser.ts')).floorParser };
    } else {
      const [syntax, compiler] = await Promise.all([
        import('../compiler/syntax/parse.ts'),
        hasCompiler ? (import(pathToFileURL(path.join(root, 'compiler', 'index.ts')).href) as Promise<{ checkProgram?: unknown }>) : undefined,
      ]);
      module = { meshLexer: tokens.meshLexer, parseFile: syntax.parseFile, compiler };
    }
    build = 'TypeScript sources through tsx (keepNames: slower than the shipped bundle)';
  } else {
    // NOTE: only JavaScript goes to the scratch folder: `tsconfig.json` type-checks `bench/`.
    const outfile = path.join(tmpDir, floorOnly ? 'floor.mjs' : 'front-end.mjs');
    mkdirSync(tmpDir, { recursive: true });
    // Workers of `bench/run.ts` reuse the bundle their parent has just built.
    if (!options.reuseBundle || !existsSync(outfile)) await esbuild.build({
      stdin: { contents: lines.join('\n'), resolveDir: root, sourcefile: 'bench-entry.ts', loader: 'ts' },
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      // As in scripts/build.mjs: CommonJS dependencies of the backends require Node built-ins.
      banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
      logLevel: 'error',
    });
    module = await import(pathToFileURL(outfile).href + `?t=${Date.now()}`);
    build = 'esbuild bundle with the options of scripts/build.mjs';
  }
  const front: FrontEnd = { meshLexer: module.meshLexer, floorParser: module.floorParser, parseFile: module.parseFile, build };
  if (floorOnly) front.checkNote = 'the floor bundle has no compiler';
  else if (!hasCompiler) front.checkNote = 'compiler/index.ts does not exist yet';
  else if (typeof module.compiler?.checkProgram !== 'function') front.checkNote = 'compiler/index.ts does not export checkProgram';
  else front.checkProgram = module.compiler.checkProgram as CheckProgram;
  return front;
}

/**
 * Lexes and parses each file and drops its concrete syntax tree, as `parseFile` does after
 * lowering. NOTE: keeping every tree alive would make the floor pay for promoting them all to the
 * old generation (over half its time in GC at N=1000), and flatter every ratio against it.
 */
export function floor(front: FrontEnd, files: GeneratedFile[]): number {
  const parser = front.floorParser;
  if (!parser) throw new Error('the floor runs from the floor bundle (loadFrontEnd with floor: true)');
  let errors = 0;
  for (const file of files) {
    const lexed = front.meshLexer.tokenize(file.text);
    parser.input = lexed.tokens;
    parser.text = file.text;
    parser.file();
    errors += lexed.errors.length + parser.errors.length;
  }
  return errors;
}

export function parse(front: FrontEnd, files: GeneratedFile[]): unknown[] {
  const parseFile = front.parseFile;
  if (!parseFile) throw new Error('parseFile is not in the floor bundle');
  return files.map((file) => parseFile(file.text, file.path));
}

export type Stage = 'floor' | 'parse' | 'check';

/** The function that runs one stage over `files`, or undefined when the stage is missing. */
export function stageRunner(front: FrontEnd, stage: Stage, files: GeneratedFile[]): (() => unknown) | undefined {
  switch (stage) {
    case 'floor':
      return () => floor(front, files);
    case 'parse':
      return () => parse(front, files);
    case 'check': {
      const checkProgram = front.checkProgram;
      return checkProgram ? () => checkProgram(files) : undefined;
    }
  }
}
