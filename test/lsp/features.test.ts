/**
 * One test per language feature, on a workspace of several files, over the real JSON-RPC stream.
 * Cursor positions are `<|>` markers in the fixtures.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type * as P from 'vscode-languageserver-protocol';
import { marked, positionOf, start, textOf, type Session } from './harness.ts';

const MESH = `mesh {
  namespace shop
  access deny-by-default
}
`;
const REVIEWS = `# Reviews, with a canary.
service reviews {
  port 9080 http
  versions v1, v2
  route {
    when header end-user == "jason" -> v2
    otherwise -> v1 90%, v2 10%
  }
  timeout 6s
  allow from productpage to GET
}
`;
const PRODUCTPAGE = `service productpage {
  port 9080 http
  route -> reviews.v2
  allow from frontend
  allow from namespace istio-system
}

gateway public {
  listen 80 http hosts "shop.example.com"
  route {
    otherwise -> productpage
  }
}
`;
const FRONTEND = `service frontend {
  port 8080 http
}

external payments {
  hosts "api.payments.example"
  port 443 https
}
`;
const FILES = { 'mesh.mesh': MESH, 'reviews.mesh': REVIEWS, 'productpage.mesh': PRODUCTPAGE, 'frontend.mesh': FRONTEND };

async function session(): Promise<Session> {
  const s = await start(FILES);
  for (const name of Object.keys(FILES)) s.open(name);
  return s;
}

/** Opens `name` with `fixture` (markers removed) and returns the marker positions. */
function openMarked(s: Session, name: string, fixture: string): P.TextDocumentPositionParams[] {
  const { text, cursors } = marked(fixture);
  s.replace(name, text);
  return cursors.map((c) => ({ textDocument: { uri: s.uri(name) }, position: positionOf(text, c) }));
}

const labels = (list: P.CompletionList | null): string[] => (list?.items ?? []).map((i) => i.label);

test('hover: a service in plain words, a version, a keyword and a value', async () => {
  const s = await session();
  const [onKeyword, onService, onVersion, onValue] = openMarked(s, 'productpage.mesh', PRODUCTPAGE.replace('route -> reviews.v2', 'rou<|>te -> rev<|>iews.v<|>2').replace('listen 80 http', 'listen 80 ht<|>tp'));
  const service = await s.request<P.Hover>('textDocument/hover', onService);
  const md = (service.contents as P.MarkupContent).value;
  assert.match(md, '**service reviews** in namespace `shop`, host `reviews.shop.svc.cluster.local`');
  assert.match(md, '- When header `end-user` is `jason`: all to `v2` (timeout 6s).');
  assert.match(md, '- Otherwise: 90% to `v1` and 10% to `v2` (timeout 6s).');
  assert.match(md, 'Only these may call it: `productpage` (GET). Everything else is denied.');
  assert.match(md, 'Traffic comes from service `productpage`.');
  assert.match(md, 'Compiles to `istio/shop/service-reviews.yaml`: VirtualService `reviews`, DestinationRule `reviews`');
  assert.equal(service.range, { start: positionOf(s.text('productpage.mesh'), s.text('productpage.mesh').indexOf('reviews')), end: positionOf(s.text('productpage.mesh'), s.text('productpage.mesh').indexOf('reviews') + 7) });
  const version = await s.request<P.Hover>('textDocument/hover', onVersion);
  assert.match((version.contents as P.MarkupContent).value, '**version v2** of service `reviews`');
  assert.match((version.contents as P.MarkupContent).value, 'Receives: 100% of service `productpage`\'s requests otherwise; 100% of requests when header `end-user` is `jason`; 10% of requests otherwise.');
  const keyword = await s.request<P.Hover>('textDocument/hover', onKeyword);
  assert.match((keyword.contents as P.MarkupContent).value, '**route**: Where requests go.');
  assert.match((keyword.contents as P.MarkupContent).value, 'Istio: VirtualService `http[]`');
  const value = await s.request<P.Hover>('textDocument/hover', onValue);
  assert.match((value.contents as P.MarkupContent).value, '`http` (protocol)');
  await s.stop();
});

