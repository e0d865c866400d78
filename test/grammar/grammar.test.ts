/**
 * The TextMate grammar (`grammar/mesh.tmLanguage.json`), which VS Code and other editors use to
 * colour `.mesh` files before (and besides) the language server's semantic tokens.
 *
 * Three kinds of checks:
 * - snapshots: `vscode-tmgrammar-snap` over `test/grammar/snapshots/*.mesh`, each beside its
 *   `.snap` with the scopes of every token. A changed grammar shows up as a snapshot diff to review;
 *   `UPDATE=1 npm run test:grammar` (or `UPDATE=1 npm test`) rewrites them;
 * - assertions: `vscode-tmgrammar-test` over `test/grammar/scopes.mesh`, whose `SYNTAX TEST`
 *   comments say which scopes the characters above them must (or must not) have;
 * - vocabulary: every keyword of the lexer (`grammar/tokens.ts`) and every value word of the
 *   checker is scoped as such, so the grammar cannot fall behind the language.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import oniguruma from 'vscode-oniguruma';
import tm from 'vscode-textmate';
import { keywords } from '../../grammar/tokens.ts';
import { lbPolicies, clientTlsModes } from '../../compiler/check/policy.ts';
import { retryOnConditions } from '../../compiler/check/routes.ts';
import { mtlsModes } from '../../compiler/check/security.ts';
import { settingSchemas } from '../../compiler/check/settings.ts';
import { HTTP_METHODS } from '../../compiler/check/values.ts';
import { externalProtocols } from '../../compiler/check/declarations.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const grammarPath = path.join(root, 'grammar', 'mesh.tmLanguage.json');
const require = createRequire(import.meta.url);
const updating = process.env.UPDATE === '1';

/** Runs one of vscode-tmgrammar-test's commands; its own output is the failure message. */
function tool(name: 'vscode-tmgrammar-snap' | 'vscode-tmgrammar-test', args: string[]): void {
  const bin = path.join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', name === 'vscode-tmgrammar-snap' ? 'snapshot.js' : 'unit.js');
  const run = spawnSync(process.execPath, [bin, '-g', grammarPath, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  assert.is(run.status, 0, `${name} failed:\n${run.stdout}${run.stderr}`);
}

test('snapshots: every token of the samples has the scopes its .snap file records', () => {
  tool('vscode-tmgrammar-snap', ['-s', 'source.mesh', ...(updating ? ['-u'] : []), 'test/grammar/snapshots/*.mesh']);
});

test('assertions: the SYNTAX TEST comments of scopes.mesh hold', () => {
  tool('vscode-tmgrammar-test', ['test/grammar/scopes.mesh']);
});

// ---- Vocabulary --------------------------------------------------------------------------------

const registry = new tm.Registry({
  onigLib: oniguruma
    .loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer)
    .then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    })),
  loadGrammar: async (scopeName) =>
    scopeName === 'source.mesh' ? tm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
});
const grammar = (await registry.loadGrammar('source.mesh'))!;

/** The scopes of the token that starts at `column` of the last line of `text`. */
function scopesAt(text: string, column: number): string[] {
  let stack = tm.INITIAL;
  let scopes: string[] = [];
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    scopes = result.tokens.find((t) => t.startIndex <= column && column < t.endIndex)?.scopes ?? [];
  }
  return scopes;
}

/** The scopes of `word` written as the first word of a statement in a service block. */
function statementWord(word: string): string[] {
  return scopesAt(`service s {\n  ${word} `, 2);
}

const declarations = new Set(['mesh', 'service', 'gateway', 'external']);

test('every keyword of the lexer is a keyword (declarations: storage.type)', () => {
  const names = Object.keys(keywords);
  assert.ok(names.length > 50);
  for (const word of names) {
    const expected = declarations.has(word) ? `storage.type.${word}.mesh` : 'keyword.';
    const scopes = statementWord(word);
    assert.ok(
      scopes.some((s) => s.startsWith(expected)),
      `\`${word}\` has scopes ${scopes.join(' ')}; add it to the keywords of grammar/mesh.tmLanguage.json`,
    );
  }
});

test('a keyword with a hyphen and more letters is one name, not a keyword', () => {
  for (const word of Object.keys(keywords)) {
    const scopes = statementWord(`${word}-x1`);
    assert.ok(scopes.includes('variable.other.mesh'), `\`${word}-x1\` has scopes ${scopes.join(' ')}`);
    const after = scopesAt(`service s {\n  route -> a-${word}`, 13);
    assert.ok(!after.some((s) => s.startsWith('keyword.') || s.startsWith('storage.')), `\`a-${word}\` has scopes ${after.join(' ')}`);
  }
});

test('the value words of the checker are constants', () => {
  const values: Array<[readonly string[], string]> = [
    [HTTP_METHODS, 'constant.language.http-method.mesh'],
    [externalProtocols.filter((p) => !(p in keywords)), 'support.constant.protocol.mesh'],
    [[...mtlsModes, ...lbPolicies, ...clientTlsModes], 'support.constant.mode.mesh'],
    [retryOnConditions.filter((c) => c !== '5xx'), 'support.constant.retry-condition.mesh'],
  ];
  for (const [words, scope] of values) {
    for (const word of words) {
      const scopes = scopesAt(`service s {\n  x ${word}`, 4);
      assert.ok(scopes.includes(scope), `\`${word}\` has scopes ${scopes.join(' ')}, not ${scope}`);
    }
  }
});

test('the keys of settings blocks are properties', () => {
  for (const [block, schema] of Object.entries(settingSchemas)) {
    const opening = block === 'jwt' ? 'require jwt {' : `${block} {`;
    for (const key of Object.keys(schema)) {
      const scopes = scopesAt(`service s {\n  ${opening}\n    ${key} 1`, 4);
      assert.ok(scopes.includes('variable.other.property.mesh'), `\`${key}\` in \`${opening}\` has scopes ${scopes.join(' ')}`);
    }
  }
});

test('durations, percentages and numbers', () => {
  const cases: Array<[string, string]> = [
    ['500ms', 'constant.numeric.duration.mesh'],
    ['1h2m3s4ms', 'constant.numeric.duration.mesh'],
    ['12.5%', 'constant.numeric.percentage.mesh'],
    ['100%', 'constant.numeric.percentage.mesh'],
    ['9080', 'constant.numeric.integer.mesh'],
    ['1.5s', 'invalid.illegal.quantity.mesh'],
    ['7sec', 'invalid.illegal.quantity.mesh'],
  ];
  for (const [text, scope] of cases) {
    const scopes = scopesAt(`service s {\n  timeout ${text}`, 10);
    assert.ok(scopes.includes(scope), `\`${text}\` has scopes ${scopes.join(' ')}, not ${scope}`);
  }
});

test.run();
