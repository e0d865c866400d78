/**
 * The meshc language server: the last stage, on top of the compiler (`meshc lsp`).
 *
 * `createServer` wires a JSON-RPC connection to the workspace model (`workspace.ts`) and the
 * language features (`features.ts`, `preview.ts`); `runStdio` runs it on standard input and
 * output. This folder is the only place that imports `vscode-languageserver`: the compiler
 * answers in offsets and its own diagnostic types, converted at this edge (`convert.ts`).
 *
 * Robustness, the rules every handler keeps:
 * - Every request handler is wrapped by `guard`: an exception (a bug) is logged with its stack
 *   and answered with an `InternalError` response; the server goes on serving.
 * - A request cancelled before it runs is answered `RequestCancelled` without running (the
 *   connection strategy below answers requests still in the queue at once); a handler checks the
 *   token again before answering.
 * - Requests are answered in order against the state after every notification that came before
 *   them, so an answer never refers to an older version of a document. Diagnostics are computed
 *   after a burst of changes has been applied (coalesced with `setImmediate`), for the texts of
 *   that moment; a computation scheduled for an older generation is dropped, not run.
 */
import { format } from 'node:util';
import * as L from 'vscode-languageserver';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VERSION } from '../compiler/frontend.ts';
import {
  COMMANDS,
  diagnosticsOf,
  onCodeAction,
  onCompletion,
  onDefinition,
  onDocumentHighlight,
  onDocumentSymbol,
  onFoldingRanges,
  onFormatting,
  onHover,
  onPrepareRename,
  onReferences,
  onRename,
  onSemanticTokens,
  onWorkspaceSymbol,
  semanticLegend,
  type ClientSupport,
} from './features.ts';
import { preview, PREVIEW_METHOD, type PreviewParams } from './preview.ts';
import { CONFIG_FILE, isMeshUri, normalizeUri, Workspace, type Snapshot } from './workspace.ts';

export interface ServerOptions {
  /** The editor's process: the server exits when it is gone (also `processId` of `initialize`). */
  clientProcessId?: number;
  /**
   * Test hook: request methods whose handler throws an error before doing anything, so that
   * tests can see an internal error become an error response and the server survive it.
   */
  faults?: ReadonlySet<string>;
}

export interface Server {
  connection: L.Connection;
  workspace: Workspace;
  /** Resolves with the exit code when the client sends `exit` or the stream closes. */
  exited: Promise<number>;
}

