import { Injectable, Logger } from '@nestjs/common';
import type { DeniedReason } from '@review/shared';
import { AppConfig } from '../../../config/app-config.js';
import { CollabRepository } from '../../collab.repository.js';
import { refusalOf, refuse, type WriteStream } from '../write-stream.js';
import { type BatchAttempt, isStored, type PendingRow, type RowOutcome } from './append-batch.js';
import { WriterThread } from './writer-thread.js';

/** What became of a write: stored, refused and why, or `failed` when the server stopped first. */
export type WriteOutcome = RowOutcome | DeniedReason | 'failed';

/** Where a write comes from: its sender's stream, and its message number in it. */
export interface WriteSource {
  stream: WriteStream;
  count: number;
}

interface QueuedWrite extends PendingRow {
  source: WriteSource | undefined;
  resolve(outcome: WriteOutcome): void;
}

const MAX_BATCH = 2_000;
const RETRY_DELAYS_MS = [50, 100, 250, 500, 1_000, 2_000];

/**
 * Group commit for the update log: everything that arrives while a commit is running goes into
 * the next one, as one transaction with one multi-row INSERT across all documents. A write
 * resolves only after its transaction committed, which is when the sender may be told `saved`.
 * Under the report row lock each update is checked once more against the sender's access, so an
 * edit that races a workflow transition is either stored before it or refused after it.
 */
@Injectable()
export class UpdateWriter {
  private readonly logger = new Logger('UpdateWriter');
  private queue: QueuedWrite[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  /** With an external PostgreSQL the transactions run in a thread of their own (see writer-thread.worker.ts). */
  private readonly thread: WriterThread | undefined;

  constructor(
    private readonly store: CollabRepository,
    config: AppConfig,
  ) {
    this.thread = config.databaseUrl === undefined ? undefined : new WriterThread(config.databaseUrl);
    this.thread?.start();
  }

  write(row: Omit<PendingRow, 'stream'>, source?: WriteSource): Promise<WriteOutcome> {
    if (this.stopped) return Promise.resolve('failed');
    return new Promise((resolve) => {
      const { reportId, userId, data, clocks, claims } = row;
      this.queue.push({ reportId, userId, data, clocks, claims, stream: source?.stream.id, source, resolve });
      this.running ??= this.drain();
    });
  }

  /** Waits until everything queued so far is committed (used on shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Refuses new writes, then commits what is queued (giving up after a few failed attempts). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.flush();
    await this.thread?.close();
  }

  private async drain(): Promise<void> {
    // Let the rest of this event-loop turn enqueue before the first commit.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.commit(batch);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async commit(queued: QueuedWrite[]): Promise<void> {
    // Rows after a refused message of their stream are refused without asking the database.
    const batch = queued.filter((w) => {
      const refused = w.source && refusalOf(w.source.stream, w.source.count);
      if (refused) w.resolve(refused);
      return !refused;
    });
    if (batch.length === 0) return;
    const tries: BatchAttempt = {};
    for (let attempt = 0; ; attempt++) {
      try {
        const outcomes = await (this.thread ? this.thread.append(batch, tries) : this.store.appendBatch(batch, tries));
        batch.forEach((w, i) => {
          const outcome = outcomes[i] ?? 'state_changed';
          if (!isStored(outcome) && w.source) refuse(w.source.stream, w.source.count, outcome);
          w.resolve(outcome);
        });
        return;
      } catch (err) {
        // The failed attempt may have committed all the same; the next one looks after the
        // positions the first attempt locked (see BatchAttempt).
        if (tries.seen) tries.before = { ...tries.seen, ...tries.before };
        tries.seen = undefined;
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 2_000;
        this.logger.error(`committing ${batch.length} updates failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${String(err)}`);
        if (this.stopped && attempt >= 3) {
          for (const w of batch) w.resolve('failed');
          return;
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
