/**
 * Builds the CLI bundle: `compiler/cli/main.ts` → `dist/meshc.js`, which `bin/meshc.js` runs.
 *
 * The bundle holds everything meshc needs at run time, including its npm dependencies and the
 * diagnostic documentation pages, so that an installed meshc does not depend on a checkout.
 * Code splitting puts the compiler in its own chunk: the CLI imports it only for the commands that
 * need it, so `meshc help` and `meshc explain` start without loading the parser library. The
 * source map lets an internal error (exit code 3) show TypeScript file names and lines.
 *
 * Run as `npm run build`; `npm ci` runs it too, through the `prepare` script. The VS Code
 * extension's build (`vscode-extension/build.mjs`) bundles the same CLI with the pieces exported
 * here, so the two bundles cannot drift apart.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist');
const docsDir = path.join(root, 'docs', 'diagnostics');

/**
 * Replaces `compiler/cli/docs-pages.ts`, which reads the pages from the repository, with a module
 * that exports the same `docsPage` function over the pages embedded as strings.
 */
export const embedDocsPages = {
  name: 'embed-docs-pages',
  setup(build) {
    build.onLoad({ filter: /[\\/]compiler[\\/]cli[\\/]docs-pages\.ts$/ }, () => {
      const pages = {};
      // A checkout without pages builds too; `meshc explain` then prints the registry's entry.
      const names = existsSync(docsDir) ? readdirSync(docsDir).sort() : [];
      for (const name of names) {
        if (!name.endsWith('.md')) continue;
        pages[name.slice(0, -3)] = readFileSync(path.join(docsDir, name), 'utf8');
      }
      return {
        loader: 'js',
        contents:
          `const pages = new Map(Object.entries(${JSON.stringify(pages)}));\n` +
          'export function docsPage(code) { return pages.get(code); }\n',
      };
    });
  },
};

/**
 * The generated tables of the validation gates (in `generated/`, ignored by git). The field trees
 * of the Kubernetes kinds meshc emits: generating them compiles the packages' type declarations
 * (a few seconds), so it is redone only when the installed packages change.
 */
export function generateFields() {
  const fields = path.join(root, 'generated', 'k8s-fields.json');
  const lock = path.join(root, 'package-lock.json');
  if (!existsSync(fields) || statSync(fields).mtimeMs < statSync(lock).mtimeMs) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-k8s-fields.mjs')], { stdio: 'inherit' });
  }

  // Envoy's message types with their protoc-gen-validate rules, for the Envoy validation gate, read
  // from the .proto files that ship in @grpc/grpc-js-xds (about half a second).
  const envoyTypes = path.join(root, 'generated', 'envoy-types.json');
  const envoyScript = path.join(root, 'scripts', 'gen-envoy-types.mjs');
  if (!existsSync(envoyTypes) || statSync(envoyTypes).mtimeMs < Math.max(statSync(lock).mtimeMs, statSync(envoyScript).mtimeMs)) {
    execFileSync(process.execPath, [envoyScript], { stdio: 'inherit' });
  }
}

/**
 * Some CommonJS dependencies (ajv's format plugins) require Node built-ins such as `punycode`;
 * an ES module bundle has no `require`, so each output file gets one.
 */
export const requireBanner =
  "import { createRequire as __meshcCreateRequire } from 'node:module'; const require = __meshcCreateRequire(import.meta.url);";

/**
 * uri-js (through ajv's format plugins) requires `punycode`, which Node resolves to its deprecated
 * built-in module: Node 22 and later then print a DeprecationWarning (DEP0040) on every compile.
 * The npm package of the same name, which uri-js depends on anyway, is the same code: bundle it
 * (`punycode/` names the package, not the built-in).
 */
export const bundleAliases = { punycode: 'punycode/' };

// Imported by another build script, this module only provides the pieces above.
const runAsScript = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runAsScript) {
  generateFields();
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    // The output worker is a second entry: a large compile starts it as a thread
    // (compiler/output/parallel.ts), which finds it beside the bundle's entry.
    entryPoints: { meshc: 'compiler/cli/main.ts', 'output-worker': 'compiler/output/worker.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    // Stack traces need only the mappings; without the sources' text the maps are a third of the
    // size, and Node, which reads them as the bundle loads, starts faster.
    sourcesContent: false,
    banner: { js: requireBanner },
    alias: bundleAliases,
    plugins: [embedDocsPages],
    logLevel: 'warning',
  });
}