/** The result of `initialize`: what the server can do. Tests assert it in full. */
export function initializeResult(): L.InitializeResult {
  return {
    capabilities: {
      positionEncoding: L.PositionEncodingKind.UTF16,
      textDocumentSync: { openClose: true, change: L.TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['.'], resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: semanticLegend, full: true },
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: [L.CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [COMMANDS.openDocs, COMMANDS.preview] },
      diagnosticProvider: { identifier: 'meshc', interFileDependencies: true, workspaceDiagnostics: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'meshc', version: VERSION },
  };
}

/** The notifications that change the program's texts. */
const CHANGES = new Set(['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'workspace/didChangeWatchedFiles']);

/** FNV-1a, for result ids of pull diagnostics: equal ids mean equal reports. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** Not sent by clients: the server queues it when its input closes (see `createServer`). */
const INPUT_CLOSED = '$/meshc/inputClosed';

export function createServer(reader: L.MessageReader, writer: L.MessageWriter, options: ServerOptions = {}): Server {
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  let shutdown = false;
  let done = false;
  const finish = (code: number): void => {
    if (done) return;
    done = true;
    resolveExit(code);
  };
  const watchParent = (pid: number): void => {
    const timer = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        finish(shutdown ? 0 : 1);
      }
    }, 3000);
    timer.unref();
  };
  if (options.clientProcessId !== undefined) watchParent(options.clientProcessId);
  const watchDog: L.WatchDog = {
    get shutdownReceived() {
      return shutdown;
    },
    set shutdownReceived(value: boolean) {
      shutdown = value;
    },
    initialize(params) {
      // Exit when the editor that started the server is gone, as the protocol asks.
      if (typeof params.processId === 'number' && params.processId !== options.clientProcessId) watchParent(params.processId);
    },
    exit(code) {
      finish(code);
    },
  };
  const connectionOptions: L.ConnectionOptions = {
    connectionStrategy: {
      // A request cancelled while still queued is answered at once, without running it.
      cancelUndispatched: (message) => ({
        jsonrpc: '2.0',
        id: (message as L.RequestMessage).id,
        error: { code: L.LSPErrorCodes.RequestCancelled, message: 'The request was cancelled.' },
      }) as L.ResponseMessage,
    },
  };
  // Counts the notifications that change the program as they arrive, before they are queued, so
  // that diagnostics wait until every change already received has been applied (see `schedule`).
  let changesReceived = 0;
  let changesApplied = 0;
  let deliver: L.DataCallback | undefined;
  const counting: L.MessageReader = {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback) => {
      deliver = callback;
      return reader.listen((message) => {
        if (CHANGES.has((message as { method?: string }).method ?? '')) changesReceived++;
        callback(message);
      });
    },
    dispose: () => reader.dispose(),
  };
  const connection = L.createConnection((logger) => createProtocolConnection(counting, writer, logger, connectionOptions), watchDog);
  connection.onExit(() => undefined);
  connection.onShutdown(() => undefined);
  // The end of the input is queued as a message of its own, after those already received, so that
  // a `shutdown` and `exit` read just before it (a session replayed from a file) count: exit code
  // 0 after `shutdown`, 1 without.
  reader.onClose(() => (deliver ? deliver({ jsonrpc: '2.0', method: INPUT_CLOSED } as L.NotificationMessage) : finish(shutdown ? 0 : 1)));
  connection.onNotification(INPUT_CLOSED, () => finish(shutdown ? 0 : 1));

  const workspace = new Workspace();
  const documents = new Map<string, TextDocument>();
  let client: ClientSupport = { snippets: false, hierarchicalSymbols: false, relatedInformation: false, markdown: false, showDocument: false };
  let pull = false;
  let pullRefresh = false;
  let watchRegistration = false;
  let folderNotifications = false;

  const log = (text: string): void => connection.console.error(text);

  /** Wraps a request handler: cancellation, and internal errors as logged error responses. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- error data differs by method.
  type AnyError = L.ResponseError<any>;
  function guard<P, R>(method: string, handler: (params: P, token: L.CancellationToken) => R | Promise<R>): (params: P, token: L.CancellationToken) => Promise<R | AnyError> {
    const cancelled = (): AnyError => new L.ResponseError(L.LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    return async (params, token) => {
      if (token.isCancellationRequested) return cancelled();
      try {
        if (options.faults?.has(method)) throw new Error(`test fault in ${method}`);
        const result = await handler(params, token);
        if (token.isCancellationRequested) return cancelled();
        return result;
      } catch (error) {
        if (error instanceof L.ResponseError) return error as AnyError;
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`meshc: internal error in ${method}: ${detail}`);
        return new L.ResponseError(L.ErrorCodes.InternalError, `meshc: internal error in ${method}: ${error instanceof Error ? error.message : String(error)}. This is a bug in meshc; the server keeps running.`);
      }
    };
  }

  /** Guards a notification handler: a bug is logged and the notification dropped. */
  function guardNotification<P>(method: string, handler: (params: P) => void | Promise<void>): (params: P) => Promise<void> {
    return async (params) => {
      try {
        await handler(params);
      } catch (error) {
        log(`meshc: internal error in ${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        if (CHANGES.has(method)) changesApplied++;
      }
    };
  }

  // ---- Diagnostics ------------------------------------------------------------------------------

  const published = new Map<string, string>();
  let scheduledFor: number | undefined;

  /**
   * Reports diagnostics once every change already received has been applied. NOTE: this is not a
   * debounce (no timer, no added latency): a burst of edits that arrived together, or while the
   * previous check ran, is checked once, for its last state, instead of once per edit.
   */
  function schedule(): void {
    if (scheduledFor !== undefined) return;
    scheduledFor = workspace.generation;
    setImmediate(function run() {
      if (changesApplied < changesReceived) {
        setImmediate(run);
        return;
      }
      scheduledFor = undefined;
      try {
        report();
      } catch (error) {
        log(`meshc: internal error while checking: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    });
  }

  function report(): void {
    if (pull) {
      if (pullRefresh) void connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    const s = workspace.snapshot();
    const uris = new Set([...s.texts.keys(), ...published.keys()]);
    for (const uri of [...uris].sort()) {
      const items = s.texts.has(uri) ? diagnosticsOf(s, uri, client) : [];
      const version = workspace.version(uri);
      // An open file is reported again for every new version, so that the editor knows which
      // version the report is for; a file on disk only when its report changes.
      const key = `${version ?? ''}|${JSON.stringify(items)}`;
      if (published.get(uri) === key) continue;
      void connection.sendDiagnostics({ uri, diagnostics: items, ...(version !== undefined ? { version } : {}) });
      if (s.texts.has(uri)) published.set(uri, key);
      else published.delete(uri);
    }
  }

  const snapshot = (): Snapshot => workspace.snapshot();

  /** (Re)reads `meshc.json`; a broken one is shown to the user, and no configuration applies. */
  async function loadConfig(): Promise<void> {
    const problem = await workspace.loadConfig();
    if (problem) {
      log(`meshc: ${problem}`);
      void connection.window.showErrorMessage(`meshc: ${problem}`);
    }
  }

  // ---- Lifecycle --------------------------------------------------------------------------------

  connection.onInitialize(
    guard('initialize', async (params: L.InitializeParams) => {
      const caps = params.capabilities;
      const doc = caps.textDocument;
      client = {
        snippets: doc?.completion?.completionItem?.snippetSupport === true,
        hierarchicalSymbols: doc?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
        relatedInformation: doc?.publishDiagnostics?.relatedInformation === true || doc?.diagnostic !== undefined,
        markdown: (doc?.hover?.contentFormat ?? []).includes(L.MarkupKind.Markdown),
        showDocument: caps.window?.showDocument?.support === true,
      };
      pull = doc?.diagnostic !== undefined;
      pullRefresh = caps.workspace?.diagnostics?.refreshSupport === true;
      watchRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      folderNotifications = caps.workspace?.workspaceFolders === true;
      const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
      await workspace.addFolders(folders);
      await loadConfig();
      return initializeResult();
    }),
  );

  connection.onInitialized(
    guardNotification('initialized', async () => {
      if (watchRegistration) {
        await connection.client.register(L.DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.mesh' }, { globPattern: `**/${CONFIG_FILE}` }] });
      }
      if (folderNotifications) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardNotification('workspace/didChangeWorkspaceFolders', async (e: L.WorkspaceFoldersChangeEvent) => {
            workspace.removeFolders(e.removed.map((f) => f.uri));
            await workspace.addFolders(e.added.map((f) => f.uri));
            await loadConfig();
            schedule();
          }),
        );
      }
      schedule();
    }),
  );

  // ---- Documents and files ----------------------------------------------------------------------

  const accepts = (uri: string, languageId?: string): boolean => languageId === 'mesh' || isMeshUri(uri);

  connection.onDidOpenTextDocument(
    guardNotification('textDocument/didOpen', (p: L.DidOpenTextDocumentParams) => {
      const uri = normalizeUri(p.textDocument.uri);
      if (!accepts(uri, p.textDocument.languageId)) return;
      const doc = TextDocument.create(uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      documents.set(uri, doc);
      workspace.setOpen(uri, doc.getText(), doc.version);
      schedule();
    }),
  );

  connection.onDidChangeTextDocument(
    guardNotification('textDocument/didChange', (p: L.DidChangeTextDocumentParams) => {
      const uri = normalizeUri(p.textDocument.uri);
      const doc = documents.get(uri);
      if (!doc) return;
      TextDocument.update(doc, p.contentChanges, p.textDocument.version);
      workspace.setOpen(uri, doc.getText(), doc.version);
      schedule();
    }),
  );

  connection.onDidCloseTextDocument(
    guardNotification('textDocument/didClose', async (p: L.DidCloseTextDocumentParams) => {
      const uri = normalizeUri(p.textDocument.uri);
      if (!documents.delete(uri)) return;
      workspace.close(uri);
      // The file on disk takes the buffer's place, if it is part of the workspace.
      if (workspace.inFolders(uri)) await workspace.readFromDisk(uri);
      else workspace.forgetDisk(uri);
      schedule();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardNotification('workspace/didChangeWatchedFiles', async (p: L.DidChangeWatchedFilesParams) => {
      for (const change of p.changes) {
        const uri = normalizeUri(change.uri);
        if (uri.endsWith(`/${CONFIG_FILE}`)) await loadConfig();
        if (!isMeshUri(uri)) continue;
        if (change.type === L.FileChangeType.Deleted) workspace.forgetDisk(uri);
        else if (workspace.inFolders(uri)) await workspace.readFromDisk(uri);
      }
      schedule();
    }),
  );

  // ---- Requests ---------------------------------------------------------------------------------

  const doc = <P extends { textDocument: { uri: string } }>(p: P): P => ({ ...p, textDocument: { ...p.textDocument, uri: normalizeUri(p.textDocument.uri) } });

  connection.onHover(guard('textDocument/hover', (p: L.HoverParams) => onHover(snapshot(), doc(p), client)));
  connection.onCompletion(guard('textDocument/completion', (p: L.CompletionParams) => onCompletion(snapshot(), doc(p), client)));
  connection.onDefinition(guard('textDocument/definition', (p: L.DefinitionParams) => onDefinition(snapshot(), doc(p))));
  connection.onReferences(guard('textDocument/references', (p: L.ReferenceParams) => onReferences(snapshot(), doc(p))));
  connection.onDocumentHighlight(guard('textDocument/documentHighlight', (p: L.DocumentHighlightParams) => onDocumentHighlight(snapshot(), doc(p))));
  connection.onPrepareRename(guard('textDocument/prepareRename', (p: L.PrepareRenameParams) => onPrepareRename(snapshot(), doc(p))));
  connection.onRenameRequest(guard('textDocument/rename', (p: L.RenameParams) => onRename(snapshot(), doc(p))));
  connection.onDocumentSymbol(guard('textDocument/documentSymbol', (p: L.DocumentSymbolParams) => onDocumentSymbol(snapshot(), doc(p), client)));
  connection.onWorkspaceSymbol(guard('workspace/symbol', (p: L.WorkspaceSymbolParams) => onWorkspaceSymbol(snapshot(), p)));
  connection.onFoldingRanges(guard('textDocument/foldingRange', (p: L.FoldingRangeParams) => onFoldingRanges(snapshot(), doc(p))));
  connection.languages.semanticTokens.on(guard('textDocument/semanticTokens/full', (p: L.SemanticTokensParams) => onSemanticTokens(snapshot(), doc(p))));
  connection.onDocumentFormatting(guard('textDocument/formatting', (p: L.DocumentFormattingParams) => onFormatting(snapshot(), doc(p))));
  connection.onCodeAction(guard('textDocument/codeAction', (p: L.CodeActionParams) => onCodeAction(snapshot(), doc(p), client)));

  connection.onExecuteCommand(
    guard('workspace/executeCommand', async (p: L.ExecuteCommandParams) => {
      if (p.command === COMMANDS.openDocs) {
        const [code, href] = (p.arguments ?? []) as [string, string];
        if (client.showDocument) await connection.window.showDocument({ uri: href, external: true });
        else connection.window.showInformationMessage(`${code}: ${href}`);
        return null;
      }
      if (p.command === COMMANDS.preview) {
        const params = (p.arguments ?? [])[0] as PreviewParams | undefined;
        if (!params?.textDocument?.uri) throw new L.ResponseError(L.ErrorCodes.InvalidParams, `${COMMANDS.preview} takes the preview parameters as its argument.`);
        return preview(snapshot(), doc(params));
      }
      throw new L.ResponseError(L.ErrorCodes.InvalidParams, `Unknown command ${p.command}.`);
    }),
  );

  connection.onRequest(PREVIEW_METHOD, guard(PREVIEW_METHOD, (p: PreviewParams) => preview(snapshot(), doc(p))));

  // Pull diagnostics, for clients that ask for them instead of receiving them.
  connection.languages.diagnostics.on(
    guard('textDocument/diagnostic', (p: L.DocumentDiagnosticParams): L.DocumentDiagnosticReport => {
      const s = snapshot();
      const items = diagnosticsOf(s, normalizeUri(p.textDocument.uri), client);
      const resultId = hash(JSON.stringify(items));
      if (p.previousResultId === resultId) return { kind: L.DocumentDiagnosticReportKind.Unchanged, resultId };
      return { kind: L.DocumentDiagnosticReportKind.Full, resultId, items };
    }),
  );
  connection.languages.diagnostics.onWorkspace(
    guard('workspace/diagnostic', (p: L.WorkspaceDiagnosticParams): L.WorkspaceDiagnosticReport => {
      const s = snapshot();
      const previous = new Map(p.previousResultIds.map((r) => [normalizeUri(r.uri), r.value]));
      const items: L.WorkspaceDocumentDiagnosticReport[] = [];
      for (const uri of s.texts.keys()) {
        const diagnostics = diagnosticsOf(s, uri, client);
        const resultId = hash(JSON.stringify(diagnostics));
        const version = workspace.version(uri) ?? null;
        if (previous.get(uri) === resultId) items.push({ kind: L.DocumentDiagnosticReportKind.Unchanged, uri, version, resultId });
        else items.push({ kind: L.DocumentDiagnosticReportKind.Full, uri, version, resultId, items: diagnostics });
      }
      return { items };
    }),
  );

  connection.listen();
  return { connection, workspace, exited };
}

/** Runs the server on standard input and output until the client says `exit`. */
export async function runStdio(options: ServerOptions = {}): Promise<number> {
  // Anything else written to standard output would corrupt the protocol stream.
  const toStderr = (...args: unknown[]): void => void process.stderr.write(format(...args) + '\n');
  console.log = console.info = console.warn = console.debug = toStderr;
  // Standard input from a file (`meshc lsp --stdio < requests`, or /dev/null) ends without
  // closing, and the protocol's reader waits for 'close': destroying the stream at its end
  // closes it, so the server exits as it does when an editor's pipe closes.
  process.stdin.once('end', () => process.stdin.destroy());
  const server = createServer(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout), options);
  const code = await server.exited;
  server.connection.dispose();
  process.stdin.destroy();
  return code;
}
