// The group commit's transactions, in a worker thread with a database connection of its own:
// however busy the main thread is with sockets, commits go on at the database's pace, and the
// database driver's work is off the main thread. Used with an external PostgreSQL; the embedded
// database lives in the main thread and is written from there.
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { appendBatch, type BatchAttempt, type RowOutcome } from './append-batch.js';
import type { WriterReply, WriterRequest } from './writer-thread.js';

const port = parentPort;
if (!port) throw new Error('writer-thread.worker must run in a worker thread');

const pool = new pg.Pool({
  connectionString: (workerData as { databaseUrl: string }).databaseUrl,
  max: 1,
  application_name: 'review-api-writer',
  connectionTimeoutMillis: 10_000,
});
// An idle connection that breaks is dropped by the pool; the next commit opens a new one.
pool.on('error', () => undefined);

port.on('message', (req: WriterRequest) => {
  const attempt: BatchAttempt = {
    before: req.before,
    onLocked: (locked) => port.postMessage({ id: req.id, locked } satisfies WriterReply),
  };
  commit(req.rows, attempt).then(
    (outcomes) => port.postMessage({ id: req.id, outcomes } satisfies WriterReply),
    (err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies WriterReply),
  );
});

async function commit(rows: WriterRequest['rows'], attempt: BatchAttempt): Promise<RowOutcome[]> {
  const client = await pool.connect();
  let failed = false;
  // A connection that breaks mid-transaction also emits `error`; unheard, it would end the thread
  // (and with it what this attempt saw). The query in progress rejects as well.
  const broken = () => {
    failed = true;
  };
  client.on('error', broken);
  try {
    await client.query('BEGIN');
    const outcomes = await appendBatch(async (sql, params) => (await client.query(sql, params)).rows, rows, attempt);
    await client.query('COMMIT');
    return outcomes;
  } catch (err) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', broken);
    // A connection that failed mid-transaction is closed rather than reused.
    client.release(failed);
  }
}
