// The backfill of a report's checks override from its audit trail: the latest submission decides.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { QueryRunner } from 'typeorm';
import { type MemoryDatabase, memoryDatabase, reportWithParties } from './testing/memory-database.js';
import { ChecksOverride1733100000000 } from './migrations/1733100000000-checks-override.js';

let db: MemoryDatabase;
before(async () => {
  db = await memoryDatabase();
});
after(() => db.close());

const runner = () => ({ query: (sql: string, params?: unknown[]) => db.query(sql, params ?? []) }) as unknown as QueryRunner;

/** Appends submit events with these details, in order (the chain's hashes do not matter here). */
async function submits(reportId: string, authorId: string, ...details: Record<string, unknown>[]): Promise<void> {
  for (const [i, d] of details.entries()) {
    await db.query(
      `INSERT INTO audit_events (report_id, seq, at, actor_id, action, details, prev_hash, hash) VALUES ($1, $2, now(), $3, 'submit', $4, '', '')`,
      [reportId, i + 1, authorId, JSON.stringify({ from: 'draft', to: 'in_review', ...d })],
    );
  }
}

const overrideOf = async (reportId: string) =>
  (await db.query<{ reason: string | null; problems: number | null }>(
    'SELECT override_reason AS reason, overridden_problems AS problems FROM reports WHERE id = $1',
    [reportId],
  ))[0];

test('reports submitted before take the override of their latest submission', async () => {
  const migration = new ChecksOverride1733100000000();
  await migration.down(runner());
  const overriding = await reportWithParties(db, 'in_review');
  await submits(overriding.reportId, overriding.authorId, {}, { overrideReason: '模板占位符已与审核人确认', overriddenProblems: 2 });
  const passedLater = await reportWithParties(db, 'in_review');
  await submits(passedLater.reportId, passedLater.authorId, { overrideReason: '先交初稿', overriddenProblems: 1 }, {});
  const reasonWithoutProblems = await reportWithParties(db, 'in_review');
  await submits(reasonWithoutProblems.reportId, reasonWithoutProblems.authorId, { overrideReason: '以防万一' });
  const draft = await reportWithParties(db, 'draft');

  await migration.up(runner());
  assert.deepEqual(await overrideOf(overriding.reportId), { reason: '模板占位符已与审核人确认', problems: 2 });
  for (const r of [passedLater, reasonWithoutProblems, draft]) {
    assert.deepEqual(await overrideOf(r.reportId), { reason: null, problems: null });
  }
});
