import { Worker } from 'node:worker_threads';
import type { BatchAttempt, LogPositions, PendingRow, RowOutcome } from './append-batch.js';

export interface WriterRequest {
  id: number;
  rows: PendingRow[];
  before?: LogPositions;
}

/** The outcome of a request; before it, `locked` with the log positions its attempt locked. */
export type WriterReply =
  | { id: number; locked: LogPositions }
  | { id: number; outcomes: RowOutcome[] }
  | { id: number; error: string };

/**
 * The main thread's side of the writer thread (writer-thread.worker.ts): sends a batch, resolves
 * with which rows were stored once their transaction committed, rejects when it failed or the
 * thread died (a new thread is started for the next batch).
 */
export class WriterThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { attempt: BatchAttempt; resolve(outcomes: RowOutcome[]): void; reject(err: Error): void }
  >();

  constructor(private readonly databaseUrl: string) {}

  append(rows: PendingRow[], attempt: BatchAttempt = {}): Promise<RowOutcome[]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { attempt, resolve, reject });
      const plain = rows.map(({ reportId, userId, data, clocks, claims, stream }) => ({ reportId, userId, data, clocks, claims, stream }));
      worker.postMessage({ id, rows: plain, before: attempt.before } satisfies WriterRequest);
    });
  }

  /** Starts the thread now rather than with the first batch. */
  start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./writer-thread.worker.js', import.meta.url), {
      workerData: { databaseUrl: this.databaseUrl },
    });
    worker.on('message', (reply: WriterReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      // Known before the outcome, so that a thread dying mid-COMMIT still leaves them to the retry.
      if ('locked' in reply) {
        waiter.attempt.seen = reply.locked;
        return;
      }
      this.pending.delete(reply.id);
      if ('error' in reply) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply.outcomes);
    });
    const gone = (reason: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(new Error(reason));
      this.pending.clear();
    };
    worker.on('error', (err) => gone(`writer thread failed: ${err.message}`));
    worker.on('exit', (code) => gone(`writer thread exited (${code})`));
    // The process may exit without waiting for it; shutdown flushes and closes it first.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
