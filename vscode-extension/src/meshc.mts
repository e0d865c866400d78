/**
 * The `meshc` command as the extension ships it: `dist/meshc.mjs`, bundled from the same
 * `compiler/cli/main.ts` as the `meshc` of the repository (`bin/meshc.js`). The extension runs it
 * as the language server (`meshc lsp --stdio`) and for its commands (`meshc compile`,
 * `meshc explain`).
 */
import { main, tuneV8ForCommand } from '../../compiler/cli/main.ts';

// Stack traces of internal errors (exit code 3) then point at the TypeScript sources.
process.setSourceMapsEnabled(true);
// V8's tiering for a command that runs once; the language server keeps the defaults.
tuneV8ForCommand(process.argv.slice(2));
// Setting the exit code instead of calling `process.exit` lets piped output drain first.
process.exitCode = await main(process.argv.slice(2));
