/**
 * `meshc compile` through the built CLI: what it writes, what it never writes, and how it fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, meshc, project, snapshot } from './harness.ts';
import { generateProject } from '../../bench/generate.ts';

const good = {
  'mesh.mesh': 'mesh {\n  namespace shop\n}\n',
  'reviews.mesh': 'service reviews {\n  port 9080 http\n  versions v1, v2\n  route -> v1 90%, v2 10%\n}\n',
  'ratings.mesh': 'service ratings {\n  port 9080 http\n}\n',
};

test('compile: writes one file per declaration under DIR/istio, and says so', () => {
  const cwd = project(good);
  const run = meshc(['compile', '--target', 'istio', '--out', 'out'], cwd);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, 'wrote 3 files to out/istio');
  assert.equal(Object.keys(snapshot(path.join(cwd, 'out'))), [
    'istio/shop/namespace.yaml',
    'istio/shop/service-ratings.yaml',
    'istio/shop/service-reviews.yaml',
  ]);
  assert.match(readFileSync(path.join(cwd, 'out/istio/shop/service-reviews.yaml'), 'utf8'), 'weight: 90');
});

test('compile: DIR/istio has the mode of any new folder (not private), so that others can read it', () => {
  const cwd = project(good);
  const run = meshc(['compile', '--target', 'istio', '--out', 'out'], cwd);
  assert.is(run.code, 0, run.stderr);
  // The CLI inherits this process's umask: a folder made here has the mode any new folder gets.
  mkdirSync(path.join(cwd, 'reference'));
  const expected = statSync(path.join(cwd, 'reference')).mode & 0o777;
  assert.is((statSync(path.join(cwd, 'out/istio')).mode & 0o777).toString(8), expected.toString(8));
  assert.ok(expected & 0o044, 'the reference folder is readable by others under this umask');
});

test('compile: errors exit 1 and leave a pre-filled DIR exactly as it was', () => {
  const cwd = project(good);
  assert.is(meshc(['compile', '--out', 'out'], cwd).code, 0);
  writeFileSync(path.join(cwd, 'out', 'README.txt'), 'mine');
  const before = snapshot(path.join(cwd, 'out'));
  writeFileSync(path.join(cwd, 'ratings.mesh'), 'service ratings {\n  port 99999 http\n}\n');
  const run = meshc(['compile', '--out', 'out'], cwd);
  assert.is(run.code, 1);
  assert.match(run.stdout, 'M3003');
  assert.equal(snapshot(path.join(cwd, 'out')), before);
});

test('compile: files of declarations that are gone are removed; other files in DIR stay', () => {
  const cwd = project(good);
  assert.is(meshc(['compile', '--target', 'istio', '--out', 'out'], cwd).code, 0);
  writeFileSync(path.join(cwd, 'out', 'README.txt'), 'mine');
  writeFileSync(path.join(cwd, 'ratings.mesh'), '');
  assert.is(meshc(['compile', '--target', 'istio', '--out', 'out'], cwd).code, 0);
  const files = Object.keys(snapshot(path.join(cwd, 'out')));
  assert.equal(files, ['README.txt', 'istio/shop/namespace.yaml', 'istio/shop/service-reviews.yaml']);
  assert.not.ok(readdirSync(path.join(cwd, 'out')).some((f) => f.startsWith('.meshc')), 'no staging folder or lock left behind');
});

test('compile: a recompile keeps the files it does not change (same inode) and replaces the others', () => {
  const cwd = project(good);
  assert.is(meshc(['compile', '--target', 'istio', '--out', 'out'], cwd).code, 0);
  const file = (name: string) => path.join(cwd, 'out/istio/shop', name);
  const before = { ratings: statSync(file('service-ratings.yaml')).ino, reviews: statSync(file('service-reviews.yaml')).ino };
  writeFileSync(path.join(cwd, 'reviews.mesh'), good['reviews.mesh'].replace('90%, v2 10%', '80%, v2 20%'));
  assert.is(meshc(['compile', '--target', 'istio', '--out', 'out'], cwd).code, 0);
  assert.is(statSync(file('service-ratings.yaml')).ino, before.ratings);
  assert.is.not(statSync(file('service-reviews.yaml')).ino, before.reviews);
  assert.match(readFileSync(file('service-reviews.yaml'), 'utf8'), 'weight: 80');
  assert.is(statSync(file('service-ratings.yaml')).nlink, 1, 'the old folder, and its link, are gone');
  assert.equal(readdirSync(path.join(cwd, 'out')), ['istio']);
});

test('compile: by default every target; --target envoy writes a folder per proxy under DIR/envoy', () => {
  const cwd = project(good);
  const all = meshc(['compile', '--out', 'out'], cwd);
  assert.is(all.code, 0, all.stderr);
  assert.match(all.stdout, 'to out/envoy, out/istio');
  const run = meshc(['compile', '--target', 'envoy', '--out', 'envoy-only'], cwd);
  assert.is(run.code, 0, run.stderr);
  assert.equal(Object.keys(snapshot(path.join(cwd, 'envoy-only'))), [
    'envoy/outbound/clusters.yaml',
    'envoy/outbound/listeners.yaml',
    'envoy/outbound/routes.yaml',
    'envoy/shop/sidecar-ratings.bootstrap.yaml',
    'envoy/shop/sidecar-ratings.clusters.yaml',
    'envoy/shop/sidecar-ratings.listeners.yaml',
    'envoy/shop/sidecar-reviews.bootstrap.yaml',
    'envoy/shop/sidecar-reviews.clusters.yaml',
    'envoy/shop/sidecar-reviews.listeners.yaml',
  ]);
  assert.match(readFileSync(path.join(cwd, 'envoy-only/envoy/outbound/routes.yaml'), 'utf8'), 'name: outbound|9080|v1|reviews.shop.svc.cluster.local\n                    weight: 90');
});

test('compile: what Envoy cannot express fails --target envoy (M6101) and writes nothing', () => {
  const cwd = project({ 'db.mesh': 'service a {\n  port 5432 tcp\n}\nservice b {\n  port 5432 tcp\n  mtls disable\n}\n' });
  const run = meshc(['compile', '--target', 'envoy', '--out', 'out'], cwd);
  assert.is(run.code, 1);
  assert.match(run.stdout, 'error[M6101]');
  assert.not.ok(existsSync(path.join(cwd, 'out', 'envoy')));
  assert.is(meshc(['compile', '--target', 'istio', '--out', 'out'], cwd).code, 0, 'the Istio target can express it');
});

test('compile: --stdout prints the files, problems go to stderr', () => {
  const cwd = project(good);
  const run = meshc(['compile', '--stdout'], cwd);
  assert.is(run.code, 0);
  assert.match(run.stdout, '# File: istio/shop/service-reviews.yaml\n');
  assert.match(run.stdout, 'kind: VirtualService');
  assert.not.ok(existsSync(path.join(cwd, 'out')));
});

test('compile: usage errors exit 2 (unknown target, no output, both outputs)', () => {
  const cwd = project(good);
  const unknown = meshc(['compile', '--target', 'nginx', '--stdout'], cwd);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, 'must be one of istio, gateway-api, envoy');
  assert.is(meshc(['compile'], cwd).code, 2);
  assert.is(meshc(['compile', '--out', 'o', '--stdout'], cwd).code, 2);
});

test('compile: an output folder that cannot be created exits 2 with a clear message', () => {
  const cwd = project({ ...good, 'blocker': 'a file where a folder should be' });
  const run = meshc(['compile', '--out', 'blocker/out'], cwd);
  assert.is(run.code, 2);
  assert.match(run.stderr, 'cannot create the output folder blocker/out');
  assert.not.ok(run.stderr.includes('internal error'));
});

test('compile: names that are not valid Kubernetes names are diagnostics, and nothing is written', () => {
  const cwd = project({ 'a.mesh': 'service Reviews_2 {\n  namespace Shop\n  port 80 http\n}\n' });
  const run = meshc(['compile', '--out', 'out'], cwd);
  assert.is(run.code, 1);
  assert.match(run.stdout, 'M3015');
  assert.not.ok(existsSync(path.join(cwd, 'out')));
});

test('compile: a lock left by a compile that died does not block the next one', () => {
  const cwd = project(good);
  assert.is(meshc(['compile', '--out', 'out'], cwd).code, 0);
  // PID 2^22 + 1 is above Linux's maximum, so no process has it.
  writeFileSync(path.join(cwd, 'out', '.meshc.lock'), String(4194305));
  assert.is(meshc(['compile', '--out', 'out'], cwd).code, 0);
  assert.not.ok(existsSync(path.join(cwd, 'out', '.meshc.lock')));
});

test('compile: staging folders left by a compile that was killed are removed by the next one', () => {
  const cwd = project(good);
  assert.is(meshc(['compile', '--out', 'out'], cwd).code, 0);
  // What a compile killed between building its staging folder and putting it in place leaves.
  for (const name of ['.meshc-new-istio-0123456789ab', '.meshc-old-envoy-ba9876543210']) {
    mkdirSync(path.join(cwd, 'out', name, 'default'), { recursive: true });
    writeFileSync(path.join(cwd, 'out', name, 'default', 'service-reviews.yaml'), 'kind: Stale\n');
  }
  writeFileSync(path.join(cwd, 'out', 'notes.txt'), 'mine\n');
  const before = snapshot(path.join(cwd, 'out/istio'));
  assert.is(meshc(['compile', '--out', 'out'], cwd).code, 0);
  assert.equal(readdirSync(path.join(cwd, 'out')).sort(), ['envoy', 'istio', 'notes.txt']);
  assert.equal(snapshot(path.join(cwd, 'out/istio')), before);
});

test('compile: a target folder that is a symbolic link is followed: the folder it points to is replaced, the link stays', () => {
  const cwd = project(good);
  mkdirSync(path.join(cwd, 'deploy', 'istio'), { recursive: true });
  writeFileSync(path.join(cwd, 'deploy', 'istio', 'stale.yaml'), 'kind: Stale\n');
  writeFileSync(path.join(cwd, 'deploy', 'README.md'), 'mine\n');
  // Beside the linked folder: what a killed compile left for it (removed), and a staging folder
  // of another folder's name (left alone).
  mkdirSync(path.join(cwd, 'deploy', '.meshc-new-istio-0123456789ab'));
  mkdirSync(path.join(cwd, 'deploy', '.meshc-old-istio2-0123456789ab'));
  mkdirSync(path.join(cwd, 'out'));
  symlinkSync('../deploy/istio', path.join(cwd, 'out', 'istio'));
  // A link to a folder that does not exist yet: the compile creates it.
  symlinkSync('../deploy/envoy', path.join(cwd, 'out', 'envoy'));
  const run = meshc(['compile', '--out', 'out'], cwd);
  assert.is(run.code, 0, run.stderr);
  for (const target of ['istio', 'envoy']) assert.ok(lstatSync(path.join(cwd, 'out', target)).isSymbolicLink(), `out/${target} is still a link`);
  assert.equal(Object.keys(snapshot(path.join(cwd, 'deploy', 'istio'))), ['shop/namespace.yaml', 'shop/service-ratings.yaml', 'shop/service-reviews.yaml']);
  assert.ok(Object.keys(snapshot(path.join(cwd, 'deploy', 'envoy'))).length > 0, 'the Envoy files are in deploy/envoy');
  assert.equal(readdirSync(path.join(cwd, 'deploy')).sort(), ['.meshc-old-istio2-0123456789ab', 'README.md', 'envoy', 'istio'], 'no staging folder of its own left beside them');

  // A recompile replaces the linked folder again, keeping unchanged files (same inode).
  const ratings = path.join(cwd, 'deploy', 'istio', 'shop', 'service-ratings.yaml');
  const inode = statSync(ratings).ino;
  writeFileSync(path.join(cwd, 'reviews.mesh'), good['reviews.mesh'].replace('90%, v2 10%', '80%, v2 20%'));
  assert.is(meshc(['compile', '--out', 'out'], cwd).code, 0);
  assert.is(statSync(ratings).ino, inode);
  assert.match(readFileSync(path.join(cwd, 'out', 'istio', 'shop', 'service-reviews.yaml'), 'utf8'), 'weight: 80');
  assert.equal(readdirSync(path.join(cwd, 'deploy')).sort(), ['.meshc-old-istio2-0123456789ab', 'README.md', 'envoy', 'istio']);
});

test('compile: a target folder that links to a file exits 2 and writes nothing', () => {
  const cwd = project(good);
  mkdirSync(path.join(cwd, 'out'));
  writeFileSync(path.join(cwd, 'file.txt'), 'mine\n');
  symlinkSync('../file.txt', path.join(cwd, 'out', 'istio'));
  const run = meshc(['compile', '--out', 'out'], cwd);
  assert.is(run.code, 2);
  assert.match(run.stderr, 'cannot write out/istio: it is a link to a file, not to a folder');
  assert.equal(readdirSync(path.join(cwd, 'out')), ['istio']);
  assert.is(readFileSync(path.join(cwd, 'file.txt'), 'utf8'), 'mine\n');
});

test('compile: meshc.json severities decide whether a finding fails the compile', () => {
  // A 95/10 split is M5002, an error by default; meshc.json can lower it to a warning.
  const files = { 'a.mesh': 'service reviews {\n  port 9080 http\n  versions v1, v2\n  route -> v1 95%, v2 10%\n}\n' };
  const strict = project(files);
  assert.is(meshc(['compile', '--out', 'out'], strict).code, 1);
  const relaxed = project({ ...files, 'meshc.json': '{"severity": {"M5002": "warning"}}' });
  const run = meshc(['compile', '--out', 'out'], relaxed);
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, 'warning[M5002]');
  assert.is(meshc(['compile', '--strict', '--out', 'out2'], relaxed).code, 1);
});

test('compile and check: an invalid meshc.json exits 2, says where, writes nothing, and prints no usage line', () => {
  const cwd = project({ ...good, 'meshc.json': '{\n  "severity": {\n    "M5002": "warning",\n  }\n}\n' });
  for (const args of [['check'], ['compile', '--out', 'out']]) {
    const run = meshc(args, cwd);
    assert.is(run.code, 2, run.stdout + run.stderr);
    assert.is(run.stderr, 'meshc: error: meshc.json: it is not valid JSON: line 4, column 3: Expected double-quoted property name\n');
  }
  assert.not.ok(existsSync(path.join(cwd, 'out')));
});

function compileAsync(cwd: string, source: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'compile', source, '--target', 'istio', '--out', 'out'], { cwd, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
}

test('compile: concurrent compiles into one DIR never leave a mix', async () => {
  const cwd = project({
    'a/x.mesh': 'service alpha {\n  port 80 http\n}\nservice beta {\n  port 80 http\n}\n',
    'b/y.mesh': 'service gamma {\n  port 80 http\n}\n',
  });
  const expectA = ['istio/default/namespace.yaml', 'istio/default/service-alpha.yaml', 'istio/default/service-beta.yaml'];
  const expectB = ['istio/default/namespace.yaml', 'istio/default/service-gamma.yaml'];
  for (let round = 0; round < 4; round++) {
    const codes = await Promise.all([compileAsync(cwd, 'a'), compileAsync(cwd, 'b'), compileAsync(cwd, 'a')]);
    assert.equal(codes, [0, 0, 0]);
    const files = Object.keys(snapshot(path.join(cwd, 'out')));
    assert.ok(JSON.stringify(files) === JSON.stringify(expectA) || JSON.stringify(files) === JSON.stringify(expectB), `a mix: ${files.join(', ')}`);
  }
});

test('compile: MESHC_OUTPUT_WORKER takes on/off, 1/0 and true/false; anything else is auto', async () => {
  const { outputWorkerMode } = await import('../../compiler/cli/commands/compile.ts');
  for (const v of ['on', '1', 'true', ' ON ']) assert.is(outputWorkerMode(v), 'on', v);
  for (const v of ['off', '0', 'false', 'False']) assert.is(outputWorkerMode(v), 'off', v);
  for (const v of [undefined, '', 'auto', 'yes', '2']) assert.is(outputWorkerMode(v), 'auto', String(v));
});

test('compile: serialised on two threads (MESHC_OUTPUT_WORKER=on), the files are the same bytes as on one', () => {
  const cwd = project(Object.fromEntries(generateProject(150, 11).map((f) => [f.path, f.text])));
  const runs = { auto: {}, on: { MESHC_OUTPUT_WORKER: 'on' }, off: { MESHC_OUTPUT_WORKER: 'off' } };
  const trees: Record<string, Record<string, string>> = {};
  for (const [name, env] of Object.entries(runs)) {
    const run = meshc(['compile', '.', '--out', name], cwd, env);
    assert.is(run.code, 0, run.stderr);
    trees[name] = snapshot(path.join(cwd, name));
  }
  assert.ok(Object.keys(trees.off!).length > 300);
  assert.equal(trees.on, trees.off);
  assert.equal(trees.auto, trees.off);
  const stdout = (env: Record<string, string>) => meshc(['compile', '.', '--target', 'istio', '--stdout'], cwd, env);
  assert.is(stdout({ MESHC_OUTPUT_WORKER: 'on' }).stdout, stdout({ MESHC_OUTPUT_WORKER: 'off' }).stdout);
});

test.run();
