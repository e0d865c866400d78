/**
 * The last steps of a compile in the CLI: every file through its validation gate, then each file
 * serialised and handed to the writer, with an output worker (`worker.ts`) serialising files on
 * the second core of the machine for a large compile.
 *
 * The order of events:
 * 1. The worker, started before the front end, has loaded the serialisers while this thread
 *    parsed and checked. It is sent the pending outputs, and starts serialising.
 * 2. This thread gates every file, in order (`gateOutputs`). The first file that fails stops the
 *    compile (`ValidationGateError`, a bug in meshc) before the writer has done anything.
 * 3. The writer prepares its folders, then this thread serialises files too, and hands over each
 *    file as its text is ready, its own and the worker's, so that the writer's file-system work
 *    overlaps the worker's serialising.
 *
 * The outputs are cut into chunks; each thread takes the next chunk from a counter they share
 * (`Atomics.add`), so that neither waits while there is work, whatever each thread's speed. The
 * few very large files (`isLarge`) are not shared: this thread serialises them first. Every
 * text is a pure function of its output, so the bytes written do not depend on which thread made
 * them. The worker only speeds things up: if it cannot start, cannot be sent the outputs, stops,
 * or fails on a chunk, this thread serialises what the worker did not deliver.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { gateOutput, type Backends, type PendingOutput } from '../targets.ts';
import { isLarge, serialiseOutput } from './serialise.ts';

/** What this thread sends the worker, once per compile. */
export interface ChunkJob {
  outputs: readonly PendingOutput[];
  /** Chunk `c` is the outputs from `bounds[c]` up to, not including, `bounds[c + 1]`. */
  bounds: number[];
  /** One 32-bit counter: the next chunk to take. */
  claims: SharedArrayBuffer;
  /** Where the worker sends a `WorkerReport` for each chunk it takes. */
  reports: MessagePort;
}

/** What the worker sends back for each chunk it took. */
export type WorkerReport = { chunk: number; texts: string[] } | { chunk: number; failed: true };

/** Receives each file's text, by its index in the outputs, in any order. */
export type Deliver = (index: number, text: string) => void;

/** Enough chunks that the threads end close together, few enough that messages cost little. */
const CHUNKS = 128;

/** A running output worker: `start` it before the front end, `stop` it when the compile is done. */
export class OutputWorker {
  private ended = false;
  private readonly endListeners = new Set<() => void>();
  private readonly loaded: Promise<boolean>;
  private holds = 0;

  private constructor(private readonly thread: Worker) {
    this.loaded = new Promise((resolve) => {
      thread.once('message', () => resolve(true));
      this.endListeners.add(() => resolve(false));
    });
    // An error or exit of the thread ends its part: the main thread does the rest.
    const end = () => {
      this.ended = true;
      for (const listener of this.endListeners) listener();
    };
    thread.on('error', end);
    thread.on('exit', end);
    // An idle worker never keeps the process alive (a compile that stops at its diagnostics
    // does not wait for it); `WorkerReports.wait` holds it while this thread waits for texts.
    thread.unref();
  }

