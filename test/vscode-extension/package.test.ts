/**
 * The VS Code extension's package: `npm run package` makes a `.vsix` with complete metadata and
 * exactly the files the extension needs, and the meshc it bundles works on its own. (That VS Code
 * accepts and runs it is the editor test's business: test/e2e-editor/editor.e2e.ts.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { textsFromWorker } from '../helpers/output-worker.ts';
import { v8FlagFor } from '../../compiler/cli/v8-tuning.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXT = path.join(ROOT, 'vscode-extension');

interface Manifest {
  name: string;
  displayName: string;
  description: string;
  version: string;
  publisher: string;
  license: string;
  icon: string;
  repository: { type: string; url: string };
  engines: { vscode: string };
  categories: string[];
  main: string;
  contributes: {
    languages: Array<{ id: string; extensions: string[]; configuration: string }>;
    grammars: Array<{ language: string; scopeName: string; path: string }>;
    commands: Array<{ command: string; title: string; category: string }>;
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(EXT, 'package.json'), 'utf8')) as Manifest;
const source = readFileSync(path.join(EXT, 'src', 'extension.ts'), 'utf8');

/** The names of the entries of a zip file, from its central directory. */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, `${file} is a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.is(zip.readUInt32LE(at), 0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names.sort();
}

test('the manifest has the metadata the Marketplace and vsce ask for', () => {
  assert.is(manifest.name, 'meshc');
  assert.ok(manifest.displayName && manifest.description.length > 40);
  assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
  assert.ok(manifest.publisher);
  assert.is(manifest.license, 'Apache-2.0');
  assert.ok(existsSync(path.join(EXT, 'LICENSE.txt')));
  assert.match(manifest.repository.url, /^https:\/\/github\.com\/.+\.git$/);
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
  // vscode-languageclient needs at least the VS Code its own manifest names.
  const client = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8')) as { engines: { vscode: string } };
  const minor = (range: string): number => Number(/\^1\.(\d+)/.exec(range)![1]);
  assert.ok(minor(manifest.engines.vscode) >= minor(client.engines.vscode), `engines.vscode ${manifest.engines.vscode} covers vscode-languageclient's ${client.engines.vscode}`);
  assert.ok(manifest.categories.includes('Programming Languages'));
  assert.ok(existsSync(path.join(EXT, manifest.icon)));
  const readme = readFileSync(path.join(EXT, 'README.md'), 'utf8');
  const image = /!\[[^\]]+\]\(([^)]+)\)/.exec(readme);
  assert.ok(image, 'the README shows a screenshot');
  assert.ok(existsSync(path.join(EXT, image![1]!)), `${image![1]} exists`);
});