test('hover: a gateway and an external', async () => {
  const s = await session();
  const [ext] = openMarked(s, 'frontend.mesh', FRONTEND.replace('external payments', 'external pay<|>ments'));
  const external = await s.request<P.Hover>('textDocument/hover', ext!);
  assert.match((external.contents as P.MarkupContent).value, '**external payments**: `api.payments.example`, outside the mesh');
  const [onGateway] = openMarked(s, 'productpage.mesh', PRODUCTPAGE.replace('gateway public', 'gateway pub<|>lic'));
  const gateway = await s.request<P.Hover>('textDocument/hover', onGateway!);
  const md = (gateway.contents as P.MarkupContent).value;
  assert.match(md, '**gateway public**');
  assert.match(md, 'Accepts http on port 80 for `shop.example.com`.');
  assert.match(md, '- Otherwise: all to `productpage`.');
  assert.match(md, 'No one may call it');
  await s.stop();
});

test('completion: statements by block, destinations, versions after a dot, callers and enum values', async () => {
  const s = await session();
  const fixture = `service reviews {
  port 9080 h<|>
  versions v1, v2
  m<|>
  lb <|>
  retries 3 on 5xx, <|>
  route {
    w<|>
    when header end-user == "jason" -> <|>
  }
  allow from <|>
  mirror reviews.<|>
}
<|>`;
  const [protocol, statement, lb, retryOn, rule, destination, caller, version, top] = openMarked(s, 'reviews.mesh', fixture);
  const complete = (p: P.TextDocumentPositionParams | undefined) => s.request<P.CompletionList>('textDocument/completion', p);
  assert.equal(labels(await complete(protocol)), ['http', 'http2', 'grpc', 'tcp', 'tls', 'mongo', 'mysql', 'redis']);
  const statements = labels(await complete(statement));
  for (const k of ['mtls', 'mirror', 'timeout', 'retries', 'route', 'allow', 'require', 'rate-limit', 'version']) assert.ok(statements.includes(k), k);
  for (const k of ['listen', 'hosts', 'selector', 'rewrite', 'trust-domain']) assert.not.ok(statements.includes(k), `${k} is not allowed in a service`);
  assert.equal(labels(await complete(lb)), ['round-robin', 'least-request', 'random', 'passthrough', 'hash']);
  assert.ok(labels(await complete(retryOn)).includes('gateway-error'));
  assert.equal(labels(await complete(destination)), ['v1', 'v2', 'frontend', 'productpage', 'reviews', 'payments', 'redirect', 'respond']);
  assert.equal(labels(await complete(version)), ['v1', 'v2']);
  assert.equal(labels(await complete(rule)), ['when', 'otherwise']);
  assert.equal(labels(await complete(caller)), ['frontend', 'productpage', 'reviews', 'namespace', 'principal', 'ip']);
  assert.equal(labels(await complete(top)), ['mesh', 'service', 'gateway', 'external']);
  const snippet = (await complete(statement)).items.find((i) => i.label === 'mtls')!;
  assert.is(snippet.insertTextFormat, 2);
  assert.equal((snippet.textEdit as P.TextEdit).newText, 'mtls ${1|strict,permissive,disable|}');
  assert.equal(textOf(s.text('reviews.mesh'), (snippet.textEdit as P.TextEdit).range), 'm', 'the item replaces the word typed so far');
  await s.stop();
});

test('definition, references and highlights across files', async () => {
  const s = await session();
  const [target, ver] = openMarked(s, 'productpage.mesh', PRODUCTPAGE.replace('route -> reviews.v2', 'route -> revi<|>ews.v<|>2'));
  const definition = await s.request<P.Location[]>('textDocument/definition', target);
  assert.equal(definition, [{ uri: s.uri('reviews.mesh'), range: { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } } }]);
  const versionDef = await s.request<P.Location[]>('textDocument/definition', ver);
  assert.equal(versionDef, [{ uri: s.uri('reviews.mesh'), range: { start: { line: 3, character: 15 }, end: { line: 3, character: 17 } } }]);
  const refs = await s.request<P.Location[]>('textDocument/references', { ...ver, context: { includeDeclaration: true } });
  assert.equal(
    refs.map((r) => [r.uri.split('/').pop(), r.range.start.line, r.range.start.character]),
    [
      ['productpage.mesh', 2, 19],
      ['reviews.mesh', 3, 15],
      ['reviews.mesh', 5, 39],
      ['reviews.mesh', 6, 25],
    ],
  );
  const without = await s.request<P.Location[]>('textDocument/references', { ...ver, context: { includeDeclaration: false } });
  assert.is(without.length, 3);
  const [inReviews] = openMarked(s, 'reviews.mesh', REVIEWS.replace('otherwise -> v1', 'otherwise -> v<|>1'));
  const highlights = await s.request<P.DocumentHighlight[]>('textDocument/documentHighlight', inReviews);
  assert.equal(highlights.map((h) => [h.range.start.line, h.kind]), [[3, 3], [6, 2]]);
  await s.stop();
});

