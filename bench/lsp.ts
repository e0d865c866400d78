/**
 * Language server latency and memory: what an editor user waits for.
 *
 * The server is the built bundle (`node bin/meshc.js lsp --stdio`, as editors start it), spoken to
 * over its standard input and output with vscode-jsonrpc. Measured, on the examples and on
 * generated projects (`generateProject` in `generate.ts`):
 *
 * - keystroke → publishDiagnostics: one `didChange` with one character (typing `  timeout 5s`
 *   into a service, then deleting it again, over and over), until the server publishes the
 *   diagnostics of that version of the file;
 * - hover and completion round trips at positions drawn from the file (names, keywords, values);
 * - the server's resident memory (VmRSS) after the edits.
 *
 * Inputs: the Bookinfo example; the 200-service project in one file; the 1000-service project
 * split over its 25 files, editing one of them (1000 keystrokes).
 *
 * Run: `npm run build && node --import tsx bench/lsp.ts [--quick] [--no-write]`. Writes
 * `bench/lsp-results.md` unless `--no-write`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';
import type * as P from 'vscode-languageserver-protocol';
import { LineIndex } from '../compiler/source/line-index.ts';
import { generateProject } from './generate.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const write = !process.argv.includes('--no-write');

interface Workspace {
  name: string;
  files: { path: string; text: string }[];
  /** The file that is edited and queried. */
  target: string;
  keystrokes: number;
  queries: number;
  targets: { diagnostics?: number; hover?: number; completion?: number; rssMiB?: number };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function measure(w: Workspace) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'meshc-lsp-bench-'));
  for (const f of w.files) {
    mkdirSync(path.dirname(path.join(root, f.path)), { recursive: true });
    writeFileSync(path.join(root, f.path), f.text);
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'meshc.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const client = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiting = new Map<string, { version: number; resolve: () => void }>();
  client.onNotification('textDocument/publishDiagnostics', (p: P.PublishDiagnosticsParams) => {
    const w = waiting.get(p.uri);
    if (w && p.version === w.version) {
      waiting.delete(p.uri);
      w.resolve();
    }
  });
  client.listen();
  const rootUri = pathToFileURL(root).href;
  const uri = pathToFileURL(path.join(root, w.target)).href;
  const started = performance.now();
  await client.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: w.name }], capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown'] } } } });
  await client.sendNotification('initialized', {});
  let text = w.files.find((f) => f.path === w.target)!.text;
  let version = 1;
  const opened = new Promise<void>((resolve) => waiting.set(uri, { version, resolve }));
  await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mesh', version, text } });
  await opened;
  const startup = performance.now() - started;

  // Keystrokes: type a statement into the first service, then delete it, character by character.
  const insertAt = text.indexOf('\n', text.indexOf('service ')) + 1;
  const typed = '  timeout 5s\n';
  const keystroke: number[] = [];
  for (let k = 0; k < w.keystrokes; k++) {
    const cycle = k % (2 * typed.length);
    const lines = new LineIndex(text);
    let range: P.Range;
    let insert: string;
    if (cycle < typed.length) {
      const at = insertAt + cycle;
      const p = lines.position(at);
      range = { start: { line: p.line, character: p.column }, end: { line: p.line, character: p.column } };
      insert = typed[cycle]!;
      text = text.slice(0, at) + insert + text.slice(at);
    } else {
      const at = insertAt + (2 * typed.length - cycle) - 1;
      const a = lines.position(at);
      const b = lines.position(at + 1);
      range = { start: { line: a.line, character: a.column }, end: { line: b.line, character: b.column } };
      insert = '';
      text = text.slice(0, at) + text.slice(at + 1);
    }
    version++;
    const t0 = performance.now();
    const published = new Promise<void>((resolve) => waiting.set(uri, { version, resolve }));
    await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
    await published;
    keystroke.push(performance.now() - t0);
  }
  const rss = rssMiB(child.pid!);

  // Hover and completion at positions drawn from the text: on words, at line ends, after `-> `.
  const lines = new LineIndex(text);
  const positions: P.Position[] = [];
  const words = [...text.matchAll(/[a-z][a-z0-9-]*/g)];
  for (let k = 0; k < w.queries; k++) {
    const m = words[Math.floor(((k * 7919) % words.length))]!;
    const p = lines.position(m.index! + Math.min(2, m[0].length));
    positions.push({ line: p.line, character: p.column });
  }
  const hover: number[] = [];
  const completion: number[] = [];
  for (const position of positions) {
    let t0 = performance.now();
    await client.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    hover.push(performance.now() - t0);
    t0 = performance.now();
    await client.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    completion.push(performance.now() - t0);
  }
  await client.sendRequest('shutdown');
  await client.sendNotification('exit');
  await new Promise((resolve) => child.on('exit', resolve));
  client.dispose();
  rmSync(root, { recursive: true, force: true });
  const bytes = w.files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  return { w, startup, keystroke, hover, completion, rss, bytes };
}

