/**
 * The VS Code client of the meshc language server.
 *
 * The extension ships meshc itself: `dist/meshc.mjs` is the command line (`compiler/cli/main.ts`)
 * bundled by esbuild, the same program as the `meshc` command. The language server is that program
 * started as `meshc lsp --stdio` through `vscode-languageclient`; **meshc: Compile workspace** and
 * **meshc: Explain diagnostic** run it as `meshc compile` and `meshc explain`, so the editor never
 * disagrees with the command line or CI. The setting `meshc.path` replaces the bundled program.
 *
 * Everything the language knows (diagnostics, hover, completion, formatting, …) comes from the
 * server; this file adds only what is VS Code's business: starting the server, settings, and the
 * three commands. Their ids are not the server's own commands (`meshc.preview`, `meshc.openDocs`),
 * which `vscode-languageclient` registers under those names to forward them to the server.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type Executable,
  type LanguageClientOptions,
  type NodeModule,
  type ServerOptions,
} from 'vscode-languageclient/node';

const LANGUAGE = 'mesh';
const PREVIEW_SCHEME = 'meshc-preview';
const EXPLAIN_SCHEME = 'meshc-explain';

/** The answer of the server's `meshc/preview` request (see docs/editor.md). */
interface PreviewResult {
  target: string;
  declarations: string[];
  compiled: boolean;
  outputs: Array<{ target: string; path: string; content: string }>;
  errors: number;
  summary: string;
  message?: string;
}

/** How to run meshc: the bundled program under this process's Node, or the user's `meshc.path`. */
interface Meshc {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('meshc', { log: true });
  context.subscriptions.push(output);

  const previews = new PreviewProvider();
  const explanations = new ExplanationProvider();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, explanations),
    vscode.commands.registerCommand('meshc.showPreview', (uri?: vscode.Uri) => openPreview(uri)),
    vscode.commands.registerCommand('meshc.compileWorkspace', () => compileWorkspace(context)),
    vscode.commands.registerCommand('meshc.explainDiagnostic', (code?: unknown) => explainDiagnostic(context, explanations, code)),
    vscode.commands.registerCommand('meshc.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    // The preview follows the program as it is typed: every change to any .mesh buffer may change
    // what a declaration compiles to (names resolve across files).
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === LANGUAGE && e.contentChanges.length > 0) previews.refreshSoon();
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.languageId === LANGUAGE) previews.refreshSoon();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('meshc.path')) {
        await stopClient();
        await startClient(context);
      }
      if (e.affectsConfiguration('meshc.targets')) previews.refreshSoon();
    }),
    { dispose: () => void stopClient() },
  );
  await startClient(context);
}

export function deactivate(): Thenable<void> | undefined {
  return stopClient();
}

// ---- The language server -----------------------------------------------------------------------

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const meshc = meshcProgram(context);
  let serverOptions: ServerOptions;
  if (meshc.command === process.execPath && meshc.args.length === 1) {
    // The bundled server: forked as a Node module, so VS Code's own runtime runs it.
    const module: NodeModule = { module: meshc.args[0]!, args: ['lsp'], transport: TransportKind.stdio };
    serverOptions = { run: module, debug: module };
  } else {
    const executable: Executable = { command: meshc.command, args: [...meshc.args, 'lsp'], transport: TransportKind.stdio, options: { env: meshc.env } };
    serverOptions = { run: executable, debug: executable };
  }
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE },
      { scheme: 'untitled', language: LANGUAGE },
    ],
    outputChannel: output,
    // The server reports which files it watches (`**/*.mesh`, `meshc.json`) itself.
  };
  client = new LanguageClient('meshc', 'meshc Language Server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`meshc: the language server did not start: ${String(error)}`);
    void vscode.window.showErrorMessage(`meshc: the language server did not start (${String(error)}). Check the setting meshc.path.`);
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) await running.stop();
}

/**
 * The meshc program to run. `meshc.path` (ignored in untrusted workspaces) wins; otherwise the
 * bundled CLI, under the Node that runs this extension host (Electron's, told to act as Node).
 */
function meshcProgram(context: vscode.ExtensionContext): Meshc {
  const configured = vscode.workspace.getConfiguration('meshc').get<string>('path', '').trim();
  if (configured && vscode.workspace.isTrusted) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const command = path.isAbsolute(configured) || !folder || !configured.includes('/') ? configured : path.join(folder, configured);
    return { command, args: [], env: process.env };
  }
  const bundled = context.asAbsolutePath(path.join('dist', 'meshc.mjs'));
  return { command: process.execPath, args: [bundled], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } };
}

/** Runs meshc with `args` in `cwd`; resolves with its exit code and output, never rejects. */
function runMeshc(context: vscode.ExtensionContext, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const meshc = meshcProgram(context);
  return new Promise((resolve) => {
    execFile(meshc.command, [...meshc.args, ...args], { cwd, env: { ...meshc.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? String(error.message) : '') });
    });
  });
}

// ---- meshc: Preview compiled output ------------------------------------------------------------

/**
 * Read-only documents `meshc-preview:/NAME (TARGET).yaml?SOURCE-URI`, whose text is what the
 * source file compiles to, asked of the server (`meshc/preview`) each time they are shown and
 * whenever a `.mesh` buffer changes.
 */
class PreviewProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  /** Refreshes every open preview shortly after the last of a burst of edits. */
  refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === PREVIEW_SCHEME) this.changed.fire(doc.uri);
    }, 150);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = vscode.Uri.parse(uri.query, true);
    const target = previewTarget();
    if (!client?.isRunning()) return `# meshc: the language server is not running; see the "meshc" output.\n`;
    try {
      const result = await client.sendRequest<PreviewResult>('meshc/preview', { textDocument: { uri: source.toString() }, target });
      return renderPreview(source, result);
    } catch (error) {
      return `# meshc: no preview for ${path.basename(source.path)}: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }
}

function previewTarget(): string {
  return vscode.workspace.getConfiguration('meshc').get<string[]>('targets', ['istio'])[0] ?? 'istio';
}

/** The preview's text: each output file after a comment naming it, or why there is none. */
function renderPreview(source: vscode.Uri, result: PreviewResult): string {
  const name = path.basename(source.path);
  const head = `# meshc: ${name} compiled for ${result.target} (read-only preview; it follows your edits)\n`;
  const comment = (text: string): string =>
    text
      .split('\n')
      .map((line) => (line ? `# ${line}` : '#'))
      .join('\n') + '\n';
  if (!result.compiled || result.errors > 0 || result.outputs.length === 0) {
    const why = result.message ?? (result.declarations.length === 0 ? 'This file declares nothing that compiles to a resource.' : 'Nothing to show.');
    return head + '#\n' + comment(why) + (result.summary ? '#\n' + comment(result.summary) : '');
  }
  return head + result.outputs.map((o) => `# ---- ${o.path}\n${o.content.endsWith('\n') ? o.content : o.content + '\n'}`).join('---\n');
}

async function openPreview(uri?: vscode.Uri): Promise<void> {
  const source = uri ?? vscode.window.activeTextEditor?.document.uri;
  const editor = vscode.window.activeTextEditor;
  if (!source || (editor && editor.document.uri.toString() === source.toString() && editor.document.languageId !== LANGUAGE)) {
    void vscode.window.showInformationMessage('meshc: open a .mesh file to preview what it compiles to.');
    return;
  }
  const name = path.basename(source.path);
  const previewUri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name} (${previewTarget()}).yaml`, query: source.toString() });
  const doc = await vscode.workspace.openTextDocument(previewUri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
}

// ---- meshc: Compile workspace ------------------------------------------------------------------

async function compileWorkspace(context: vscode.ExtensionContext): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('meshc: open a folder with .mesh files to compile it.');
    return;
  }
  await vscode.workspace.saveAll(false);
  const config = vscode.workspace.getConfiguration('meshc');
  const targets = config.get<string[]>('targets', ['istio']);
  const outDir = config.get<string>('outDir', 'out') || 'out';
  const strict = config.get<boolean>('strict', false);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'meshc: compiling' }, async () => {
    for (const folder of folders) {
      const cwd = folder.uri.fsPath;
      const args = ['compile', ...targets.flatMap((t) => ['--target', t]), '--out', outDir, ...(strict ? ['--strict'] : []), '--no-color', '.'];
      output.appendLine(`$ meshc ${args.join(' ')}    (in ${cwd})`);
      const run = await runMeshc(context, args, cwd);
      if (run.stdout) output.append(run.stdout);
      if (run.stderr) output.append(run.stderr);
      if (run.code === 0) {
        void vscode.window.showInformationMessage(`meshc: compiled ${folder.name} to ${path.join(outDir, targets[0] ?? '')}${targets.length > 1 ? ' and more' : ''}.`);
      } else {
        const what =
          run.code === 1 ? `${folder.name} has ${strict ? 'errors or warnings' : 'errors'}; nothing was written (see Problems).` : `meshc failed on ${folder.name} (exit code ${run.code}).`;
        const choice = await vscode.window.showErrorMessage(`meshc: ${what}`, 'Show output');
        if (choice) output.show(true);
      }
    }
  });
}

// ---- meshc: Explain diagnostic -----------------------------------------------------------------

/** Read-only documents `meshc-explain:/CODE.md` with the text of `meshc explain CODE`. */
class ExplanationProvider implements vscode.TextDocumentContentProvider {
  readonly pages = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.path) ?? '';
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

async function explainDiagnostic(context: vscode.ExtensionContext, explanations: ExplanationProvider, arg?: unknown): Promise<void> {
  let code = typeof arg === 'string' && /^M\d{4}$/i.test(arg) ? arg.toUpperCase() : undefined;
  if (!code) {
    const editor = vscode.window.activeTextEditor;
    const mine = (d: vscode.Diagnostic): boolean => d.source === 'meshc' && codeOf(d) !== undefined;
    let candidates: vscode.Diagnostic[] = [];
    if (editor) {
      const all = vscode.languages.getDiagnostics(editor.document.uri).filter(mine);
      const atCursor = all.filter((d) => d.range.contains(editor.selection.active));
      candidates = atCursor.length > 0 ? atCursor : all;
    }
    if (candidates.length === 0) candidates = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.filter(mine));
    if (candidates.length === 1) code = codeOf(candidates[0]!);
    else if (candidates.length > 1) {
      const pick = await vscode.window.showQuickPick(
        candidates.map((d) => ({ label: codeOf(d)!, description: `line ${d.range.start.line + 1}`, detail: d.message })),
        { placeHolder: 'Which diagnostic?' },
      );
      code = pick?.label;
    } else {
      code = (await vscode.window.showInputBox({ prompt: 'A meshc diagnostic code', placeHolder: 'M4004', validateInput: (v) => (/^M\d{4}$/i.test(v.trim()) ? undefined : 'A code is M and four digits, for example M4004.') }))
        ?.trim()
        .toUpperCase();
    }
  }
  if (!code) return;
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? context.extensionPath;
  const run = await runMeshc(context, ['explain', code], cwd);
  if (run.code !== 0) {
    void vscode.window.showErrorMessage(`meshc: ${run.stderr.trim() || `no explanation for ${code}`}`);
    return;
  }
  const uri = vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${code}.md` });
  explanations.pages.set(uri.path, run.stdout);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}
