import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { AppError } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import type { DocumentReply, DocumentRequest } from './document.worker.js';
import type { DocumentResults, DocumentTask } from './document-tasks.js';

interface Job {
  id: number;
  task: DocumentTask;
  label: string;
  startedAt?: number;
  resolve(result: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** A task running longer than this is taken as stuck: its thread is ended and a new one started. */
const TASK_TIMEOUT_MS = 60_000;
/** Heap of one worker thread: a document within the size limit needs a fraction of it. */
const WORKER_HEAP_MB = 1024;

/**
 * Whole-document work (content, checks, export, diff) on a small pool of worker threads, so that
 * a large document never holds the event loop; and its results kept per key (a report's log
 * position, a version's id), so that the same content is worked on once however often it is
 * asked for. Concurrent requests for one key share one run.
 */
@Injectable()
export class DocumentWork implements OnModuleDestroy {
  private readonly logger = new Logger('DocumentWork');
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly cache = new Map<string, { value: unknown; bytes: number }>();
  private cacheBytes = 0;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly config: AppConfig) {}

  /** Runs `task` on a worker thread; `label` names it in logs. */
  run<T extends DocumentTask>(task: T, label: string): Promise<DocumentResults[T['kind']]> {
    if (this.closed) return Promise.reject(new AppError('unavailable', 503, 'The server is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, label, resolve: resolve as (r: unknown) => void, reject });
      this.dispatch();
    });
  }

  /**
   * The value kept under `key`, or `compute`'s (kept afterwards, the least recently used values
   * leaving once they hold more than the cache's share of memory). One computation per key at a time.
   */
  async cached<V>(key: string, compute: () => Promise<V>, sizeOf: (value: V) => number): Promise<V> {
    const hit = this.cache.get(key);
    if (hit) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.value as V;
    }
    const running = this.inFlight.get(key);
    if (running) return running as Promise<V>;
    const computing = compute().then((value) => {
      this.keep(key, value, sizeOf(value));
      return value;
    });
    this.inFlight.set(key, computing);
    try {
      return await computing;
    } finally {
      this.inFlight.delete(key);
    }
  }

  onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new AppError('unavailable', 503, 'The server is shutting down'));
    return Promise.all(this.slots.splice(0).map((s) => s.worker.terminate())).then(() => undefined);
  }

  private keep(key: string, value: unknown, bytes: number): void {
    const budget = this.config.documentCacheBytes;
    if (bytes > budget / 4) return;
    this.cache.set(key, { value, bytes });
    this.cacheBytes += bytes;
    for (const [k, entry] of this.cache) {
      if (this.cacheBytes <= budget) break;
      this.cache.delete(k);
      this.cacheBytes -= entry.bytes;
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.job) ?? (this.slots.length < this.config.documentWorkers ? this.spawn() : undefined);
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.job = job;
      job.startedAt = performance.now();
      slot.timer = setTimeout(() => this.fail(slot, `${job.label}: no answer after ${TASK_TIMEOUT_MS / 1000} s`), TASK_TIMEOUT_MS);
      slot.worker.postMessage({ id: job.id, task: job.task } satisfies DocumentRequest);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./document.worker.js', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const slot: Slot = { worker, job: undefined, timer: undefined };
    worker.on('message', (reply: DocumentReply) => {
      const job = slot.job;
      if (!job || reply.id !== job.id) return;
      clearTimeout(slot.timer);
      slot.job = undefined;
      if ('error' in reply) job.reject(new Error(`${job.label}: ${reply.error}`));
      else {
        this.logger.debug(`${job.label}: ${job.task.kind} worked out in ${Math.round(performance.now() - (job.startedAt ?? 0))} ms`);
        if (reply.outcome.skipped.length > 0) {
          this.logger.warn(`${job.label}: updates ${reply.outcome.skipped.join(', ')} of the stored log did not integrate and were left out`);
        }
        job.resolve(reply.outcome.result);
      }
      this.dispatch();
    });
    worker.on('error', (err) => this.fail(slot, `document worker failed: ${err.message}`));
    worker.on('exit', (code) => this.fail(slot, `document worker exited (${code})`));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** The slot's thread is gone or stuck: its job fails, and the next job gets a new thread. */
  private fail(slot: Slot, reason: string): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    if (slot.job) {
      this.logger.error(reason);
      slot.job.reject(new AppError('internal_error', 500, 'The document could not be worked on'));
    }
    if (!this.closed) this.dispatch();
  }
}
