/**
 * Every single-file program of the test suite (diagnostic cases, analyses, formatter and compile
 * cases) compiles for `--target envoy` without an internal error: the Envoy gate never fails on
 * what the checker lets through. Everything written passes `envoy-validate` too. This sweep found
 * two externals sharing a host, fractional split weights and `require jwt` without keys.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileProgram } from '../../compiler/index.ts';
import { envoyValidate } from '../helpers/oracle.ts';

const walk = (d: string): string[] =>
  readdirSync(d)
    .sort()
    .flatMap((f) => {
      const p = join(d, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.mesh') ? [p] : [];
    });

const programs = ['test/diagnostics', 'test/analyses', 'test/format', 'test/compile'].flatMap(walk);

test('envoy: every test program compiles without an internal error, and its output passes envoy-validate', () => {
  const failures: string[] = [];
  const written = new Map<string, string>();
  let compiled = 0;
  for (const file of programs) {
    try {
      const result = compileProgram([{ path: file, text: readFileSync(file, 'utf8') }], { targets: ['envoy'] });
      if (result.outputs.length > 0) compiled++;
      for (const o of result.outputs) written.set(`${file.replaceAll('/', '_')}/${o.path}`, o.content);
    } catch (error) {
      failures.push(`${file}: ${String(error).slice(0, 500)}`);
    }
  }
  assert.equal(failures, []);
  assert.ok(programs.length >= 100 && compiled >= 50, `${compiled} of ${programs.length} programs compiled`);
  const run = envoyValidate(written);
  assert.ok(run.ok, run.output);
});

test.run();
