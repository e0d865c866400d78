/**
 * Talking to the language server as an editor does: over a real JSON-RPC stream.
 *
 * `start` writes a workspace to a temporary folder, runs the server in this process on a pair of
 * in-memory streams with the protocol's Content-Length framing (vscode-jsonrpc on both ends), and
 * performs a real `initialize` / `initialized` handshake with a client that declares what VS Code
 * declares. Fixtures mark cursor positions with `<|>` instead of counting columns:
 * `marked('route -> <|>v2')` is the text without the marker and the marker's offset.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';
import type * as P from 'vscode-languageserver-protocol';
import { LineIndex } from '../../compiler/source/line-index.ts';
import { createServer, type Server, type ServerOptions } from '../../lsp/server.ts';

export const MARK = '<|>';

/** The text without its `<|>` markers, and the markers' offsets in that text. */
export function marked(text: string): { text: string; cursors: number[] } {
  const cursors: number[] = [];
  let out = '';
  let rest = text;
  for (;;) {
    const i = rest.indexOf(MARK);
    if (i === -1) break;
    out += rest.slice(0, i);
    cursors.push(out.length);
    rest = rest.slice(i + MARK.length);
  }
  return { text: out + rest, cursors };
}

/** The LSP position of `offset` in `text`. */
export function positionOf(text: string, offset: number): P.Position {
  const p = new LineIndex(text).position(offset);
  return { line: p.line, character: p.column };
}

/** The text a range covers. */
export function textOf(text: string, range: P.Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offset({ line: range.start.line, column: range.start.character }), lines.offset({ line: range.end.line, column: range.end.character }));
}

