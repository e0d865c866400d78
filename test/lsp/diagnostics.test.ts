import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type * as P from 'vscode-languageserver-protocol';
import { checkProgram } from '../../compiler/index.ts';
import { LineIndex } from '../../compiler/source/line-index.ts';
import { start, vscodeCapabilities, type Session } from './harness.ts';

const A = `service reviews {
  port 9080 http
  versions v1, v2
  route -> v1
}
`;
const B = `service productpage {
  port 9080 http
  route -> reviews.v2
}
`;

const codes = (d: P.PublishDiagnosticsParams | undefined): string[] => (d?.diagnostics ?? []).map((x) => String(x.code));

/** What `meshc check` reports for the files as the server sees them, converted to LSP ranges. */
function expected(s: Session, texts: Record<string, string>, name: string) {
  const files = Object.entries(texts).map(([n, text]) => ({ path: s.uri(n), text }));
  const lines = new LineIndex(texts[name]!);
  return checkProgram(files)
    .diagnostics.filter((d) => d.file === s.uri(name))
    .map((d) => {
      const a = lines.position(d.range.start);
      const b = lines.position(d.range.end);
      return { code: d.code, message: d.message, range: { start: { line: a.line, character: a.column }, end: { line: b.line, character: b.column } } };
    });
}

test('diagnostics of every file are pushed, with code, docs link and related locations', async () => {
  const C = 'service reviews {\n  port 8080 http\n}\n';
  const s = await start({ 'a.mesh': A, 'b.mesh': B, 'dup/c.mesh': C });
  const c = await s.waitForDiagnostics('dup/c.mesh', (d) => d.diagnostics.length > 0);
  assert.equal(c.diagnostics, [
    {
      range: { start: { line: 0, character: 8 }, end: { line: 0, character: 15 } },
      severity: 1,
      code: 'M2003',
      codeDescription: { href: 'https://github.com/meshc/meshc/blob/main/docs/diagnostics/M2003.md' },
      source: 'meshc',
      message: '`reviews` is declared twice: services, gateways and externals share one set of names. Rename one of them.',
      relatedInformation: [
        {
          location: { uri: s.uri('a.mesh'), range: { start: { line: 0, character: 8 }, end: { line: 0, character: 15 } } },
          message: '`reviews` is first declared here (service)',
        },
      ],
    },
  ]);
  // Files without problems get an empty report, so that an editor clears old ones.
  assert.equal(s.diagnostics('b.mesh')?.diagnostics, []);
  await s.stop();
});

test('editing file A changes the diagnostics of file B', async () => {
  const s = await start({ 'a.mesh': A, 'b.mesh': B });
  await s.waitForDiagnostics('b.mesh', (d) => d.diagnostics.length === 0);
  s.open('a.mesh');
  const at = A.indexOf(', v2');
  s.edit('a.mesh', at, at + 4, '');
  const broken = await s.waitForDiagnostics('b.mesh', (d) => d.diagnostics.length > 0);
  assert.equal(codes(broken), ['M2002']);
  assert.match(String(broken.diagnostics[0]!.message), 'service `reviews` has no version `v2` (its versions: v1)');
  assert.equal(broken.diagnostics.map((d) => ({ code: d.code, message: d.message, range: d.range })), expected(s, { 'a.mesh': s.text('a.mesh'), 'b.mesh': B }, 'b.mesh'));
  s.edit('a.mesh', at, at, ', v2');
  await s.waitForDiagnostics('b.mesh', (d) => d.diagnostics.length === 0);
  await s.stop();
});

test('after a burst of edits the last report is for the last version, and versions never go back', async () => {
  const s = await start({ 'a.mesh': A, 'b.mesh': B });
  s.open('a.mesh');
  // Twenty quick edits, the way a user types: no waiting in between.
  const word = '  timeout 5s\n';
  const at = A.indexOf('  route');
  for (let i = 0; i < word.length; i++) s.edit('a.mesh', at + i, at + i, word[i]!);
  const last = await s.waitForDiagnostics('a.mesh', (d) => d.version === 1 + word.length);
  assert.equal(last.diagnostics, []);
  const versions = s.history('a.mesh').map((d) => d.version!);
  assert.equal(versions, [...versions].sort((x, y) => x - y), `versions in order: ${versions}`);
  // Half-typed `timeout 5` was an error at some point; the final report must not show it.
  assert.ok(s.history('a.mesh').length < word.length + 1, 'bursts are coalesced: fewer reports than edits');
  await s.stop();
});

test('an open buffer overrides the file on disk until it is closed', async () => {
  const s = await start({ 'a.mesh': A, 'b.mesh': B });
  await s.waitForDiagnostics('b.mesh', (d) => d.diagnostics.length === 0);
  s.open('a.mesh', A.replace('versions v1, v2', 'versions v1'));
  await s.waitForDiagnostics('b.mesh', (d) => codes(d).join() === 'M2002');
  s.close('a.mesh');
  await s.waitForDiagnostics('b.mesh', (d) => d.diagnostics.length === 0);
  await s.stop();
});

