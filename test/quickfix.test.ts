/**
 * Quick fixes: every code marked `fixable` in the registry has a case here whose diagnostic
 * carries a fix, and applying the fix makes that diagnostic go away.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram } from '../compiler/index.ts';
import { allSpecs } from '../compiler/diagnostics/registry.ts';
import type { Diagnostic } from '../compiler/diagnostics/types.ts';

const svc = (body: string) => `service reviews {\n  port 9080 http\n  versions v1, v2\n${body}\n}\nservice productpage {\n  port 9080 http\n}\n`;

/** One program per fixable code, each with exactly that mistake. */
const cases: Record<string, string> = {
  M1004: svc('  rout -> v1'),
  M2001: svc('  allow from prodctpage to GET'),
  M2002: svc('  route -> v3'),
  M2004: 'mesh {\n  namespaces shop\n}\nservice a {\n  namespace shpo\n  port 80 http\n}\n',
  M2007: 'gateway g {\n  listen 80 http\n  route -> productpage:9081\n}\nservice productpage {\n  port 9080 http\n}\n',
  M3001: svc('  timeout 7sec'),
  M3004: 'service a {\n  port 80 htp\n}\n',
  M3005: 'gateway g {\n  listen 80 http hosts "Shop.example.com"\n  route -> a\n}\nservice a {\n  port 80 http\n}\n',
  M3006: svc('  allow to get'),
  M3008: svc('  route {\n    when header End-User == "j" -> v2\n    otherwise -> v1\n  }'),
  M3011: svc('  allow from ip "010.0.0.1"'),
  M3013: svc('  mtls strcit'),
  M3014: svc('  allow to GET "reviews"'),
  M3015: 'service a {\n  port 80 http\n  versions v2_mysql\n}\n',
  M4009: svc('  pool {\n    max-conections 100\n  }'),
  // Analyses (M5xxx): each program has that one misconfiguration.
  M5001: 'service reviews {\n  port 9080 http\n  versions v1, v2\n  route {\n    when path prefix "/api" -> v1\n    when path prefix "/api/v2" -> v2\n    otherwise -> v1\n  }\n}\n',
  M5002: 'service reviews {\n  port 9080 http\n  versions v1, v2\n  route -> v1 30%, v2 30%\n}\n',
  M5003: 'service reviews {\n  port 9080 http\n  versions v1, v2\n  route {\n    when header x-canary present -> v2\n    otherwise -> v1 100%, v2 0%\n  }\n}\n',
  M5005: svc('  route -> v1 {\n    timeout 2s\n    retries 3 per-try 1s on 5xx\n  }'),
  M5006: svc('  retries 2 per-try 500ms on connect-failure\n  route -> v1'),
  M5007: 'service orders {\n  port 8080 http\n  timeout 10s\n  route {\n    when method POST -> orders {\n      retries 2 per-try 2s on 5xx, connect-failure\n    }\n    otherwise -> orders\n  }\n}\n',
  M5011: svc('  tls disable'),
  M5013: 'service catalog {\n  port 8080 http\n  port 7946 tcp\n  deny to DELETE "/items/*"\n}\n',
  M5014: 'service cache {\n  port 8080 http\n  port 6379 redis\n  allow to GET, PUT when header x-env == "prod"\n}\n',
  M5019:
    'gateway public {\n  listen 80 http hosts "shop.example.com"\n  route -> reviews:9080\n}\n' +
    'service reviews {\n  port 9080 http\n  port 9090 grpc\n  versions v1, v2\n  route -> v1 90%, v2 10%\n}\n',
};

function apply(text: string, d: Diagnostic): string {
  const edits = [...d.fixes![0]!.edits].sort((a, b) => b.range.start - a.range.start);
  for (const e of edits) text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
  return text;
}

test('quick fixes: every fixable code has a case', () => {
  const fixable = allSpecs().filter((s) => s.fixable).map((s) => s.code);
  assert.equal(fixable.filter((c) => !(c in cases)), [], 'fixable codes without a quick-fix case');
  assert.equal(Object.keys(cases).filter((c) => !fixable.includes(c)), [], 'cases for codes not marked fixable');
});

for (const [code, text] of Object.entries(cases)) {
  test(`quick fix: ${code} is fixed by its own fix`, () => {
    const before = checkProgram([{ path: 'x.mesh', text }]).diagnostics;
    const target = before.find((d) => d.code === code);
    assert.ok(target, `${code} not reported; got ${before.map((d) => d.code).join(', ')}`);
    assert.ok(target!.fixes && target!.fixes.length > 0, `${code} has no quick fix`);
    const fixed = apply(text, target!);
    const after = checkProgram([{ path: 'x.mesh', text: fixed }]).diagnostics;
    assert.equal(after.map((d) => `${d.code}: ${d.message}`), [], `after the fix:\n${fixed}`);
  });
}

test.run();
