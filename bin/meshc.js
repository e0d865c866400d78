#!/usr/bin/env node
// The `meshc` command: runs the bundled CLI in `dist/`, which `npm run build` (and `npm ci`,
// through the `prepare` script) creates.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/meshc.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("meshc: the CLI is not built yet; run 'npm run build' in the meshc folder.\n");
  process.exitCode = 2;
} else {
  // Stack traces of internal errors (exit code 3) are mapped to the TypeScript sources by the
  // CLI itself, when one happens (compiler/cli/stack.ts), rather than at every start.
  const { main, tuneV8ForCommand } = await import(bundle.href);
  // V8's tiering for a command that runs once (compiler/cli/v8-tuning.ts).
  tuneV8ForCommand(process.argv.slice(2));
  // Setting the exit code instead of calling `process.exit` lets piped output drain first.
  process.exitCode = await main(process.argv.slice(2));
}