test('files created, changed and deleted on disk are picked up', async () => {
  const s = await start({ 'a.mesh': A, 'b.mesh': B });
  await s.waitForDiagnostics('b.mesh', (d) => d.diagnostics.length === 0);
  const file = path.join(s.root, 'extra.mesh');
  writeFileSync(file, 'service productpage {\n  port 1 http\n}\n');
  await s.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('extra.mesh'), type: 1 }] });
  await s.waitForDiagnostics('extra.mesh', (d) => codes(d).join() === 'M2003');
  writeFileSync(file, 'service details {\n  port 1 http\n}\n');
  await s.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('extra.mesh'), type: 2 }] });
  await s.waitForDiagnostics('extra.mesh', (d) => d.diagnostics.length === 0);
  writeFileSync(path.join(s.root, 'a.mesh'), A.replace(', v2', ''));
  await s.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('a.mesh'), type: 2 }] });
  await s.waitForDiagnostics('b.mesh', (d) => codes(d).join() === 'M2002');
  rmSync(path.join(s.root, 'a.mesh'));
  await s.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('a.mesh'), type: 3 }] });
  await s.waitForDiagnostics('b.mesh', (d) => codes(d).join() === 'M2001');
  await s.stop();
});

test('workspace folders added and removed join and leave the program', async () => {
  const s = await start({ 'one/a.mesh': A, 'two/b.mesh': B }, { folders: ['one'] });
  await s.waitForDiagnostics('one/a.mesh', () => true);
  assert.is(s.diagnostics('two/b.mesh'), undefined, 'b.mesh is outside the workspace');
  await new Promise((r) => setTimeout(r, 20));
  await s.client.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: s.uri('two'), name: 'two' }], removed: [] } });
  await s.waitForDiagnostics('two/b.mesh', (d) => d.diagnostics.length === 0);
  await s.client.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: s.uri('one'), name: 'one' }] } });
  await s.waitForDiagnostics('two/b.mesh', (d) => codes(d).join() === 'M2001');
  await s.stop();
});

test('pull diagnostics: full, then unchanged for the same result, and a refresh after an edit', async () => {
  const s = await start({ 'a.mesh': A, 'b.mesh': B }, { capabilities: vscodeCapabilities({ pull: true }) });
  const full = await s.request<P.DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: s.uri('b.mesh') } });
  assert.is(full.kind, 'full');
  assert.equal((full as P.FullDocumentDiagnosticReport).items, []);
  const again = await s.request<P.DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: s.uri('b.mesh') }, previousResultId: full.resultId });
  assert.equal(again, { kind: 'unchanged', resultId: full.resultId });
  const refreshes = s.refreshes;
  s.open('a.mesh');
  s.edit('a.mesh', A.indexOf(', v2'), A.indexOf(', v2') + 4, '');
  const deadline = Date.now() + 5000;
  while (s.refreshes === refreshes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.ok(s.refreshes > refreshes, 'the server asks the client to pull again');
  const changed = (await s.request<P.DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: s.uri('b.mesh') }, previousResultId: full.resultId })) as P.FullDocumentDiagnosticReport;
  assert.is(changed.kind, 'full');
  assert.equal(changed.items.map((d) => d.code), ['M2002']);
  assert.equal(changed.items[0]!.codeDescription, { href: 'https://github.com/meshc/meshc/blob/main/docs/diagnostics/M2002.md' });
  const workspace = await s.request<P.WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [{ uri: s.uri('b.mesh'), value: changed.resultId }] });
  assert.equal(
    workspace.items.map((r) => [r.uri, r.kind, r.version]),
    [
      [s.uri('a.mesh'), 'full', 2],
      [s.uri('b.mesh'), 'unchanged', null],
    ],
  );
  assert.equal(s.history('b.mesh'), [], 'a client that pulls is not pushed to');
  await s.stop();
});

test('meshc.json sets the severity of analysis codes, as for meshc check, and is watched', async () => {
  // A weight of 0%: M5003, a warning by default.
  const unreachable = 'service reviews {\n  port 9080 http\n  versions v1, v2\n  route -> v1 100%, v2 0%\n}\n';
  const s = await start({ 'a.mesh': unreachable, 'meshc.json': '{ "severity": { "M5003": "off" } }' });
  const none = await s.waitForDiagnostics('a.mesh', () => true);
  assert.equal(codes(none), []);
  writeFileSync(path.join(s.root, 'meshc.json'), '{ "severity": { "M5003": "error" } }');
  await s.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('meshc.json'), type: 2 }] });
  const error = await s.waitForDiagnostics('a.mesh', (d) => d.diagnostics.length > 0);
  assert.equal(error.diagnostics.map((d) => [d.code, d.severity]), [['M5003', 1]]);
  rmSync(path.join(s.root, 'meshc.json'));
  await s.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('meshc.json'), type: 3 }] });
  const warning = await s.waitForDiagnostics('a.mesh', (d) => d.diagnostics.length > 0 && d.diagnostics[0]!.severity !== 1);
  assert.equal(warning.diagnostics.map((d) => [d.code, d.severity]), [['M5003', 2]]);
  await s.stop();
});

test.run();
