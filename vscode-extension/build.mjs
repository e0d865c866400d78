/**
 * Builds the extension into `vscode-extension/dist/` (ignored by git):
 *
 * - `extension.js`: the client (`src/extension.ts` and `vscode-languageclient`), CommonJS, as VS Code
 *   loads extensions;
 * - `meshc.mjs`: the meshc command line and language server (`src/meshc.mts` → `compiler/cli/`,
 *   `lsp/`), bundled with the pieces of `scripts/build.mjs` (embedded docs pages, `require` banner,
 *   aliases),
 *   so it needs nothing but Node;
 * - `output-worker.js`: the second thread of a large `meshc compile` (`compiler/output/worker.ts`),
 *   which `meshc.mjs` finds beside itself;
 * - `mesh.tmLanguage.json`: a copy of the shared grammar in `grammar/`.
 *
 * Run by `npm run package` (scripts/package-extension.mjs), which then makes the `.vsix`.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundleAliases, embedDocsPages, generateFields, requireBanner } from '../scripts/build.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = path.join(here, '..');
const outdir = path.join(here, 'dist');

export async function buildExtension() {
  generateFields();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await Promise.all([
    esbuild.build({
      absWorkingDir: root,
      entryPoints: ['vscode-extension/src/extension.ts'],
      outfile: path.join(outdir, 'extension.js'),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: ['vscode'],
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'warning',
    }),
    esbuild.build({
      absWorkingDir: root,
      entryPoints: ['vscode-extension/src/meshc.mts'],
      outfile: path.join(outdir, 'meshc.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      banner: { js: requireBanner },
      alias: bundleAliases,
      plugins: [embedDocsPages],
      logLevel: 'warning',
    }),
    // CommonJS, as `.js` files are in this package (no `"type": "module"`): Node would otherwise
    // warn on every large compile that it had to reparse the file as an ES module.
    esbuild.build({
      absWorkingDir: root,
      entryPoints: ['compiler/output/worker.ts'],
      outfile: path.join(outdir, 'output-worker.js'),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'warning',
    }),
  ]);
  copyFileSync(path.join(root, 'grammar', 'mesh.tmLanguage.json'), path.join(outdir, 'mesh.tmLanguage.json'));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildExtension();