const verdict = (value: number, target: number | undefined): string => (target === undefined ? '' : value <= target ? `≤ ${target}: **met**` : `≤ ${target}: **not met**`);

async function main(): Promise<void> {
  const bookinfo = readFileSync(path.join(ROOT, 'examples/bookinfo/bookinfo.mesh'), 'utf8');
  const n200 = generateProject(200, 1);
  const n1000 = generateProject(1000, 1);
  const edited = n1000.find((f) => f.path.startsWith('services/'))!.path;
  const workspaces: Workspace[] = [
    { name: 'examples/bookinfo', files: [{ path: 'bookinfo.mesh', text: bookinfo }], target: 'bookinfo.mesh', keystrokes: quick ? 52 : 260, queries: quick ? 50 : 200, targets: {} },
    {
      name: '200 services, one file',
      files: [{ path: 'mesh.mesh', text: n200.map((f) => f.text).join('\n') }],
      target: 'mesh.mesh',
      keystrokes: quick ? 52 : 260,
      queries: quick ? 50 : 200,
      targets: { diagnostics: 30, hover: 20, completion: 20 },
    },
    { name: '1000 services, 25 files', files: n1000, target: edited, keystrokes: quick ? 52 : 1000, queries: quick ? 50 : 200, targets: { diagnostics: 100, rssMiB: 300 } },
  ];
  const rows: string[] = [];
  const targetRows: string[] = [];
  for (const w of workspaces) {
    const r = await measure(w);
    const f = (x: number) => x.toFixed(1);
    rows.push(
      `| ${w.name} | ${(r.bytes / 1e6).toFixed(2)} | ${f(r.startup)} | ${f(quantile(r.keystroke, 0.5))} / ${f(quantile(r.keystroke, 0.95))} | ${f(quantile(r.hover, 0.5))} / ${f(quantile(r.hover, 0.95))} | ${f(quantile(r.completion, 0.5))} / ${f(quantile(r.completion, 0.95))} | ${f(r.rss)} |`,
    );
    if (w.targets.diagnostics !== undefined) targetRows.push(`| keystroke → diagnostics p95, ${w.name} | ${f(quantile(r.keystroke, 0.95))} ms | ${verdict(quantile(r.keystroke, 0.95), w.targets.diagnostics)} |`);
    if (w.targets.hover !== undefined) targetRows.push(`| hover p95, ${w.name} | ${f(quantile(r.hover, 0.95))} ms | ${verdict(quantile(r.hover, 0.95), w.targets.hover)} |`);
    if (w.targets.completion !== undefined) targetRows.push(`| completion p95, ${w.name} | ${f(quantile(r.completion, 0.95))} ms | ${verdict(quantile(r.completion, 0.95), w.targets.completion)} |`);
    if (w.targets.rssMiB !== undefined) targetRows.push(`| server RSS after ${w.keystrokes} edits, ${w.name} | ${f(r.rss)} MiB | ${verdict(r.rss, w.targets.rssMiB)} |`);
    console.log(rows[rows.length - 1]);
  }
  const load = os.loadavg()[0]!.toFixed(2);
  const report = `# Language server benchmark

Written by \`bench/lsp.ts\` (see \`bench/README.md\`, section "Language server").
Server: \`node bin/meshc.js lsp --stdio\` (the built bundle), over pipes, with vscode-jsonrpc as the client.
Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}; load average (1 min) at the end: ${load}.${quick ? ' Quick run (fewer samples).' : ''}

Times are milliseconds, p50 / p95. "start" is from \`initialize\` to the first diagnostics of the opened file (reading and checking the whole workspace).

| workspace | MB | start | keystroke → diagnostics | hover | completion | RSS MiB at end |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

## Targets (issue 6)

| target | measured | verdict |
|---|---|---|
${targetRows.join('\n')}
| the same with yaml-language-server, ratio ≥ 20× | not measured | see bench/README.md |
`;
  if (write) writeFileSync(path.join(ROOT, 'bench', 'lsp-results.md'), report);
  console.log(report);
}

await main();
