/**
 * The output worker: a second thread that serialises files of a large compile while the main
 * thread gates them and serialises others (`parallel.ts`).
 *
 * It is started before the front end runs, and loads only the serialisers (`serialise.ts`), so
 * that it takes little from the main thread's parse and check, which run meanwhile. It then
 * receives the compile's pending outputs once, takes chunks of them one at a time from the
 * counter it shares with the main thread, and sends each chunk's texts back. A chunk that throws
 * is reported as failed and left to the main thread, which serialises it again and reports the
 * error as it would any other.
 */
import { parentPort } from 'node:worker_threads';
import { serialiseOutput } from './serialise.ts';
import type { ChunkJob, WorkerReport } from './parallel.ts';

// Loaded: the main thread may send the job (it need not wait for this).
parentPort!.postMessage('ready');

parentPort!.on('message', (job: ChunkJob) => {
  const claims = new Int32Array(job.claims);
  const chunks = job.bounds.length - 1;
  for (let chunk = Atomics.add(claims, 0, 1); chunk < chunks; chunk = Atomics.add(claims, 0, 1)) {
    let report: WorkerReport;
    try {
      const texts: string[] = [];
      for (let i = job.bounds[chunk]!; i < job.bounds[chunk + 1]!; i++) texts.push(serialiseOutput(job.outputs[i]!));
      report = { chunk, texts };
    } catch {
      report = { chunk, failed: true };
    }
    job.reports.postMessage(report);
  }
});
