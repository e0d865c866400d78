/**
 * yaml-language-server on the Istio YAML that `meshc compile` writes: the comparison issue 6 asks
 * for. Used by `lsp.ts`; see bench/README.md, section "Language server".
 *
 * The server is the npm package's own entry point (`node node_modules/yaml-language-server/bin/
 * yaml-language-server --stdio`), spoken to as `lsp.ts` speaks to meshc's: vscode-jsonrpc over
 * pipes. The client says it supports `workspace/configuration`, as editors do, and answers the
 * server's pulls with: the Istio schema (`istio-schema.ts`, a file under the scratch folder)
 * associated with every `*.yaml`, validation on, and the JSON Schema Store and the CRD catalogue
 * off (both would be downloaded; this machine has no network, and the comparison is about the
 * Istio schema). Nothing else is changed from the server's defaults: in particular its validation
 * delay (200 ms after the last change of a document) is part of what an editor user waits for.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';
import type * as P from 'vscode-languageserver-protocol';
import { LineIndex } from '../compiler/source/line-index.ts';

export interface YamlLsRun {
  /** From `didOpen` to the first diagnostics of the file (the server started and configured). */
  open: number;
  keystroke: number[];
  /** VmRSS and VmHWM (peak) of the server after the keystrokes, MiB. */
  rssMiB: number;
  peakMiB: number;
  /** Diagnostics of the file as compiled (expected: none). */
  baseline: P.Diagnostic[];
  /** The deliberate schema error: what was written, and the diagnostics that came back for it. */
  check: { edit: string; line: number; diagnostics: P.Diagnostic[]; caught: boolean; clearedAfterRevert: boolean };
  /** Keystrokes whose diagnostics were not the baseline ones (should be 0). */
  unexpected: number;
  version: string;
}

export function yamlLsVersion(): string {
  const req = createRequire(import.meta.url);
  return (req('yaml-language-server/package.json') as { version: string }).version;
}

function status(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)![1]) / 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Rejects after `ms`, so that a server that stops answering ends the run instead of hanging it. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`yaml-language-server: no ${what} within ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * Opens `file` (already written under `root`) in yaml-language-server, checks that a schema error
 * is reported, then times `keystrokes` one-character edits of the value at `valueAt` (an offset of
 * a one-digit integer): it changes to `alt`, then back, and so on.
 */
export async function measureYamlLs(opts: {
  root: string;
  file: string;
  schemaFile: string;
  keystrokes: number;
  /** Offset of the digit that the keystrokes change, and the digit they change it to. */
  valueAt: number;
  alt: string;
  timeoutMs: number;
  /** The caller's set of running servers: the server is in it while it runs. */
  children: Set<number>;
}): Promise<YamlLsRun> {
  const { root, file, schemaFile, keystrokes, valueAt, alt, timeoutMs } = opts;
  const req = createRequire(import.meta.url);
  const bin = path.join(path.dirname(req.resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');
  const child = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: root });
  opts.children.add(child.pid!);
  child.on('exit', () => opts.children.delete(child.pid!));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const client = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const settings = {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      schemas: { [pathToFileURL(schemaFile).href]: ['*.yaml'] },
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
    },
    http: {},
    '[yaml]': {},
    editor: {},
  } as Record<string, unknown>;
  let configured!: () => void;
  const pulled = new Promise<void>((resolve) => (configured = resolve));
  client.onRequest('workspace/configuration', (p: P.ConfigurationParams) => {
    if (p.items.some((i) => i.section === 'yaml')) setTimeout(configured, 100); // time to apply them
    return p.items.map((i) => settings[i.section ?? ''] ?? null);
  });
  client.onRequest(() => null); // client/registerCapability, window/workDoneProgress/create, …
  client.onNotification(() => {}); // telemetry, logs
  // yaml-language-server's diagnostics carry no document version: the keystrokes wait for each
  // publication before the next edit, so the next one for the file is that of the last edit.
  let waiting: ((d: P.Diagnostic[]) => void) | undefined;
  const uri = pathToFileURL(path.join(root, file)).href;
  client.onNotification('textDocument/publishDiagnostics', (p: P.PublishDiagnosticsParams) => {
    if (p.uri === uri && waiting) {
      const w = waiting;
      waiting = undefined;
      w(p.diagnostics);
    }
  });
  const next = () => within(new Promise<P.Diagnostic[]>((resolve) => (waiting = resolve)), timeoutMs, 'diagnostics');
  client.listen();
  try {
    const rootUri = pathToFileURL(root).href;
    await within(
      client.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'istio' }],
        capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown'] } } },
        initializationOptions: {},
      }),
      timeoutMs,
      'initialize answer',
    );
    await client.sendNotification('initialized', {});
    await within(pulled, timeoutMs, 'pull of the settings'); // the server pulls them when initialized
    let text = readFileSync(path.join(root, file), 'utf8');
    let version = 1;
    const started = performance.now();
    const published = next();
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    const baseline = await published;
    const open = performance.now() - started;
    const original = text[valueAt]!;
    const lines = new LineIndex(text);
    const at = lines.position(valueAt);
    const range: P.Range = { start: { line: at.line, character: at.column }, end: { line: at.line, character: at.column + 1 } };
    const edit = async (ch: string): Promise<P.Diagnostic[]> => {
      text = text.slice(0, valueAt) + ch + text.slice(valueAt + 1);
      version++;
      const p = next();
      await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: ch }] });
      return p;
    };
    const same = (a: P.Diagnostic[], b: P.Diagnostic[]) => JSON.stringify(a) === JSON.stringify(b);

    // The check that the schema is in force: a string where the schema wants an integer.
    const bad = await edit('x');
    const lineText = text.slice(valueAt - at.column, text.indexOf('\n', valueAt));
    const caught = bad.some((d) => d.range.start.line === at.line) && bad.length > baseline.length;
    const reverted = await edit(original);
    const check = { edit: `${lineText.trim()} (line ${at.line + 1})`, line: at.line + 1, diagnostics: bad, caught, clearedAfterRevert: same(reverted, baseline) };

    const keystroke: number[] = [];
    let unexpected = 0;
    for (let k = 0; k < keystrokes; k++) {
      const t0 = performance.now();
      const d = await edit(k % 2 === 0 ? alt : original);
      keystroke.push(performance.now() - t0);
      if (!same(d, baseline)) unexpected++;
    }
    const { rss, hwm } = status(child.pid!);
    await within(client.sendRequest('shutdown'), timeoutMs, 'shutdown answer');
    await client.sendNotification('exit');
    await within(exited, 10_000, 'exit');
    return { open, keystroke, rssMiB: rss, peakMiB: hwm, baseline, check, unexpected, version: yamlLsVersion() };
  } catch (e) {
    throw new Error(`${(e as Error).message}${stderr ? `\nserver stderr (end):\n${stderr}` : ''}`);
  } finally {
    client.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
