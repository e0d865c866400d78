/**
 * Paths in reports for CI: SARIF URIs and GitHub annotation paths are relative to the repository's
 * root (where `.git` is, or `GITHUB_WORKSPACE`), wherever meshc runs; text and JSON keep paths
 * relative to the working directory. The SARIF rules carry what code scanning requires of a rule.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repositoryPath } from '../../compiler/diagnostics/render/github.ts';
import { sarifLog } from '../../compiler/diagnostics/render/sarif.ts';
import { allSpecs } from '../../compiler/diagnostics/registry.ts';
import { sourceRoot } from '../../compiler/cli/source-root.ts';
import { docsPage } from '../../compiler/cli/docs-pages.ts';
import { meshc, project } from './harness.ts';

const repo = project({ 'mesh/shop/a.mesh': 'service a {\n  port 80 htp\n}\n', 'README.md': 'not a mesh file\n' });
mkdirSync(path.join(repo, '.git'));
const sub = path.join(repo, 'mesh');

test('sourceRoot: GITHUB_WORKSPACE when the working directory is inside it, else the folder with .git, else the working directory', () => {
  assert.is(sourceRoot(path.join(sub, 'shop'), {}), repo);
  assert.is(sourceRoot(sub, { GITHUB_WORKSPACE: sub }), sub);
  assert.is(sourceRoot(sub, { GITHUB_WORKSPACE: '/elsewhere' }), repo);
  assert.is(sourceRoot(sub, { GITHUB_WORKSPACE: 'relative' }), repo);
  const loose = project({ 'x.mesh': '' });
  assert.is(sourceRoot(loose, {}), loose);
  // A worktree or submodule has a `.git` file.
  const worktree = project({ '.git': 'gitdir: /somewhere\n', 'm/x.mesh': '' });
  assert.is(sourceRoot(path.join(worktree, 'm'), {}), worktree);
});

test('repositoryPath: relative to the root with /, unchanged outside it', () => {
  assert.is(repositoryPath('shop/a.mesh', { cwd: sub, root: repo }), 'mesh/shop/a.mesh');
  assert.is(repositoryPath('../../x.mesh', { cwd: sub, root: repo }), '../../x.mesh');
  assert.is(repositoryPath('a.mesh', { cwd: repo, root: repo }), 'a.mesh');
});

test('check in a subfolder: SARIF and GitHub paths from the repository root, text from the working directory', () => {
  const sarif = meshc(['check', '--format', 'sarif'], sub);
  assert.is(sarif.code, 1);
  const location = (JSON.parse(sarif.stdout) as Sarif.Log).runs[0]!.results![0]!.locations![0]!.physicalLocation!;
  assert.equal(location.artifactLocation, { uri: 'mesh/shop/a.mesh', uriBaseId: '%SRCROOT%' });
  const github = meshc(['check', '--format', 'github'], sub);
  assert.match(github.stdout, /^::error file=mesh\/shop\/a\.mesh,line=2,col=11,/);
  assert.is(meshc(['check'], sub, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo }).stdout, github.stdout);
  assert.match(meshc(['check', '--format', 'text'], sub).stdout, /^shop\/a\.mesh:2:11: error\[M3004\]/);
  assert.match(meshc(['check', '--format', 'json'], sub).stdout, /"file":"shop\/a\.mesh"/);
});

test('compile reports with the same paths as check', () => {
  const run = meshc(['compile', '--format', 'github', '--stdout'], sub);
  assert.is(run.code, 1);
  assert.match(run.stderr, /^::error file=mesh\/shop\/a\.mesh,/);
});

test('every SARIF rule has a full description and help (required by code scanning), from its docs page', () => {
  const log = sarifLog({ diagnostics: [], sources: new Map() }, { cwd: repo, root: repo, version: '0', docs: docsPage });
  const rules = log.runs[0]!.tool.driver.rules!;
  assert.is(rules.length, allSpecs().length);
  for (const rule of rules) {
    const page = docsPage(rule.id)!;
    assert.ok(page, `${rule.id} has a docs page`);
    assert.is(rule.help?.markdown, page);
    assert.is(rule.help?.text, page);
    assert.ok(rule.fullDescription!.text.length > 20, `${rule.id}: ${rule.fullDescription!.text}`);
    assert.not.match(rule.fullDescription!.text, '\n');
    assert.ok(page.replace(/\s+/g, ' ').includes(rule.fullDescription!.text), `${rule.id}'s full description is its page's summary`);
  }
  // Without pages (a caller that has none), the help is the registry's template.
  const bare = sarifLog({ diagnostics: [], sources: new Map() }, { cwd: repo, version: '0' }).runs[0]!.tool.driver.rules![0]!;
  assert.match(bare.help!.text, bare.id);
  assert.ok(bare.fullDescription!.text);
});

test.run();
