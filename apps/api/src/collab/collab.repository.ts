import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { reportLockKey } from '../common/locks.js';
import { returnedRows, txQuery } from '../common/sql.js';
import { appendBatch, type BatchAttempt, type PendingRow, type RowOutcome } from './pipeline/store/append-batch.js';
import { replayUpdates } from '../documents/index.js';

export interface StoredState {
  /** Latest snapshot, then every update after it, in commit order. */
  updates: Uint8Array[];
  lastSeq: number;
  tailCount: number;
  tailBytes: number;
}

/** All queries of the Yjs update log (report_updates), its snapshots and its Yjs client owners. */
@Injectable()
export class CollabRepository {
  private readonly logger = new Logger(CollabRepository.name);

  constructor(private readonly db: DataSource) {}

  async loadState(reportId: string, manager: EntityManager = this.db.manager): Promise<StoredState> {
    const snaps: { upto_seq: string; data: Buffer }[] = await manager.query(
      'SELECT upto_seq, data FROM report_snapshots WHERE report_id = $1 ORDER BY upto_seq DESC LIMIT 1',
      [reportId],
    );
    const snap = snaps[0];
    const from = snap ? Number(snap.upto_seq) : 0;
    const tail: { seq: string; data: Buffer }[] = await manager.query(
      'SELECT seq, data FROM report_updates WHERE report_id = $1 AND seq > $2 ORDER BY seq',
      [reportId, from],
    );
    const updates = snap ? [new Uint8Array(snap.data)] : [];
    let tailBytes = 0;
    for (const row of tail) {
      updates.push(new Uint8Array(row.data));
      tailBytes += row.data.length;
    }
    const last = tail[tail.length - 1];
    return { updates, lastSeq: last ? Number(last.seq) : from, tailCount: tail.length, tailBytes };
  }

  /**
   * How far the report's stored log goes (the last update's seq, or the snapshot's when the log
   * was compacted up to it): the same position always means the same content.
   */
  async storedPosition(reportId: string): Promise<number> {
    const rows: { position: string | null }[] = await this.db.query(
      `SELECT GREATEST((SELECT max(seq) FROM report_updates WHERE report_id = $1),
                       (SELECT max(upto_seq) FROM report_snapshots WHERE report_id = $1)) AS position`,
      [reportId],
    );
    return Number(rows[0]?.position ?? 0);
  }

  /** The document as stored now (snapshot + tail), independent of any in-memory room. */
  async loadDoc(reportId: string, manager?: EntityManager): Promise<Y.Doc> {
    const state = await this.loadState(reportId, manager);
    return docFromLog(state.updates, this.reportSkipped(reportId));
  }

  /** Updates stored after the given seq of each report (catch-up of rooms between nodes). */
  async updatesAfter(heads: { reportId: string; seq: number }[]): Promise<{ reportId: string; seq: number; data: Uint8Array }[]> {
    if (heads.length === 0) return [];
    const rows: { report_id: string; seq: string; data: Buffer }[] = await this.db.query(
      `SELECT u.report_id, u.seq, u.data
         FROM report_updates u
         JOIN unnest($1::uuid[], $2::bigint[]) AS h(id, seq) ON u.report_id = h.id AND u.seq > h.seq
        ORDER BY u.report_id, u.seq`,
      [heads.map((h) => h.reportId), heads.map((h) => h.seq)],
    );
    return rows.map((r) => ({ reportId: r.report_id, seq: Number(r.seq), data: new Uint8Array(r.data) }));
  }

  /** Appends a batch in one transaction (see append-batch.ts); returns what was decided for each row. */
  async appendBatch(rows: PendingRow[], attempt?: BatchAttempt): Promise<RowOutcome[]> {
    return this.db.transaction((tx) => appendBatch(txQuery(tx), rows, attempt));
  }

  /** Stores server-made content (template, import, restore) as one update, by `userId`. */
  async appendServerUpdate(manager: EntityManager, reportId: string, userId: string, update: Uint8Array): Promise<void> {
    const rows = returnedRows<{ log_seq: string }>(
      await manager.query('UPDATE reports SET log_seq = log_seq + 1, updated_at = now() WHERE id = $1 RETURNING log_seq', [
        reportId,
      ]),
    );
    const seq = rows[0]?.log_seq;
    if (seq === undefined) throw new Error(`report ${reportId} not found`);
    await manager.query('INSERT INTO report_updates (report_id, seq, user_id, data) VALUES ($1, $2, $3, $4)', [
      reportId,
      seq,
      userId,
      Buffer.from(update),
    ]);
    // The server's own Yjs clients are the requester's: nobody else may write as them later.
    const clocks = [...Y.parseUpdateMeta(update).to];
    await manager.query(
      `INSERT INTO report_clients (report_id, client_id, user_id, clock)
       SELECT $1, c.client, $3, c.clock FROM unnest($2::bigint[], $4::bigint[]) AS c(client, clock)
       ON CONFLICT (report_id, client_id) DO UPDATE SET clock = GREATEST(report_clients.clock, EXCLUDED.clock)
         WHERE report_clients.user_id = EXCLUDED.user_id`,
      [reportId, clocks.map(([client]) => client), userId, clocks.map(([, clock]) => clock)],
    );
  }

  /**
   * Folds the tail into a new snapshot, computed from the database under a per-report advisory
   * lock so that concurrent compactions (on any node) cannot interleave. Returns the seq covered.
   */
  async compact(reportId: string): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [reportLockKey(reportId)]);
      const state = await this.loadState(reportId, tx);
      if (state.tailCount === 0) return undefined;
      const doc = docFromLog(state.updates, this.reportSkipped(reportId));
      const snapshot = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      await tx.query('INSERT INTO report_snapshots (report_id, upto_seq, data) VALUES ($1, $2, $3)', [
        reportId,
        state.lastSeq,
        Buffer.from(snapshot),
      ]);
      await tx.query('DELETE FROM report_snapshots WHERE report_id = $1 AND upto_seq < $2', [reportId, state.lastSeq]);
      return state.lastSeq;
    });
  }

  private reportSkipped(reportId: string): (index: number, err: unknown) => void {
    return (index, err) => this.logger.error(`report ${reportId}: stored update ${index} of the loaded log does not integrate and is left out (${String(err)})`);
  }

  async updateContentHash(reportId: string, hash: string): Promise<void> {
    await this.db.query('UPDATE reports SET content_hash = $2 WHERE id = $1 AND content_hash <> $2', [reportId, hash]);
  }
}

/** A Y.Doc of stored updates, replayed one by one (see replayUpdates); `skipped` hears of any left out. */
export function docFromLog(updates: Uint8Array[], skipped?: (index: number, err: unknown) => void): Y.Doc {
  return replayUpdates(() => new Y.Doc({ gc: true }), updates, null, skipped);
}
