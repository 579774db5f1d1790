// The group commit's transactions, in a worker thread with a database connection of its own:
// however busy the main thread is with sockets, commits go on at the database's pace, and the
// database driver's work is off the main thread. Used with an external PostgreSQL; the embedded
// database lives in the main thread and is written from there.
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { appendBatch } from './append-batch.js';
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
  commit(req.rows).then(
    (accepted) => port.postMessage({ id: req.id, accepted } satisfies WriterReply),
    (err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies WriterReply),
  );
});

async function commit(rows: WriterRequest['rows']): Promise<boolean[]> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    const accepted = await appendBatch(async (sql, params) => (await client.query(sql, params)).rows, rows);
    await client.query('COMMIT');
    return accepted;
  } catch (err) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    // A connection that failed mid-transaction is closed rather than reused.
    client.release(failed);
  }
}