test('rename across files, with prepareRename', async () => {
  const s = await session();
  const [onName, onKeyword] = openMarked(s, 'reviews.mesh', REVIEWS.replace('service reviews', 'service rev<|>iews').replace('  timeout', '  time<|>out'));
  const prepared = await s.request<P.PrepareRenameResult>('textDocument/prepareRename', onName);
  assert.equal(prepared, { range: { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } }, placeholder: 'reviews' });
  try {
    await s.request('textDocument/prepareRename', onKeyword);
    assert.unreachable('a keyword cannot be renamed');
  } catch (error) {
    assert.match((error as Error).message, 'Only the names of services, gateways, externals, versions and namespaces can be renamed.');
  }
  const edit = await s.request<P.WorkspaceEdit>('textDocument/rename', { ...onName, newName: 'ratings' });
  assert.equal(Object.keys(edit.changes!).map((u) => u.split('/').pop()).sort(), ['productpage.mesh', 'reviews.mesh']);
  assert.equal(edit.changes![s.uri('productpage.mesh')], [{ range: { start: { line: 2, character: 11 }, end: { line: 2, character: 18 } }, newText: 'ratings' }]);
  for (const bad of ['Ratings', 'has space', 'frontend']) {
    try {
      await s.request('textDocument/rename', { ...onName, newName: bad });
      assert.unreachable(bad);
    } catch (error) {
      assert.match((error as Error).message, bad === 'frontend' ? 'is already declared' : 'is not a valid name');
    }
  }
  // Applying the edits leaves a program without errors.
  for (const [uri, edits] of Object.entries(edit.changes!)) {
    const name = uri.split('/').pop()!;
    for (const e of [...edits].reverse()) {
      const text = s.text(name);
      const { LineIndex } = await import('../../compiler/source/line-index.ts');
      const lines = new LineIndex(text);
      s.edit(name, lines.offset({ line: e.range.start.line, column: e.range.start.character }), lines.offset({ line: e.range.end.line, column: e.range.end.character }), e.newText);
    }
  }
  for (const name of Object.keys(FILES)) await s.waitForDiagnostics(name, (d) => d.diagnostics.length === 0);
  await s.stop();
});

test('document symbols and workspace symbols', async () => {
  const s = await session();
  const symbols = await s.request<P.DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: s.uri('reviews.mesh') } });
  assert.equal(symbols.map((x) => [x.name, x.kind, x.detail]), [['reviews', 5, 'service']]);
  assert.equal(symbols[0]!.children!.map((c) => c.name), ['port 9080 http', 'v1', 'v2', 'route', 'timeout 6s', 'allow from productpage to GET']);
  assert.equal(symbols[0]!.children![3]!.children!.map((c) => c.name), ['when header end-user == "jason" -> v2', 'otherwise -> v1 90%, v2 10%']);
  const found = await s.request<P.SymbolInformation[]>('workspace/symbol', { query: 'revi' });
  assert.equal(found.map((x) => [x.name, x.kind, x.containerName, x.location.uri.split('/').pop()]), [
    ['reviews', 5, 'service', 'reviews.mesh'],
    ['v1', 22, 'reviews', 'reviews.mesh'],
    ['v2', 22, 'reviews', 'reviews.mesh'],
  ]);
  const all = await s.request<P.SymbolInformation[]>('workspace/symbol', { query: '' });
  assert.equal(all.map((x) => x.name), ['frontend', 'payments', 'productpage', 'public', 'reviews', 'shop', 'v1', 'v2']);
  await s.stop();
});

