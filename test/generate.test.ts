import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram } from '../compiler/index.ts';
import { parseFile } from '../compiler/syntax/parse.ts';
import type { Decl, Rule, SourceFile, Stmt } from '../compiler/syntax/ast.ts';
import { generateProject, SERVICES_PER_FILE } from '../bench/generate.ts';

/** Sizes and seeds the tests run over: the edge cases, and the sizes the benchmark uses most. */
const CASES: [n: number, seed: number][] = [[1, 1], [2, 5], [7, 3], [100, 1], [250, 42], [1000, 1], [1000, 2]];

function parseAll(n: number, seed: number): SourceFile[] {
  return generateProject(n, seed).map((file) => {
    const { value, diagnostics } = parseFile(file.text, file.path);
    assert.equal(diagnostics.map((d) => `${file.path}: ${d.code} ${d.message}`), [], `syntax diagnostics for n=${n} seed=${seed}`);
    return value;
  });
}

function services(files: SourceFile[]): Decl[] {
  return files.flatMap((f) => f.decls).filter((d) => d.declKind === 'service');
}

/** Every rule of every `route`, in services and gateways, including the `route -> …` shorthand. */
function rules(decls: Decl[]): Rule[] {
  return decls.flatMap((d) => d.body).flatMap((s: Stmt) => (s.kind === 'Route' ? s.rules : []));
}

test('the same n and seed give the same bytes, without Math.random', () => {
  const random = Math.random;
  Math.random = () => {
    throw new Error('the generator must not use Math.random');
  };
  try {
    assert.equal(generateProject(300, 7), generateProject(300, 7));
  } finally {
    Math.random = random;
  }
  assert.not.equal(generateProject(300, 7), generateProject(300, 8), 'another seed gives another project');
  assert.equal(generateProject(20), generateProject(20, 1), 'the default seed is 1');
});

test('n services, one mesh.mesh, at most 50 services per file', () => {
  for (const [n, seed] of CASES) {
    const files = generateProject(n, seed);
    assert.is(files[0]!.path, 'mesh.mesh');
    const parsed = parseAll(n, seed);
    assert.is(services(parsed).length, n, `n=${n}`);
    for (const file of parsed.slice(1)) {
      const count = services([file]).length;
      assert.ok(count >= 1 && count <= SERVICES_PER_FILE, `${file.path} holds ${count} services`);
    }
    const names = services(parsed).map((d) => d.name!.text);
    assert.is(new Set(names).size, names.length, 'service names are unique');
    assert.is(new Set(files.map((f) => f.path)).size, files.length, 'paths are unique');
  }
});

test('the output parses without syntax diagnostics and checks without errors or warnings', () => {
  for (const [n, seed] of CASES) {
    parseAll(n, seed);
    // Warnings too: they flag misconfigurations (a shadowed rule, retries that outlast their
    // timeout) that a careful platform team would not commit, and the benchmark should measure a
    // clean program, which is also the only kind `checkProgram` lowers to the IR.
    const problems = checkProgram(generateProject(n, seed)).diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
    assert.equal(problems.map((d) => `${d.file}: ${d.severity} ${d.code} ${d.message}`), [], `checker diagnostics for n=${n} seed=${seed}`);
  }
});

test('every weighted split totals 100%', () => {
  for (const [n, seed] of CASES) {
    const parsed = parseAll(n, seed);
    const decls = parsed.flatMap((f) => f.decls);
    let splits = 0;
    for (const rule of rules(decls)) {
      if (rule.action?.kind !== 'Forward' || rule.action.targets.length < 2) continue;
      splits++;
      const total = rule.action.targets.reduce((sum, t) => sum + (t.weight?.value ?? NaN), 0);
      assert.is(total, 100, `split at ${rule.range.start}`);
    }
    if (n >= 100) assert.ok(splits > n / 10, `n=${n}: ${splits} weighted splits`);
  }
});

test('the mix is realistic: protocols, versions, route rules, policy and callers', () => {
  const parsed = parseAll(1000, 1);
  const svcs = services(parsed);
  const stmts = (kind: Stmt['kind']) => svcs.flatMap((d) => d.body.filter((s) => s.kind === kind));
  const share = (count: number) => count / svcs.length;

  const ports = stmts('Port') as Extract<Stmt, { kind: 'Port' }>[];
  const protocols = new Map<string, number>();
  for (const p of ports) protocols.set(p.protocol!.text, (protocols.get(p.protocol!.text) ?? 0) + 1);
  assert.ok(protocols.get('http')! > protocols.get('grpc')! && protocols.get('grpc')! > 0 && protocols.get('tcp')! > 0, 'mostly http, some grpc and tcp');
  for (const d of svcs) {
    const count = d.body.filter((s) => s.kind === 'Port').length;
    assert.ok(count >= 1 && count <= 3, `${d.name!.text}: ${count} ports`);
    const versions = d.body.flatMap((s) => (s.kind === 'Versions' ? s.names : s.kind === 'Version' ? [s.name] : []));
    assert.ok(versions.length >= 1 && versions.length <= 4, `${d.name!.text}: ${versions.length} versions`);
  }
  assert.ok(stmts('Version').length > 0, 'some versions are blocks with labels');

  const allRules = rules(svcs);
  const atoms = allRules.flatMap((r) => r.when.flatMap((c) => c.atoms.map((a) => a.kind)));
  for (const kind of ['HeaderMatch', 'PathMatch', 'MethodMatch', 'QueryMatch']) assert.ok(atoms.includes(kind as never), `some ${kind}`);
  const bodies = allRules.flatMap((r) => r.body.map((s) => s.kind));
  for (const kind of ['Timeout', 'Retries', 'Fault', 'Mirror']) assert.ok(bodies.includes(kind as never), `some rule has ${kind}`);
  assert.ok(share(stmts('Lb').length) > 0.3, 'lb');
  assert.ok(stmts('Settings').some((s) => s.kind === 'Settings' && s.block === 'pool'), 'pool');
  assert.ok(stmts('Settings').some((s) => s.kind === 'Settings' && s.block === 'outlier'), 'outlier');

  const authz = stmts('Authz') as Extract<Stmt, { kind: 'Authz' }>[];
  const names = new Set(svcs.map((d) => d.name!.text));
  const callers = authz.flatMap((a) => a.from.flatMap((f) => (f.kind === 'service' ? [f.name.text] : [])));
  assert.ok(callers.length > svcs.length, 'most services name their callers');
  for (const caller of callers) assert.ok(names.has(caller), `caller ${caller} is a service of the project`);

  const mesh = parsed[0]!.decls.find((d) => d.declKind === 'mesh')!;
  const declared = new Set(mesh.body.flatMap((s) => (s.kind === 'Namespaces' ? s.names.map((n) => n.text) : [])));
  const used = new Set(stmts('Namespace').map((s) => (s.kind === 'Namespace' ? s.name!.text : '')));
  assert.ok(used.size >= 3, `services spread over ${used.size} namespaces`);
  for (const ns of used) assert.ok(declared.has(ns), `namespace ${ns} is declared`);
  assert.ok(parsed[0]!.decls.some((d) => d.declKind === 'gateway'), 'a gateway');
});

test.run();
