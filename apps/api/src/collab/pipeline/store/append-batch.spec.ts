// The store's decision under the report row lock, against real SQL (in-memory PGlite with the
// app's migrations): who may store in which state, Yjs client ownership, a sender's stream
// refused after its first refusal, and a retried batch that finds its rows already stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MemoryDatabase, memoryDatabase, reportWithParties } from '../../../database/testing/memory-database.js';
import { appendBatch, type PendingRow } from './append-batch.js';

const bytes = (...xs: number[]) => new Uint8Array(xs);

describe('appendBatch', () => {
  let db: MemoryDatabase;
  before(async () => {
    db = await memoryDatabase();
  });
  after(() => db.close());

  const stored = async (reportId: string) =>
    (await db.query<{ seq: number; user_id: string }>('SELECT seq, user_id FROM report_updates WHERE report_id = $1 ORDER BY seq', [reportId])).map(
      (r) => ({ seq: Number(r.seq), userId: r.user_id }),
    );

  test('stores what the access table allows in the report’s state, refuses the rest', async () => {
    const p = await reportWithParties(db, 'in_review');
    const rows: PendingRow[] = [
      { reportId: p.reportId, userId: p.reviewerId, data: bytes(1) },
      { reportId: p.reportId, userId: p.authorId, data: bytes(2) },
    ];
    assert.deepEqual(await db.transaction((q) => appendBatch(q, rows)), ['stored', 'state_changed']);
    assert.deepEqual(await stored(p.reportId), [{ seq: 1, userId: p.reviewerId }]);
    const [report] = await db.query<{ log_seq: number }>('SELECT log_seq FROM reports WHERE id = $1', [p.reportId]);
    assert.equal(Number(report?.log_seq), 1, 'the log position moved with the insert');
  });

  test('a Yjs client belongs to the first user who stores its items; another user’s items are refused', async () => {
    const p = await reportWithParties(db);
    const first = await db.transaction((q) =>
      appendBatch(q, [
        { reportId: p.reportId, userId: p.authorId, data: bytes(1), claims: [7] },
        // The same client claimed in the same batch by someone else: the first claim wins.
        { reportId: p.reportId, userId: p.reviewerId, data: bytes(2), claims: [7] },
      ]),
    );
    assert.deepEqual(first, ['stored', 'foreign_items']);
    const later = await db.transaction((q) =>
      appendBatch(q, [
        { reportId: p.reportId, userId: p.reviewerId, data: bytes(3), claims: [7, 8] },
        { reportId: p.reportId, userId: p.authorId, data: bytes(4), claims: [7] },
        { reportId: p.reportId, userId: p.reviewerId, data: bytes(5), claims: [8] },
      ]),
    );
    assert.deepEqual(later, ['foreign_items', 'stored', 'stored']);
    const owners = await db.query<{ client_id: number; user_id: string }>(
      'SELECT client_id, user_id FROM report_clients WHERE report_id = $1 ORDER BY client_id',
      [p.reportId],
    );
    assert.deepEqual(
      owners.map((o) => [Number(o.client_id), o.user_id]),
      [
        [7, p.authorId],
        [8, p.reviewerId],
      ],
    );
  });

  test('after one refused row, the rest of that sender’s stream is refused; other streams are not', async () => {
    const p = await reportWithParties(db);
    await db.transaction((q) => appendBatch(q, [{ reportId: p.reportId, userId: p.authorId, data: bytes(1), claims: [40] }]));
    const outcomes = await db.transaction((q) =>
      appendBatch(q, [
        { reportId: p.reportId, userId: p.reviewerId, data: bytes(2), stream: 1 },
        { reportId: p.reportId, userId: p.reviewerId, data: bytes(3), stream: 1, claims: [40] },
        { reportId: p.reportId, userId: p.reviewerId, data: bytes(4), stream: 1 },
        { reportId: p.reportId, userId: p.reviewerId, data: bytes(5), stream: 2 },
      ]),
    );
    assert.deepEqual(outcomes, ['stored', 'foreign_items', 'foreign_items', 'stored']);
  });

  test('a retry after a lost commit answer finds its rows stored and does not store them twice', async () => {
    const p = await reportWithParties(db);
    const rows: PendingRow[] = [
      { reportId: p.reportId, userId: p.authorId, data: bytes(9, 9) },
      { reportId: p.reportId, userId: p.authorId, data: bytes(8, 8) },
    ];
    const first: { seen?: Record<string, number> } = {};
    await db.transaction((q) => appendBatch(q, rows, first));
    assert.ok(first.seen);
    // The answer was lost: the next attempt is told where the first one started.
    const retry = await db.transaction((q) => appendBatch(q, rows, { before: first.seen }));
    assert.deepEqual(retry, ['stored', 'stored']);
    assert.equal((await stored(p.reportId)).length, 2);
  });
});
