import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VERSION } from '../../compiler/index.ts';
import { start } from './harness.ts';

test('initialize answers with every capability the server has, in full', async () => {
  const s = await start({ 'a.mesh': 'service a {\n  port 80 http\n}\n' });
  assert.equal(s.initializeResult, {
    capabilities: {
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: 2 },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['.'], resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: {
        legend: {
          tokenTypes: ['keyword', 'comment', 'string', 'regexp', 'number', 'operator', 'class', 'interface', 'struct', 'type', 'namespace', 'variable', 'property', 'enumMember'],
          tokenModifiers: ['declaration', 'defaultLibrary'],
        },
        full: true,
      },
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      executeCommandProvider: { commands: ['meshc.openDocs', 'meshc.preview'] },
      diagnosticProvider: { identifier: 'meshc', interFileDependencies: true, workspaceDiagnostics: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'meshc', version: VERSION },
  });
  // The server asks to be told about .mesh files created, changed or deleted on disk.
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(
    s.registrations.map((r) => [r.method, r.registerOptions]),
    [['workspace/didChangeWatchedFiles', { watchers: [{ globPattern: '**/*.mesh' }, { globPattern: '**/meshc.json' }] }]],
  );
  assert.is(await s.stop(), 0, 'shutdown then exit is exit code 0');
});

test('exit without shutdown is exit code 1', async () => {
  const s = await start({});
  await s.client.sendNotification('exit');
  assert.is(await s.server.exited, 1);
  s.client.dispose();
});

test.run();
