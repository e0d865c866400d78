/**
 * The diagnostics registry is the one source of codes: every code has a docs page whose title
 * matches, every page belongs to a code, and the version in the code matches package.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allSpecs, message, registry } from '../compiler/diagnostics/registry.ts';
import { VERSION } from '../compiler/index.ts';

const pages = readdirSync('docs/diagnostics').filter((f) => f.endsWith('.md'));

test('registry: every code has a docs page with its title and the standard sections', () => {
  for (const spec of allSpecs()) {
    const file = `${spec.code}.md`;
    assert.ok(pages.includes(file), `docs/diagnostics/${file} is missing`);
    const page = readFileSync(`docs/diagnostics/${file}`, 'utf8');
    assert.is(page.split('\n')[0], `# ${spec.code}: ${spec.title}`, `${file}: first line`);
    for (const section of ['## Summary', '## Avoid', '## Prefer', '## Rationale']) {
      assert.ok(page.includes(`\n${section}\n`), `${file} lacks "${section}"`);
    }
  }
});

test('registry: every docs page belongs to a code', () => {
  const orphans = pages.filter((f) => !registry.has(f.replace(/\.md$/, '')));
  assert.equal(orphans, [], `pages without a code: ${orphans.join(', ')}`);
});

test('registry: codes are well-formed and unique, titles are kebab-case', () => {
  const specs = allSpecs();
  assert.is(new Set(specs.map((s) => s.code)).size, specs.length);
  for (const s of specs) {
    assert.match(s.code, /^M\d{4}$/);
    assert.match(s.title, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  }
});

test('registry: message() fills placeholders and keeps unknown ones', () => {
  assert.is(message('M2001', { name: 'x', hint: '' }), 'There is no service or external named `x`.');
  assert.ok(message('M2001').includes('{name}'));
});

test('version: compiler/version.ts matches package.json', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  assert.is(VERSION, pkg.version);
});

test.run();