test('folding ranges and semantic tokens', async () => {
  const s = await session();
  const folds = await s.request<P.FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: s.uri('reviews.mesh') } });
  assert.equal(folds, [{ startLine: 1, endLine: 9 }, { startLine: 4, endLine: 6 }]);
  const tokens = await s.request<P.SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: s.uri('productpage.mesh') } });
  const legend = s.initializeResult.capabilities.semanticTokensProvider!.legend;
  // Decode the first tokens: `service productpage {` / `port 9080 http` / `route -> reviews.v2`.
  const decoded: [number, number, string, string, string[]][] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
    line += dl;
    char = dl === 0 ? char + dc : dc;
    const text = PRODUCTPAGE.split('\n')[line]!.slice(char, char + len);
    decoded.push([line, char, text, legend.tokenTypes[type]!, legend.tokenModifiers.filter((_, k) => mods & (1 << k))]);
  }
  assert.equal(decoded.slice(0, 9), [
    [0, 0, 'service', 'keyword', []],
    [0, 8, 'productpage', 'class', ['declaration']],
    [1, 2, 'port', 'keyword', []],
    [1, 7, '9080', 'number', []],
    [1, 12, 'http', 'enumMember', ['defaultLibrary']],
    [2, 2, 'route', 'keyword', []],
    [2, 8, '->', 'operator', []],
    [2, 11, 'reviews', 'class', []],
    [2, 19, 'v2', 'type', []],
  ]);
  await s.stop();
});

test('formatting uses the formatter of meshc fmt, and leaves files with syntax errors alone', async () => {
  const s = await session();
  s.replace('frontend.mesh', 'service frontend { port 8080 http }\n');
  const edits = await s.request<P.TextEdit[]>('textDocument/formatting', { textDocument: { uri: s.uri('frontend.mesh') }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: 'service frontend {\n  port 8080 http\n}\n' }]);
  s.replace('frontend.mesh', 'service frontend {\n  port 8080 http\n}\n');
  assert.equal(await s.request('textDocument/formatting', { textDocument: { uri: s.uri('frontend.mesh') }, options: { tabSize: 2, insertSpaces: true } }), []);
  s.replace('frontend.mesh', 'service frontend { port 8080 "http }\n');
  assert.is(await s.request('textDocument/formatting', { textDocument: { uri: s.uri('frontend.mesh') }, options: { tabSize: 2, insertSpaces: true } }), null);
  // A document with CRLF line endings keeps them, as with meshc fmt; formatted, it needs no edit.
  s.replace('frontend.mesh', 'service frontend {\r\n    port 8080 http\r\n}\r\n');
  const crlf = await s.request<P.TextEdit[]>('textDocument/formatting', { textDocument: { uri: s.uri('frontend.mesh') }, options: { tabSize: 2, insertSpaces: true } });
  assert.is(crlf[0]?.newText, 'service frontend {\r\n  port 8080 http\r\n}\r\n');
  s.replace('frontend.mesh', 'service frontend {\r\n  port 8080 http\r\n}\r\n');
  assert.equal(await s.request('textDocument/formatting', { textDocument: { uri: s.uri('frontend.mesh') }, options: { tabSize: 2, insertSpaces: true } }), []);
  await s.stop();
});

test('code actions: the quick fix and open the docs page', async () => {
  const s = await session();
  const [cursor] = openMarked(s, 'productpage.mesh', PRODUCTPAGE.replace('route -> reviews.v2', 'route -> reviews.<|>v22'));
  const d = await s.waitForDiagnostics('productpage.mesh', (x) => x.diagnostics.length > 0);
  const range = { start: cursor!.position, end: cursor!.position };
  const actions = await s.request<P.CodeAction[]>('textDocument/codeAction', { textDocument: cursor!.textDocument, range, context: { diagnostics: d.diagnostics } });
  // M2002 means the program is invalid: it cannot be suppressed, so there is no action for it.
  assert.equal(actions.map((a) => a.title), ['Replace with `v2`', 'Open the docs page for M2002']);
  assert.equal(actions[0]!.edit, { changes: { [s.uri('productpage.mesh')]: [{ range: { start: { line: 2, character: 19 }, end: { line: 2, character: 22 } }, newText: 'v2' }] } });
  assert.is(actions[0]!.isPreferred, true);
  assert.equal(actions[0]!.diagnostics!.map((x) => x.code), ['M2002']);
  assert.equal(actions[1]!.command, { title: 'Open the docs page for M2002', command: 'meshc.openDocs', arguments: ['M2002', 'https://github.com/meshc/meshc/blob/main/docs/diagnostics/M2002.md'] });
  await s.request('workspace/executeCommand', { command: actions[1]!.command!.command, arguments: actions[1]!.command!.arguments });
  assert.equal(s.shownDocuments, [{ uri: 'https://github.com/meshc/meshc/blob/main/docs/diagnostics/M2002.md', external: true }]);
  // Applying the quick fix clears the diagnostic.
  const e = actions[0]!.edit!.changes![s.uri('productpage.mesh')]![0]!;
  const text = s.text('productpage.mesh');
  const lineStart = text.split('\n').slice(0, e.range.start.line).join('\n').length + 1;
  s.edit('productpage.mesh', lineStart + e.range.start.character, lineStart + e.range.end.character, e.newText);
  await s.waitForDiagnostics('productpage.mesh', (x) => x.diagnostics.length === 0);
  await s.stop();
});

