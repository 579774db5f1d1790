// The store's decision under the report row lock, against real SQL (in-memory PGlite with the
// app's migrations): who may store in which state, Yjs client ownership (with items of another's
// client that are stored already told apart from new ones), a sender's stream refused after its
// first refusal, and a retried batch that finds its rows already stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type MemoryDatabase, memoryDatabase, reportWithParties } from '../../../database/testing/memory-database.js';
import { appendBatch, type PendingRow } from './append-batch.js';

let bytes = 0;
/** A row of `userId` carrying items of the given clients up to the given clocks; all of them looked up (claims). */
function row(reportId: string, userId: string, clocks: [number, number][] = [], extra: Partial<PendingRow> = {}): PendingRow {
  bytes += 1;
  return { reportId, userId, data: new Uint8Array([bytes % 256, bytes >> 8]), clocks, claims: clocks.map(([c]) => c), ...extra };
}

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
  const owners = async (reportId: string) =>
    (
      await db.query<{ client_id: number; user_id: string; clock: number }>(
        'SELECT client_id, user_id, clock FROM report_clients WHERE report_id = $1 ORDER BY client_id',
        [reportId],
      )
    ).map((o) => [Number(o.client_id), o.user_id, Number(o.clock)]);

  test('stores what the access table allows in the report’s state, refuses the rest', async () => {
    const p = await reportWithParties(db, 'in_review');
    const rows = [row(p.reportId, p.reviewerId), row(p.reportId, p.authorId)];
    assert.deepEqual(await db.transaction((q) => appendBatch(q, rows)), ['stored', 'state_changed']);
    assert.deepEqual(await stored(p.reportId), [{ seq: 1, userId: p.reviewerId }]);
    const [report] = await db.query<{ log_seq: number }>('SELECT log_seq FROM reports WHERE id = $1', [p.reportId]);
    assert.equal(Number(report?.log_seq), 1, 'the log position moved with the insert');
  });

  test('a Yjs client belongs to the first user who stores its items; new items of another’s client are refused', async () => {
    const p = await reportWithParties(db);
    const first = await db.transaction((q) =>
      appendBatch(q, [
        row(p.reportId, p.authorId, [[7, 3]]),
        // The same client in the same batch by someone else, beyond the author's items: refused.
        row(p.reportId, p.reviewerId, [[7, 5]]),
      ]),
    );
    assert.deepEqual(first, ['stored', 'foreign_items']);
    const later = await db.transaction((q) =>
      appendBatch(q, [
        row(p.reportId, p.reviewerId, [[7, 4], [8, 1]]),
        row(p.reportId, p.authorId, [[7, 4]]),
        row(p.reportId, p.reviewerId, [[8, 2]]),
      ]),
    );
    assert.deepEqual(later, ['foreign_items', 'stored', 'stored']);
    assert.deepEqual(await owners(p.reportId), [
      [7, p.authorId, 4],
      [8, p.reviewerId, 2],
    ], 'a refused row claims nothing; stored rows advance their clients’ clocks');
  });

  test('items of another’s client that are stored already (a re-sync after an outage) are not new: the row is stored', async () => {
    const p = await reportWithParties(db);
    await db.transaction((q) => appendBatch(q, [row(p.reportId, p.authorId, [[20, 10]])]));
    const resync = row(p.reportId, p.reviewerId, [[20, 10], [21, 3]]);
    assert.deepEqual(await db.transaction((q) => appendBatch(q, [resync])), ['stored_with_others']);
    assert.deepEqual(await owners(p.reportId), [
      [20, p.authorId, 10],
      [21, p.reviewerId, 3],
    ]);
    assert.deepEqual(await db.transaction((q) => appendBatch(q, [row(p.reportId, p.reviewerId, [[20, 11]])])), ['foreign_items']);
  });

  test('after one refused row, the rest of that sender’s stream is refused; other streams are not', async () => {
    const p = await reportWithParties(db);
    await db.transaction((q) => appendBatch(q, [row(p.reportId, p.authorId, [[40, 1]])]));
    const outcomes = await db.transaction((q) =>
      appendBatch(q, [
        row(p.reportId, p.reviewerId, [], { stream: 1 }),
        row(p.reportId, p.reviewerId, [[40, 2]], { stream: 1 }),
        row(p.reportId, p.reviewerId, [], { stream: 1 }),
        row(p.reportId, p.reviewerId, [], { stream: 2 }),
      ]),
    );
    assert.deepEqual(outcomes, ['stored', 'foreign_items', 'foreign_items', 'stored']);
  });

  test('a retry after a lost commit answer finds its rows stored and does not store them twice', async () => {
    const p = await reportWithParties(db);
    const rows = [row(p.reportId, p.authorId), row(p.reportId, p.authorId)];
    const first: { seen?: Record<string, number> } = {};
    await db.transaction((q) => appendBatch(q, rows, first));
    assert.ok(first.seen);
    // The answer was lost: the next attempt is told where the first one started.
    const retry = await db.transaction((q) => appendBatch(q, rows, { before: first.seen }));
    assert.deepEqual(retry, ['stored', 'stored']);
    assert.equal((await stored(p.reportId)).length, 2);
  });
});
