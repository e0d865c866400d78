/**
 * The programs of the editor test that come from the npm registry, installed on first use under
 * `test/tools/` (each folder has its own lock file, so every machine gets the same versions; their
 * `node_modules` are ignored by git):
 *
 * - `test/tools/node24`: Node.js 24 (the npm package `node`), because code-server needs Node 24 and
 *   the project's Node is 20;
 * - `test/tools/code-server`: VS Code as code-server, installed by npm running under that Node 24,
 *   since code-server's install script checks the Node version and builds native addons for it
 *   (which needs Debian's libkrb5-dev).
 */
import path from 'node:path';
import { CHROMIUM, installNpmTools, KRB5_DEV, npmToolsInstalled, requireTools } from '../helpers/real-tools.ts';

export interface EditorTools {
  /** Node 24's executable. */
  node: string;
  /** code-server's entry script, to run with `node`. */
  codeServer: string;
  /** PATH with Node 24 first, for code-server and everything it starts. */
  pathEnv: string;
}

/** Checks the system programs, installs the npm ones when needed, and says where they are. */
export function editorTools(logDir: string): EditorTools {
  requireTools('The editor test (test/e2e-editor)', [CHROMIUM]);
  const nodeBin = path.join(installNpmTools('node24', logDir), 'node_modules', '.bin');
  const pathEnv = `${nodeBin}${path.delimiter}${process.env.PATH ?? ''}`;
  if (!npmToolsInstalled('code-server')) requireTools('Installing code-server for the editor test (test/e2e-editor)', [KRB5_DEV]);
  const codeServer = installNpmTools('code-server', logDir, pathEnv);
  return {
    node: path.join(nodeBin, 'node'),
    codeServer: path.join(codeServer, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    pathEnv,
  };
}
