/**
 * The last steps of a compile on two threads (`compiler/output/parallel.ts`): whichever thread
 * serialises a file, the bytes are those of `compileProgram`; the gate runs on every file before
 * any text is delivered; and the worker only speeds things up: when it is gone or cannot be sent
 * the outputs, the main thread makes every text itself.
 *
 * The worker runs from the TypeScript sources here (through tsx), and from the bundle in the last
 * test, as `meshc compile` runs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileProgram, ValidationGateError } from '../../compiler/index.ts';
import { compileWith, loadBackends, TARGETS, type PendingOutput } from '../../compiler/targets.ts';
import { chunkBounds, gateOutputs, OutputWorker, type SerialiseStats } from '../../compiler/output/parallel.ts';
import { isLarge, serialiseOutput } from '../../compiler/output/serialise.ts';
import type { SourceText } from '../../compiler/frontend.ts';
import { generateProject } from '../../bench/generate.ts';
import { ROOT } from '../cli/harness.ts';
import { textsFromWorker } from '../helpers/output-worker.ts';

const backends = await loadBackends(TARGETS);

function pending(files: SourceText[]): PendingOutput[] {
  const result = compileWith(files, {}, backends);
  assert.equal(result.diagnostics.filter((d) => d.severity === 'error'), []);
  return result.outputs;
}

/** The texts `gateOutputs` delivers, by index, checking that each index comes exactly once. */
async function produced(outputs: PendingOutput[], worker?: OutputWorker): Promise<{ texts: string[]; byWorker: number; stats: SerialiseStats }> {
  const texts: string[] = [];
  const stats = await gateOutputs(outputs, backends, worker)((index, text) => {
    assert.is(texts[index], undefined, `output ${index} delivered twice`);
    texts[index] = text;
  });
  assert.is(texts.filter((t) => t !== undefined).length, outputs.length, 'every output delivered');
  return { texts, byWorker: stats.byWorker, stats };
}

const mesh = (dir: string): SourceText[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.mesh'))
    .sort()
    .map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));

test('with a worker, every golden case and example gives the bytes of compileProgram', async () => {
  const programs = [...mesh('test/compile').map((f) => [f]), ...readdirSync('examples').map((e) => mesh(join('examples', e)))];
  for (const files of programs) {
    const expected = compileProgram(files).outputs.map((o) => o.content);
    // A worker serves one compile, as in `meshc compile`.
    const worker = OutputWorker.start();
    assert.ok(worker, 'a worker starts from the sources');
    try {
      assert.equal((await produced(pending(files), worker)).texts, expected, files[0]!.path);
    } finally {
      worker.stop();
    }
  }
});

test('a large compile is shared: the worker serialises chunks, and the bytes do not change', async () => {
  const outputs = pending(generateProject(300, 7));
  const expected = outputs.map(serialiseOutput);
  const large = outputs.filter(isLarge);
  assert.ok(large.length > 0 && large.every((o) => o.path.startsWith('envoy/outbound/')), 'the shared outbound resources are the large files');
  const worker = OutputWorker.start()!;
  try {
    // Loaded before the job is sent, the worker takes chunks while this thread serialises its own
    // (this thread would need the whole compile's time to take them all).
    assert.ok(await worker.ready());
    const { texts, byWorker, stats } = await produced(outputs, worker);
    assert.equal(texts, expected);
    assert.is(stats.large, large.length);
    assert.ok(byWorker > 0, 'the worker serialised some chunks');
    assert.ok(byWorker < stats.chunks, 'and this thread the others');
  } finally {
    worker.stop();
  }
});

test('the gate runs on every file first: the first invalid one, in order, throws and nothing is delivered', async () => {
  const outputs = pending(generateProject(50, 3));
  const istio = outputs.map((o, i) => [o, i] as const).filter(([o]) => o.target === 'istio');
  const broken = structuredClone(outputs);
  const [first, second] = [istio[3]![1], istio[istio.length - 2]![1]];
  for (const i of [second, first]) {
    const o = broken[i] as Extract<PendingOutput, { target: 'istio' }>;
    o.objects[0]!.spec.unexpected = true;
  }
  const worker = OutputWorker.start()!;
  try {
    await worker.ready();
    let delivered = 0;
    let thrown: unknown;
    try {
      await gateOutputs(broken, backends, worker)(() => delivered++);
    } catch (error) {
      thrown = error;
    }
    assert.instance(thrown, ValidationGateError);
    const o = broken[first] as Extract<PendingOutput, { target: 'istio' }>;
    assert.match((thrown as Error).message, `${o.objects[0]!.kind} ${o.objects[0]!.metadata.namespace}/${o.objects[0]!.metadata.name}`);
    assert.is(delivered, 0);
  } finally {
    worker.stop();
  }
});

test('a worker that stops, or cannot be sent the outputs, leaves every text to this thread', async () => {
  const outputs = pending(generateProject(100, 5));
  const expected = outputs.map(serialiseOutput);

  const stopped = OutputWorker.start()!;
  await stopped.ready();
  stopped.stop();
  assert.equal((await produced(outputs, stopped)).texts, expected, 'stopped before the job');

  const stopping = OutputWorker.start()!;
  await stopping.ready();
  const produce = gateOutputs(outputs, backends, stopping);
  stopping.stop();
  assert.equal((await produce((i, t) => (expected[i] === t ? undefined : assert.unreachable(`output ${i} differs`)))).chunks, chunkBounds(outputs.length).length - 1);

  // Something that cannot be copied to another thread (no backend makes this): the job is not sent.
  const uncopyable = [...outputs, { ...outputs[0]!, path: `${outputs[0]!.path}.extra`, note: () => 0 } as unknown as PendingOutput];
  const worker = OutputWorker.start()!;
  try {
    await worker.ready();
    const { texts, byWorker } = await produced(uncopyable, worker);
    assert.is(byWorker, 0);
    assert.equal(texts.slice(0, outputs.length), expected);
  } finally {
    worker.stop();
  }
});

test('the bundle runs the worker: dist/output-worker.js serialises a job as this thread does', async () => {
  const outputs = pending(generateProject(40, 2));
  assert.equal(await textsFromWorker(join(ROOT, 'dist', 'output-worker.js'), outputs), outputs.map(serialiseOutput));
});

test.run();
