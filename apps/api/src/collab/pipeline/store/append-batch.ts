import type { TeamRole } from '@review/shared';
import type { TxQuery } from '../../../common/sql.js';
import { lockManyForAccess, type ReportAccessRow, standingOf } from '../../../reports/report-access.js';

/**
 * What the store decided on a row: stored (`stored_with_others` when it also carried items of
 * other users' clients that were stored already, as a re-sync after an outage does), or refused
 * and why.
 */
export type RowOutcome = 'stored' | 'stored_with_others' | 'state_changed' | 'foreign_items';

/** An update waiting to be stored, by its sender. */
export interface PendingRow {
  reportId: string;
  userId: string;
  data: Uint8Array;
  /** Per Yjs client whose items the update carries, the clock after its last one: [client, end][]. */
  clocks: [number, number][];
  /** Of those, the clients the room has not confirmed as the sender's: their owners are looked up. */
  claims?: number[];
  /** The sender's stream (one socket in one report): rows after a refused one are refused too. */
  stream?: number;
}

/** Each report's log position (`reports.log_seq`), by report id. */
export type LogPositions = Record<string, number>;

/**
 * One batch's attempts at being committed. An attempt records the log positions it saw under the
 * lock (`seen`). When an attempt fails, its outcome may be unknown (the connection broke during
 * COMMIT, which may have committed); the next attempt is given the positions of the first one
 * (`before`) and counts rows it finds stored after them, byte for byte, as its own, instead of
 * storing them twice.
 */
export interface BatchAttempt {
  before?: LogPositions;
  seen?: LogPositions;
  /** Told the positions as soon as they are locked (the writer thread passes them on at once). */
  onLocked?(seen: LogPositions): void;
}

/** May this row be stored: the sender has edit access to the report, read under its row lock. */
export function mayStore(row: PendingRow, report: ReportAccessRow, role: TeamRole | undefined): boolean {
  return standingOf(report, row.userId, role).access === 'edit';
}

/**
 * Appends a batch of updates inside the caller's transaction, in two statements (three when a row
 * carries Yjs clients the room could not confirm as its sender's). The reports rows are locked in
 * id order (so nodes never deadlock) and read with the roles of the batch's senders in their
 * teams. Then, row by row in arrival order:
 * - a row after a refused row of the same stream is refused too (it may build on it);
 * - `mayStore` decides whether its sender may edit the report in its state;
 * - a row with new items of a client that another user owns is refused (`foreign_items`); items
 *   of another's client that are stored already (below the clock stored for that client) are not
 *   new, and a client nobody owns yet becomes the sender's.
 * Finally the stored rows are inserted, each report's log position advanced, and the clients'
 * owners and clocks written, in one statement. Shared by the writer on the main thread (embedded
 * database) and the writer thread.
 */
export async function appendBatch(query: TxQuery, rows: PendingRow[], attempt: BatchAttempt = {}): Promise<RowOutcome[]> {
  const reportIds = [...new Set(rows.map((r) => r.reportId))];
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const reports = await lockManyForAccess(query, reportIds, userIds);
  attempt.seen = Object.fromEntries(reports.map((r) => [r.id, r.logSeq]));
  attempt.onLocked?.(attempt.seen);
  const earlier = attempt.before ? await storedSince(query, attempt.before) : undefined;
  const byId = new Map(reports.map((r) => [r.id, r]));
  const clients = await ownersOf(query, rows);
  const refusedStreams = new Map<number, RowOutcome>();
  const already: boolean[] = [];
  const outcomes = rows.map((row, i): RowOutcome => {
    already[i] = earlier?.has(rowKey(row.reportId, row.data)) === true;
    if (already[i]) return 'stored';
    const report = byId.get(row.reportId);
    const outcome: RowOutcome =
      row.stream !== undefined && refusedStreams.has(row.stream)
        ? (refusedStreams.get(row.stream) as RowOutcome)
        : report === undefined || !mayStore(row, report, report.roles[row.userId])
          ? 'state_changed'
          : clients.take(row);
    if ((outcome === 'state_changed' || outcome === 'foreign_items') && row.stream !== undefined) refusedStreams.set(row.stream, outcome);
    return outcome;
  });

  const next = new Map(reports.map((r) => [r.id, r.logSeq]));
  const ids: string[] = [];
  const seqs: number[] = [];
  const users: string[] = [];
  const datas: Buffer[] = [];
  rows.forEach((row, i) => {
    if (already[i] || !isStored(outcomes[i])) return;
    const seq = (next.get(row.reportId) ?? 0) + 1;
    next.set(row.reportId, seq);
    ids.push(row.reportId);
    seqs.push(seq);
    users.push(row.userId);
    datas.push(Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength));
  });
  if (ids.length > 0) {
    const changed = reports.filter((r) => next.get(r.id) !== r.logSeq);
    const owned = clients.toWrite();
    await query(
      `WITH stored AS (
         INSERT INTO report_updates (report_id, seq, user_id, data)
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::bytea[])
       ), owned AS (
         INSERT INTO report_clients (report_id, client_id, user_id, clock)
         SELECT * FROM unnest($7::uuid[], $8::bigint[], $9::uuid[], $10::bigint[])
         ON CONFLICT (report_id, client_id) DO UPDATE SET clock = GREATEST(report_clients.clock, EXCLUDED.clock)
           WHERE report_clients.user_id = EXCLUDED.user_id
       )
       UPDATE reports r SET log_seq = c.seq, updated_at = now()
         FROM unnest($5::uuid[], $6::bigint[]) AS c(id, seq) WHERE r.id = c.id`,
      [
        ids,
        seqs,
        users,
        datas,
        changed.map((r) => r.id),
        changed.map((r) => next.get(r.id)),
        owned.map((o) => o.reportId),
        owned.map((o) => o.clientId),
        owned.map((o) => o.userId),
        owned.map((o) => o.clock),
      ],
    );
  }
  return outcomes;
}

