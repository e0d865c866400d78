/**
 * `meshc lsp --stdio` as editors run it: the built bundle as a child process, spoken to over its
 * standard input and output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as rpc from 'vscode-jsonrpc/node';
import type * as P from 'vscode-languageserver-protocol';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('meshc lsp --stdio from the built bundle: initialize, diagnostics, hover, shutdown, exit 0', async () => {
  assert.ok(existsSync(path.join(ROOT, 'dist', 'meshc.js')), "the CLI is built (run 'npm run build')");
  const root = mkdtempSync(path.join(os.tmpdir(), 'meshc-lsp-smoke-'));
  writeFileSync(path.join(root, 'a.mesh'), 'service reviews {\n  port 9080 http\n  versions v1\n  route -> v2\n}\n');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'meshc.js'), 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const client = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const diagnostics = new Promise<P.PublishDiagnosticsParams>((resolve) => client.onNotification('textDocument/publishDiagnostics', (p: P.PublishDiagnosticsParams) => resolve(p)));
  client.listen();
  try {
    const uri = pathToFileURL(path.join(root, 'a.mesh')).href;
    const init = await client.sendRequest<P.InitializeResult>('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'smoke' }], capabilities: {} });
    assert.is(init.serverInfo?.name, 'meshc');
    await client.sendNotification('initialized', {});
    const published = await diagnostics;
    assert.is(published.uri, uri);
    assert.equal(published.diagnostics.map((d) => d.code), ['M2002']);
    const hover = await client.sendRequest<P.Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 10 } });
    assert.match((hover.contents as P.MarkupContent).value, 'service reviews');
    await client.sendRequest('shutdown');
    await client.sendNotification('exit');
    assert.is(await exited, 0, `exit code (stderr: ${stderr})`);
  } finally {
    client.dispose();
    child.kill();
    rmSync(root, { recursive: true, force: true });
  }
});

test('standard input from a file: the server exits at its end, with 0 only after shutdown', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'meshc-lsp-stdin-'));
  const frame = (message: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  const requests = (...messages: object[]) => {
    const file = path.join(root, `requests-${messages.length}`);
    writeFileSync(file, messages.map(frame).join(''));
    return file;
  };
  const initialize = { id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };
  try {
    for (const [file, code] of [
      [requests(), 1],
      [requests(initialize, { method: 'initialized', params: {} }), 1],
      [requests(initialize, { method: 'initialized', params: {} }, { id: 2, method: 'shutdown' }), 0],
      [requests(initialize, { method: 'initialized', params: {} }, { id: 2, method: 'shutdown' }, { method: 'exit' }), 0],
      [requests(initialize, { method: 'exit' }), 1],
    ] as const) {
      const input = openSync(file, 'r');
      try {
        const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'meshc.js'), 'lsp', '--stdio'], { cwd: root, stdio: [input, 'pipe', 'pipe'], timeout: 20_000 });
        assert.is(run.status, code, `${path.basename(file)}: ${run.stderr}`);
      } finally {
        closeSync(input);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
