/**
 * The server survives its own bugs and odd requests: an internal error is a logged error
 * response, a cancelled request is answered as cancelled, nonsense positions and unknown files
 * get empty answers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type * as P from 'vscode-languageserver-protocol';
import { start } from './harness.ts';

const FILE = 'service a {\n  port 80 http\n}\n';

test('an internal error becomes a logged error response, and the server goes on', async () => {
  const s = await start({ 'a.mesh': FILE }, { server: { faults: new Set(['textDocument/hover']) } });
  s.open('a.mesh');
  const params = { textDocument: { uri: s.uri('a.mesh') }, position: { line: 0, character: 9 } };
  try {
    await s.request('textDocument/hover', params);
    assert.unreachable('the hover handler fails');
  } catch (error) {
    assert.instance(error, ResponseError);
    assert.is((error as ResponseError<void>).code, -32603);
    assert.match((error as Error).message, 'meshc: internal error in textDocument/hover: test fault in textDocument/hover');
  }
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(s.logs.some((l) => l.includes('internal error in textDocument/hover') && l.includes('at ')), 'the stack is logged');
  const definition = await s.request<P.Location[]>('textDocument/definition', params);
  assert.is(definition.length, 1, 'other requests still work');
  assert.is(await s.stop(), 0);
});

test('a request cancelled before it runs is answered as cancelled', async () => {
  const s = await start({ 'a.mesh': FILE });
  s.open('a.mesh');
  const source = new CancellationTokenSource();
  const pending = s.client.sendRequest('workspace/symbol', { query: '' }, source.token);
  source.cancel();
  try {
    await pending;
    assert.unreachable('cancelled');
  } catch (error) {
    assert.is((error as ResponseError<void>).code, -32800);
  }
  assert.is((await s.request<P.SymbolInformation[]>('workspace/symbol', { query: '' })).length, 1);
  await s.stop();
});

test('unknown methods, unknown files and positions outside the text get answers, not crashes', async () => {
  const s = await start({ 'a.mesh': FILE });
  s.open('a.mesh');
  try {
    await s.request('meshc/nothing', {});
    assert.unreachable();
  } catch (error) {
    assert.is((error as ResponseError<void>).code, -32601);
  }
  const nowhere = { textDocument: { uri: s.uri('missing.mesh') }, position: { line: 0, character: 0 } };
  assert.is(await s.request('textDocument/hover', nowhere), null);
  assert.is(await s.request('textDocument/definition', nowhere), null);
  assert.is(await s.request('textDocument/completion', nowhere), null);
  const far = { textDocument: { uri: s.uri('a.mesh') }, position: { line: 1000, character: 1000 } };
  assert.is(await s.request('textDocument/hover', far), null);
  const completion = await s.request<P.CompletionList>('textDocument/completion', far);
  assert.equal(completion.items.map((i) => i.label), ['mesh', 'service', 'gateway', 'external']);
  try {
    await s.request('meshc/preview', nowhere);
    assert.unreachable();
  } catch (error) {
    assert.is((error as ResponseError<void>).code, -32602);
  }
  assert.equal(s.logs.filter((l) => l.includes('internal error')), []);
  await s.stop();
});

test('a client without snippets, markdown or hierarchical symbols gets plain answers', async () => {
  const s = await start({ 'a.mesh': FILE }, { capabilities: {} });
  s.open('a.mesh', 'service a {\n  port 80 http\n  \n}\n');
  const list = await s.request<P.CompletionList>('textDocument/completion', { textDocument: { uri: s.uri('a.mesh') }, position: { line: 2, character: 2 } });
  const mtls = list.items.find((i) => i.label === 'mtls')!;
  assert.equal([mtls.insertTextFormat, (mtls.textEdit as P.TextEdit).newText], [1, 'mtls']);
  const hover = await s.request<P.Hover>('textDocument/hover', { textDocument: { uri: s.uri('a.mesh') }, position: { line: 1, character: 3 } });
  assert.is((hover.contents as P.MarkupContent).kind, 'plaintext');
  const symbols = await s.request<P.SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: s.uri('a.mesh') } });
  assert.equal(symbols.map((x) => [x.name, x.containerName]), [['a', undefined], ['port 80 http', 'a']]);
  await s.stop();
});

test.run();