export type StoredOutcome = 'stored' | 'stored_with_others';
export const isStored = (outcome: string | undefined): outcome is StoredOutcome => outcome === 'stored' || outcome === 'stored_with_others';

/** Owners and stored clocks of the batch's Yjs clients, as the batch goes on. */
interface BatchClients {
  /** Decides a row that may be stored as far as access goes, and counts its clients in if it is. */
  take(row: PendingRow): RowOutcome;
  /** The owners and clocks to write for the stored rows. */
  toWrite(): { reportId: string; clientId: number; userId: string; clock: number }[];
}

async function ownersOf(query: TxQuery, rows: PendingRow[]): Promise<BatchClients> {
  const key = (reportId: string, clientId: number) => `${reportId} ${clientId}`;
  // The clients the rooms could not confirm: their owner and stored clock, as committed.
  const wanted = new Map<string, { reportId: string; clientId: number }>();
  for (const row of rows) for (const clientId of row.claims ?? []) wanted.set(key(row.reportId, clientId), { reportId: row.reportId, clientId });
  const known = new Map<string, { userId: string; clock: number }>();
  if (wanted.size > 0) {
    const list = [...wanted.values()];
    const found = await query<{ reportId: string; clientId: string; userId: string; clock: string }>(
      `SELECT c.report_id AS "reportId", c.client_id AS "clientId", c.user_id AS "userId", c.clock
         FROM report_clients c JOIN unnest($1::uuid[], $2::bigint[]) AS w(report_id, client_id) USING (report_id, client_id)`,
      [list.map((w) => w.reportId), list.map((w) => w.clientId)],
    );
    for (const f of found) known.set(key(f.reportId, Number(f.clientId)), { userId: f.userId, clock: Number(f.clock) });
  }
  const written = new Map<string, { reportId: string; clientId: number; userId: string; clock: number }>();
  return {
    take(row) {
      let withOthers = false;
      for (const [clientId, end] of row.clocks) {
        const owner = known.get(key(row.reportId, clientId));
        if (!owner || owner.userId === row.userId) continue;
        if (end > owner.clock) return 'foreign_items';
        withOthers = true;
      }
      for (const [clientId, end] of row.clocks) {
        const k = key(row.reportId, clientId);
        const owner = known.get(k);
        if (owner && owner.userId !== row.userId) continue;
        // A client nobody owned is the sender's from now on, also for the rest of the batch.
        if (owner) owner.clock = Math.max(owner.clock, end);
        else if (wanted.has(k)) known.set(k, { userId: row.userId, clock: end });
        const entry = written.get(k);
        if (entry) entry.clock = Math.max(entry.clock, end);
        else written.set(k, { reportId: row.reportId, clientId, userId: row.userId, clock: end });
      }
      return withOthers ? 'stored_with_others' : 'stored';
    },
    toWrite: () => [...written.values()],
  };
}

function rowKey(reportId: string, data: Uint8Array): string {
  return `${reportId} ${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}`;
}

/** The rows stored after the given log positions (under the lock, so nothing is added meanwhile). */
async function storedSince(query: TxQuery, before: LogPositions): Promise<Set<string>> {
  const ids = Object.keys(before);
  const stored = await query<{ reportId: string; data: Buffer }>(
    `SELECT u.report_id AS "reportId", u.data
       FROM unnest($1::uuid[], $2::bigint[]) AS b(id, since)
       JOIN report_updates u ON u.report_id = b.id AND u.seq > b.since`,
    [ids, ids.map((id) => before[id])],
  );
  return new Set(stored.map((row) => rowKey(row.reportId, row.data)));
}
