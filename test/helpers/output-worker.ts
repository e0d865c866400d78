/**
 * Running a bundled output worker (`dist/output-worker.js`, or the VS Code extension's copy) on its
 * own: it is sent one job, takes every chunk (nothing else takes any), and its texts are returned
 * in output order, to be compared with what the main thread makes of the same outputs.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { chunkBounds, type WorkerReport } from '../../compiler/output/parallel.ts';
import type { PendingOutput } from '../../compiler/targets.ts';

export async function textsFromWorker(script: string, outputs: readonly PendingOutput[]): Promise<string[]> {
  const bounds = chunkBounds(outputs.length);
  const worker = new Worker(script);
  try {
    const { port1, port2 } = new MessageChannel();
    const texts: string[] = [];
    let reported = 0;
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      port1.on('message', (report: WorkerReport) => {
        if (!('texts' in report)) return reject(new Error(`chunk ${report.chunk} failed`));
        report.texts.forEach((t, k) => (texts[bounds[report.chunk]! + k] = t));
        if (++reported === bounds.length - 1) resolve();
      });
      worker.postMessage({ outputs, bounds, claims: new SharedArrayBuffer(4), reports: port2 }, [port2]);
    });
    port1.close();
    return texts;
  } finally {
    await worker.terminate();
  }
}