test('code actions: suppress an analysis code here, with the # meshc:ignore comment', async () => {
  const s = await session();
  const [cursor] = openMarked(s, 'reviews.mesh', REVIEWS.replace('otherwise -> v1 90%, v2 10%', 'otherwise -> v1 100%, <|>v2 0%'));
  const d = await s.waitForDiagnostics('reviews.mesh', (x) => x.diagnostics.length > 0);
  assert.equal(d.diagnostics.map((x) => x.code), ['M5003']);
  const actions = await s.request<P.CodeAction[]>('textDocument/codeAction', { textDocument: cursor!.textDocument, range: { start: cursor!.position, end: cursor!.position }, context: { diagnostics: d.diagnostics } });
  const suppress = actions.find((a) => a.title === 'Suppress M5003 here')!;
  assert.equal(suppress.edit, { changes: { [s.uri('reviews.mesh')]: [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: '    # meshc:ignore M5003\n' }] } });
  const at = s.text('reviews.mesh').split('\n').slice(0, 6).join('\n').length + 1;
  s.edit('reviews.mesh', at, at, '    # meshc:ignore M5003\n');
  await s.waitForDiagnostics('reviews.mesh', (x) => x.diagnostics.length === 0);
  await s.stop();
});

test('meshc/preview: the compiled output of one declaration, or of a file', async () => {
  const s = await session();
  const [onReviews] = openMarked(s, 'reviews.mesh', REVIEWS.replace('service reviews', 'service rev<|>iews'));
  const one = await s.request<{ compiled: boolean; declarations: string[]; outputs: { path: string; content: string }[]; summary: string; errors: number }>('meshc/preview', onReviews);
  assert.equal(one.declarations, ['reviews']);
  assert.is(one.errors, 0);
  assert.match(one.summary, '**service reviews**');
  assert.is(one.compiled, true);
  assert.equal(one.outputs.map((o) => o.path), ['istio/shop/service-reviews.yaml']);
  assert.match(one.outputs[0]!.content, 'kind: VirtualService');
  assert.match(one.outputs[0]!.content, 'name: reviews');
  const file = await s.request<{ declarations: string[] }>('meshc/preview', { textDocument: { uri: s.uri('productpage.mesh') } });
  assert.equal(file.declarations, ['productpage', 'public']);
  const viaCommand = await s.request<{ declarations: string[] }>('workspace/executeCommand', { command: 'meshc.preview', arguments: [{ textDocument: { uri: s.uri('reviews.mesh') }, declaration: 'reviews' }] });
  assert.equal(viaCommand.declarations, ['reviews']);
  const gatewayApi = await s.request<{ compiled: boolean; message: string }>('meshc/preview', { ...onReviews, target: 'gateway-api' });
  assert.is(gatewayApi.compiled, false);
  assert.match(gatewayApi.message, 'The gateway-api target is not implemented yet');
  s.replace('frontend.mesh', FRONTEND.replace('port 8080 http', 'port 8080 htp'));
  const broken = await s.request<{ compiled: boolean; errors: number; outputs: unknown[]; message: string }>('meshc/preview', onReviews);
  assert.equal([broken.compiled, broken.errors, broken.outputs], [true, 1, []]);
  assert.match(broken.message, 'The program has 1 error, so nothing is compiled.');
  await s.stop();
});

test('preview outputs belong to a declaration by path: a file (Istio) or a folder (Envoy)', async () => {
  const { belongsTo } = await import('../../lsp/preview.ts');
  assert.ok(belongsTo('istio/shop/service-reviews.yaml', 'istio', 'shop', 'reviews'));
  assert.ok(belongsTo('envoy/shop/sidecar-reviews/listeners.yaml', 'envoy', 'shop', 'reviews'));
  assert.not.ok(belongsTo('istio/shop/service-reviews-v2.yaml', 'istio', 'shop', 'reviews'));
  assert.not.ok(belongsTo('istio/other/service-reviews.yaml', 'istio', 'shop', 'reviews'));
  assert.not.ok(belongsTo('envoy/outbound/routes.yaml', 'envoy', 'shop', 'reviews'));
});

test.run();