test('the language, its configuration and grammar, the commands and the settings fit together', () => {
  const [language] = manifest.contributes.languages;
  assert.is(language!.id, 'mesh');
  assert.equal(language!.extensions, ['.mesh']);
  const configuration = JSON.parse(readFileSync(path.join(EXT, language!.configuration), 'utf8')) as Record<string, unknown>;
  for (const key of ['comments', 'brackets', 'autoClosingPairs', 'indentationRules', 'wordPattern']) assert.ok(configuration[key], `language configuration has ${key}`);
  const word = new RegExp(configuration.wordPattern as string, 'g');
  assert.equal('route -> v2-mysql 90%, 1m30s'.match(word), ['route', 'v2-mysql', '90%', '1m30s']);
  const [grammar] = manifest.contributes.grammars;
  assert.equal([grammar!.language, grammar!.scopeName, grammar!.path], ['mesh', 'source.mesh', './dist/mesh.tmLanguage.json']);
  // Every declared command is registered by the client, and the other way round.
  const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.equal(manifest.contributes.commands.map((c) => c.command).sort(), registered);
  for (const c of manifest.contributes.commands) assert.is(c.category, 'meshc');
  // The server's own commands (which vscode-languageclient registers) are not taken.
  for (const serverCommand of ['meshc.preview', 'meshc.openDocs']) assert.not.ok(registered.includes(serverCommand), serverCommand);
  // Every setting the client reads is declared.
  const read = [...source.matchAll(/get<[^>]+>\('([^']+)'/g)].map((m) => `meshc.${m[1]}`);
  assert.ok(read.length >= 4);
  for (const key of read) assert.ok(key in manifest.contributes.configuration.properties, `${key} is declared`);
  assert.ok('meshc.trace.server' in manifest.contributes.configuration.properties);
});

test('npm run package makes a .vsix with the bundles, the grammar and the documents, and nothing else', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package-extension.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  assert.is(run.status, 0, `npm run package failed:\n${run.stdout}${run.stderr}`);
  const vsix = path.join(EXT, `${manifest.name}-${manifest.version}.vsix`);
  const entries = zipEntries(vsix);
  for (const needed of [
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/language-configuration.json',
    'extension/dist/extension.js',
    'extension/dist/meshc.mjs',
    'extension/dist/output-worker.js',
    'extension/dist/mesh.tmLanguage.json',
    'extension/images/icon.png',
    'extension/images/file-icon.svg',
    'extension/images/screenshot.png',
  ]) {
    assert.ok(entries.includes(needed), `the .vsix has ${needed}`);
  }
  for (const entry of entries) assert.not.match(entry, /\/(src|node_modules)\/|tsconfig|build\.mjs|\.vsix$|\/icon\.svg$/, `${entry} does not belong in the .vsix`);
  assert.is(readFileSync(path.join(EXT, 'dist', 'mesh.tmLanguage.json'), 'utf8'), readFileSync(path.join(ROOT, 'grammar', 'mesh.tmLanguage.json'), 'utf8'));
});

test('the bundled meshc works on its own: check, explain, version', () => {
  const meshc = path.join(EXT, 'dist', 'meshc.mjs');
  const version = spawnSync(process.execPath, [meshc, '--version'], { encoding: 'utf8' });
  assert.is(version.stdout.trim(), `meshc ${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`);
  const check = spawnSync(process.execPath, [meshc, 'check', 'examples/bookinfo'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(check.status, 0, check.stdout + check.stderr);
  const explain = spawnSync(process.execPath, [meshc, 'explain', 'M3004'], { cwd: '/', encoding: 'utf8' });
  assert.is(explain.status, 0);
  assert.match(explain.stdout, /^# M3004: unknown-protocol/);
});

test("the bundled meshc tunes V8 for check and compile, and not for the language server", () => {
  const meshc = path.join(EXT, 'dist', 'meshc.mjs');
  const recorder = path.join(ROOT, 'test', 'helpers', 'record-v8-flags.mjs');
  const flagsSet = (args: string[]) => {
    // The server exits when its input closes (an empty input here).
    const run = spawnSync(process.execPath, ['--import', recorder, meshc, ...args], { cwd: ROOT, encoding: 'utf8', input: '' });
    return /v8 flags set: \[(.*)\]/.exec(run.stderr)?.[1];
  };
  assert.is(flagsSet(['check', 'examples/bookinfo']), v8FlagFor(['check'], [], process.versions.v8) ?? '');
  assert.is(flagsSet(['lsp', '--stdio']), '');
});

test('the bundled output worker, beside the bundled meshc, serialises as the compiler does', async () => {
  const { compileWith, loadBackends, TARGETS } = await import('../../compiler/targets.ts');
  const { serialiseOutput } = await import('../../compiler/output/serialise.ts');
  const { generateProject } = await import('../../bench/generate.ts');
  const outputs = compileWith(generateProject(30, 4), {}, await loadBackends(TARGETS)).outputs;
  assert.ok(outputs.length > 50);
  assert.equal(await textsFromWorker(path.join(EXT, 'dist', 'output-worker.js'), outputs), outputs.map(serialiseOutput));
});

test.run();
