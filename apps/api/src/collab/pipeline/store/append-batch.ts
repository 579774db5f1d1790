import type { TeamRole } from '@review/shared';
import type { TxQuery } from '../../../common/sql.js';
import { lockManyForAccess, type ReportAccessRow, standingOf } from '../../../reports/report-access.js';

/** What the store decided on a row: stored, or refused and why. */
export type RowOutcome = 'stored' | 'state_changed' | 'foreign_items';

/** An update waiting to be stored, by its sender. */
export interface PendingRow {
  reportId: string;
  userId: string;
  data: Uint8Array;
  /** Yjs clients whose items the update carries and whose owner the room does not know yet. */
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
 * Appends a batch of updates inside the caller's transaction, in two statements (three when a
 * row carries items of Yjs clients not yet claimed). The reports rows are locked in id order (so
 * nodes never deadlock) and read with the roles of the batch's senders in their teams; `mayStore`
 * decides per row whether it may be stored; a row with items of a client that another user owns
 * is refused; a row after a refused row of the same stream is refused too (it may build on it).
 * Then the rows are inserted and each report's log position advanced together. Returns what was
 * decided for each row. Shared by the writer on the main thread (embedded database) and the
 * writer thread.
 */
export async function appendBatch(query: TxQuery, rows: PendingRow[], attempt: BatchAttempt = {}): Promise<RowOutcome[]> {
  const reportIds = [...new Set(rows.map((r) => r.reportId))];
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const reports = await lockManyForAccess(query, reportIds, userIds);
  attempt.seen = Object.fromEntries(reports.map((r) => [r.id, r.logSeq]));
  attempt.onLocked?.(attempt.seen);
  const earlier = attempt.before ? await storedSince(query, attempt.before) : undefined;
  const byId = new Map(reports.map((r) => [r.id, r]));
  const already = rows.map((row) => earlier?.has(rowKey(row.reportId, row.data)) === true);
  const outcomes = rows.map((row, i): RowOutcome => {
    if (already[i]) return 'stored';
    const report = byId.get(row.reportId);
    return report !== undefined && mayStore(row, report, report.roles[row.userId]) ? 'stored' : 'state_changed';
  });
  await refuseForeignItems(query, rows, outcomes, already);
  const refusedStreams = new Map<number, RowOutcome>();
  rows.forEach((row, i) => {
    if (row.stream === undefined || already[i]) return;
    const refused = refusedStreams.get(row.stream);
    if (refused) outcomes[i] = refused;
    else if (outcomes[i] !== 'stored') refusedStreams.set(row.stream, outcomes[i] as RowOutcome);
  });
  const accepted = outcomes.map((o) => o === 'stored');
  const next = new Map(reports.map((r) => [r.id, r.logSeq]));
  const ids: string[] = [];
  const seqs: number[] = [];
  const users: string[] = [];
  const datas: Buffer[] = [];
  rows.forEach((row, i) => {
    if (!accepted[i] || already[i]) return;
    const seq = (next.get(row.reportId) ?? 0) + 1;
    next.set(row.reportId, seq);
    ids.push(row.reportId);
    seqs.push(seq);
    users.push(row.userId);
    datas.push(Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength));
  });
  if (ids.length > 0) {
    const changed = reports.filter((r) => next.get(r.id) !== r.logSeq);
    await query(
      `WITH stored AS (
         INSERT INTO report_updates (report_id, seq, user_id, data)
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::bytea[])
       )
       UPDATE reports r SET log_seq = c.seq, updated_at = now()
         FROM unnest($5::uuid[], $6::bigint[]) AS c(id, seq) WHERE r.id = c.id`,
      [ids, seqs, users, datas, changed.map((r) => r.id), changed.map((r) => next.get(r.id))],
    );
  }
  return outcomes;
}

/**
 * Claims the Yjs clients of the rows about to be stored for their senders (the first claim of a
 * client in the batch wins) and refuses the rows that carry items of a client owned by someone
 * else. Runs under the reports' row locks, so claims on one report never race.
 */
async function refuseForeignItems(query: TxQuery, rows: PendingRow[], outcomes: RowOutcome[], already: boolean[]): Promise<void> {
  const wanted = new Map<string, { reportId: string; clientId: number; userId: string }>();
  rows.forEach((row, i) => {
    if (outcomes[i] !== 'stored' || already[i]) return;
    for (const clientId of row.claims ?? []) {
      const key = `${row.reportId} ${clientId}`;
      if (!wanted.has(key)) wanted.set(key, { reportId: row.reportId, clientId, userId: row.userId });
    }
  });
  if (wanted.size === 0) return;
  const claims = [...wanted.values()];
  // The outer SELECT reads the table as it was before this statement: rows claimed by others
  // earlier; the claims this statement makes come back from RETURNING.
  const owned = await query<{ reportId: string; clientId: string; userId: string }>(
    `WITH wanted AS (
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[]) AS w(report_id, client_id, user_id)
     ), claimed AS (
       INSERT INTO report_clients (report_id, client_id, user_id) SELECT * FROM wanted
       ON CONFLICT (report_id, client_id) DO NOTHING
       RETURNING report_id, client_id, user_id
     )
     SELECT report_id AS "reportId", client_id AS "clientId", user_id AS "userId" FROM claimed
     UNION ALL
     SELECT c.report_id, c.client_id, c.user_id FROM report_clients c JOIN wanted w USING (report_id, client_id)`,
    [claims.map((c) => c.reportId), claims.map((c) => c.clientId), claims.map((c) => c.userId)],
  );
  const owner = new Map(owned.map((o) => [`${o.reportId} ${o.clientId}`, o.userId]));
  rows.forEach((row, i) => {
    if (outcomes[i] !== 'stored' || already[i]) return;
    const foreign = (row.claims ?? []).some((clientId) => {
      const by = owner.get(`${row.reportId} ${clientId}`);
      return by !== undefined && by !== row.userId;
    });
    if (foreign) outcomes[i] = 'foreign_items';
  });
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
