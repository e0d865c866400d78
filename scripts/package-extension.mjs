/**
 * `npm run package`: builds the VS Code extension (`vscode-extension/build.mjs`) and packages it
 * with `@vscode/vsce` as `vscode-extension/meshc-VERSION.vsix` (ignored by git), which
 * `code --install-extension` and `code-server --install-extension` accept.
 *
 * The bundles hold every dependency, so vsce is told not to look for `node_modules`
 * (`--no-dependencies`). Relative links and images of the README point into the repository.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExtension } from '../vscode-extension/build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const extensionDir = path.join(root, 'vscode-extension');
const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
const out = path.join(extensionDir, `${manifest.name}-${manifest.version}.vsix`);
const repository = manifest.repository.url.replace(/\.git$/, '');

await buildExtension();
const vsce = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
execFileSync(
  process.execPath,
  [
    vsce,
    'package',
    '--no-dependencies',
    '--out',
    out,
    '--baseContentUrl',
    `${repository}/blob/HEAD/vscode-extension`,
    '--baseImagesUrl',
    `${repository}/raw/HEAD/vscode-extension`,
  ],
  { cwd: extensionDir, stdio: ['ignore', 'inherit', 'inherit'] },
);
console.log(path.relative(process.cwd(), out));