/** What VS Code declares, in the parts this server reads. */
export function vscodeCapabilities(overrides: { pull?: boolean } = {}): P.ClientCapabilities {
  return {
    workspace: {
      workspaceFolders: true,
      didChangeWatchedFiles: { dynamicRegistration: true },
      ...(overrides.pull ? { diagnostics: { refreshSupport: true } } : {}),
    },
    window: { showDocument: { support: true } },
    textDocument: {
      synchronization: { didSave: true },
      completion: { completionItem: { snippetSupport: true } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      publishDiagnostics: { relatedInformation: true, versionSupport: true },
      rename: { prepareSupport: true },
      ...(overrides.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
  };
}

export interface Session {
  root: string;
  server: Server;
  client: rpc.MessageConnection;
  initializeResult: P.InitializeResult;
  uri(name: string): string;
  /** The current text of a file as the client knows it (opened and edited through `change`). */
  text(name: string): string;
  /** The current version of an open file. */
  version(name: string): number;
  open(name: string, text?: string): void;
  /** Replaces the whole text of an open file (one full-text change). */
  replace(name: string, text: string): void;
  /** Applies one incremental edit to an open file: replace `[start, end)` offsets with `insert`. */
  edit(name: string, start: number, end: number, insert: string): void;
  close(name: string): void;
  request<R>(method: string, params: unknown): Promise<R>;
  /** The latest diagnostics published for a file. */
  diagnostics(name: string): P.PublishDiagnosticsParams | undefined;
  /** Every diagnostics notification for a file, in order. */
  history(name: string): P.PublishDiagnosticsParams[];
  /** Waits until the diagnostics published for `name` satisfy `accept`. */
  waitForDiagnostics(name: string, accept: (d: P.PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<P.PublishDiagnosticsParams>;
  /** Every message the server logged (window/logMessage). */
  logs: string[];
  registrations: P.Registration[];
  shownDocuments: P.ShowDocumentParams[];
  refreshes: number;
  stop(): Promise<number>;
}

export async function start(
  files: Record<string, string>,
  options: { capabilities?: P.ClientCapabilities; server?: ServerOptions; folders?: string[] } = {},
): Promise<Session> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'meshc-lsp-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, ...name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createServer(new rpc.StreamMessageReader(toServer), new rpc.StreamMessageWriter(toClient), options.server ?? {});
  const client = rpc.createMessageConnection(new rpc.StreamMessageReader(toClient), new rpc.StreamMessageWriter(toServer));

  const uri = (name: string): string => pathToFileURL(path.join(root, ...name.split('/'))).href;
  const texts = new Map<string, { text: string; version: number }>();
  const published = new Map<string, P.PublishDiagnosticsParams>();
  const history = new Map<string, P.PublishDiagnosticsParams[]>();
  const waiters: (() => void)[] = [];
  const logs: string[] = [];
  const registrations: P.Registration[] = [];
  const shownDocuments: P.ShowDocumentParams[] = [];
  let refreshes = 0;

  client.onNotification('textDocument/publishDiagnostics', (p: P.PublishDiagnosticsParams) => {
    published.set(p.uri, p);
    if (!history.has(p.uri)) history.set(p.uri, []);
    history.get(p.uri)!.push(p);
    for (const w of [...waiters]) w();
  });
  client.onNotification('window/logMessage', (p: P.LogMessageParams) => void logs.push(p.message));
  client.onRequest('client/registerCapability', (p: P.RegistrationParams) => {
    registrations.push(...p.registrations);
    return null;
  });
  client.onRequest('workspace/diagnostic/refresh', () => {
    refreshes++;
    for (const w of [...waiters]) w();
    return null;
  });
  client.onRequest('window/showDocument', (p: P.ShowDocumentParams) => {
    shownDocuments.push(p);
    return { success: true };
  });
  client.listen();

  const folders = (options.folders ?? ['']).map((f) => ({ uri: f === '' ? pathToFileURL(root).href : uri(f), name: f || 'root' }));
  const initializeResult = await client.sendRequest<P.InitializeResult>('initialize', {
    processId: null,
    rootUri: folders[0]!.uri,
    workspaceFolders: folders,
    capabilities: options.capabilities ?? vscodeCapabilities(),
  });
  await client.sendNotification('initialized', {});

  const session: Session = {
    root,
    server,
    client,
    initializeResult,
    uri,
    logs,
    registrations,
    shownDocuments,
    get refreshes() {
      return refreshes;
    },
    text(name) {
      const t = texts.get(name);
      if (!t) throw new Error(`${name} is not open`);
      return t.text;
    },
    version(name) {
      const t = texts.get(name);
      if (!t) throw new Error(`${name} is not open`);
      return t.version;
    },
    open(name, text) {
      const content = text ?? files[name];
      if (content === undefined) throw new Error(`no text for ${name}`);
      texts.set(name, { text: content, version: 1 });
      void client.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'mesh', version: 1, text: content } });
    },
    replace(name, text) {
      const t = texts.get(name)!;
      t.text = text;
      t.version++;
      void client.sendNotification('textDocument/didChange', { textDocument: { uri: uri(name), version: t.version }, contentChanges: [{ text }] });
    },
    edit(name, start, end, insert) {
      const t = texts.get(name)!;
      const range = { start: positionOf(t.text, start), end: positionOf(t.text, end) };
      t.text = t.text.slice(0, start) + insert + t.text.slice(end);
      t.version++;
      void client.sendNotification('textDocument/didChange', { textDocument: { uri: uri(name), version: t.version }, contentChanges: [{ range, text: insert }] });
    },
    close(name) {
      texts.delete(name);
      void client.sendNotification('textDocument/didClose', { textDocument: { uri: uri(name) } });
    },
    request: (method, params) => client.sendRequest(method, params),
    diagnostics: (name) => published.get(uri(name)),
    history: (name) => history.get(uri(name)) ?? [],
    waitForDiagnostics(name, accept, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const d = published.get(uri(name));
          if (d && accept(d)) {
            waiters.splice(waiters.indexOf(check), 1);
            clearTimeout(timer);
            resolve(d);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`no matching diagnostics for ${name} within ${timeoutMs} ms; last: ${JSON.stringify(published.get(uri(name)))}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
    async stop() {
      await client.sendRequest('shutdown');
      await client.sendNotification('exit');
      const code = await server.exited;
      client.dispose();
      server.connection.dispose();
      toServer.end();
      toClient.end();
      rmSync(root, { recursive: true, force: true });
      return code;
    },
  };
  return session;
}

/** A position in an open file: the `index`th `<|>` marker of `fixture`. */
export function at(session: Session, name: string, offset: number): P.TextDocumentPositionParams {
  return { textDocument: { uri: session.uri(name) }, position: positionOf(session.text(name), offset) };
}