  /**
   * Starts a worker, which loads the serialisers at once; undefined when no worker can be
   * started here (a bundle without the worker's script).
   */
  static start(): OutputWorker | undefined {
    try {
      const thread = startThread();
      return thread ? new OutputWorker(thread) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Sends the worker its job; the reports, or undefined when the job cannot be sent. */
  send(outputs: readonly PendingOutput[], bounds: number[], claims: SharedArrayBuffer): WorkerReports | undefined {
    if (this.ended) return undefined;
    const { port1, port2 } = new MessageChannel();
    try {
      this.thread.postMessage({ outputs, bounds, claims, reports: port2 } satisfies ChunkJob, [port2]);
      return new WorkerReports(port1, this);
    } catch {
      port1.close();
      return undefined;
    }
  }

  /** Whether the thread has stopped; `listener` is called when it does. */
  onEnd(listener: () => void): boolean {
    this.endListeners.add(listener);
    return this.ended;
  }

  offEnd(listener: () => void): void {
    this.endListeners.delete(listener);
  }

  /**
   * Resolves true once the worker has loaded the serialisers, false if it stops first. A compile
   * need not wait for this (a job sent earlier waits in the worker's queue); tests do.
   */
  async ready(): Promise<boolean> {
    this.hold();
    try {
      return await this.loaded;
    } finally {
      this.release();
    }
  }

  /** Keeps the process alive while this thread waits for the worker. */
  hold(): void {
    if (this.holds++ === 0) this.thread.ref();
  }

  release(): void {
    if (--this.holds === 0) this.thread.unref();
  }

  stop(): void {
    void this.thread.terminate();
  }
}

/** The worker's reports of one job, read without waiting or waited for. */
export class WorkerReports {
  constructor(
    private readonly port: MessagePort,
    private readonly worker: OutputWorker,
  ) {}

  /** Every report that has arrived, without waiting. */
  drain(handle: (report: WorkerReport) => void): void {
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) handle(received.message as WorkerReport);
  }

  /** Waits for reports while `pending()` holds and the worker runs; then stops listening. */
  async wait(pending: () => boolean, handle: (report: WorkerReport) => void): Promise<void> {
    try {
      this.drain(handle);
      if (pending()) await this.next(pending, handle);
    } finally {
      this.port.close();
    }
  }

  private async next(pending: () => boolean, handle: (report: WorkerReport) => void): Promise<void> {
    this.worker.hold();
    try {
      await new Promise<void>((resolve) => {
        const finish = () => {
          this.port.off('message', onMessage);
          this.worker.offEnd(finish);
          resolve();
        };
        const onMessage = (report: WorkerReport) => {
          handle(report);
          if (!pending()) finish();
        };
        this.port.on('message', onMessage);
        if (this.worker.onEnd(finish)) finish();
      });
    } finally {
      this.worker.release();
    }
  }
}

/**
 * How the texts of a compile were made: how many large files this thread kept, in how many chunks
 * the others were shared, and how many of those the worker serialised.
 */
export interface SerialiseStats {
  large: number;
  chunks: number;
  byWorker: number;
}

/**
 * Gates every output, in order, while the worker, when given, starts serialising them; throws
 * `ValidationGateError` for the first output that fails. Returns the function that serialises
 * the outputs (with the worker) and hands each text to `deliver`.
 */
export function gateOutputs(outputs: readonly PendingOutput[], backends: Backends, worker?: OutputWorker): (deliver: Deliver) => Promise<SerialiseStats> {
  // The few large files stay here; the others are shared in chunks, by their index in `shared`.
  const large: number[] = [];
  const shared: number[] = [];
  outputs.forEach((output, i) => (isLarge(output) ? large : shared).push(i));
  const bounds = chunkBounds(shared.length);
  const chunks = bounds.length - 1;
  const claims = new Int32Array(new SharedArrayBuffer(4));
  const reports = worker?.send(
    shared.map((i) => outputs[i]!),
    bounds,
    claims.buffer as SharedArrayBuffer,
  );
  for (const output of outputs) gateOutput(backends, output);

  return async (deliver) => {
    let byWorker = 0;
    const delivered = new Set<number>();
    const failed = new Set<number>();
    const mine = new Set<number>();
    const deliverChunk = (chunk: number, texts: readonly string[]) => {
      texts.forEach((text, k) => deliver(shared[bounds[chunk]! + k]!, text));
      delivered.add(chunk);
    };
    const serialiseChunk = (chunk: number) => {
      const texts: string[] = [];
      for (let k = bounds[chunk]!; k < bounds[chunk + 1]!; k++) texts.push(serialiseOutput(outputs[shared[k]!]!));
      deliverChunk(chunk, texts);
    };
    const handle = (report: WorkerReport) => {
      if ('texts' in report) {
        deliverChunk(report.chunk, report.texts);
        byWorker++;
      } else failed.add(report.chunk);
    };

    // The large files first, while the worker works through the shared chunks.
    for (const i of large) {
      deliver(i, serialiseOutput(outputs[i]!));
      reports?.drain(handle);
    }
    for (let chunk = Atomics.add(claims, 0, 1); chunk < chunks; chunk = Atomics.add(claims, 0, 1)) {
      mine.add(chunk);
      serialiseChunk(chunk);
      reports?.drain(handle);
    }
    // Every chunk is taken now: those not taken here are the worker's.
    const theirs = [...Array(chunks).keys()].filter((c) => !mine.has(c));
    await reports?.wait(() => theirs.some((c) => !delivered.has(c) && !failed.has(c)), handle);
    for (const chunk of theirs) if (!delivered.has(chunk)) serialiseChunk(chunk);
    return { large: large.length, chunks, byWorker };
  };
}

/** `CHUNKS` chunks of nearly equal numbers of outputs (fewer when there are fewer outputs). */
export function chunkBounds(count: number): number[] {
  const chunks = Math.min(CHUNKS, count);
  const bounds = [0];
  for (let c = 1; c <= chunks; c++) bounds.push(Math.round((c * count) / chunks));
  return bounds;
}

/**
 * The worker thread: from the bundle's `output-worker.js` (beside the bundle's entry, which is
 * this file or the parent of the chunk folder this file is in), or, when meshc runs from its
 * TypeScript sources (the tests, under tsx), from `worker.ts` through tsx's loader, which a worker
 * thread does not inherit.
 */
function startThread(): Worker | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./worker.ts', here).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(here)}))`, { eval: true });
  }
  for (const candidate of ['./output-worker.js', '../output-worker.js']) {
    const script = new URL(candidate, here);
    if (existsSync(script)) return new Worker(script);
  }
  return undefined;
}
