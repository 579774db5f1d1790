import { accessFor, relationTo, type TeamRole } from '@review/shared';
import type { PendingRow, ReportAccessRow } from './document.store.js';

/** Runs one statement inside the caller's transaction and returns its rows. */
export type TxQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

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
  return role !== undefined && accessFor(report.state, relationTo(report, row.userId, role)) === 'edit';
}

/**
 * Appends a batch of updates inside the caller's transaction, in two statements. The reports
 * rows are locked in id order (so nodes never deadlock) and read with the roles of the batch's
 * senders in their teams; `mayStore` decides per row whether it may be stored; then the rows are
 * inserted and each report's log position advanced together. Returns which rows were stored.
 * Shared by the writer on the main thread (embedded database) and the writer thread.
 */
export async function appendBatch(query: TxQuery, rows: PendingRow[], attempt: BatchAttempt = {}): Promise<boolean[]> {
  const reportIds = [...new Set(rows.map((r) => r.reportId))].sort();
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const reports = await query<ReportAccessRow & { logSeq: string; roles: Record<string, TeamRole> | null }>(
    `SELECT r.id, r.team_id AS "teamId", r.state, r.author_id AS "authorId", r.reviewer_id AS "reviewerId",
            r.revision, r.log_seq AS "logSeq",
            (SELECT json_object_agg(m.user_id, m.role) FROM team_members m
              WHERE m.team_id = r.team_id AND m.user_id = ANY($2::uuid[])) AS roles
       FROM reports r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id FOR UPDATE OF r`,
    [reportIds, userIds],
  );
  attempt.seen = Object.fromEntries(reports.map((r) => [r.id, Number(r.logSeq)]));
  attempt.onLocked?.(attempt.seen);
  const earlier = attempt.before ? await storedSince(query, attempt.before) : undefined;
  const byId = new Map(reports.map((r) => [r.id, r]));
  const already = rows.map((row) => earlier?.has(rowKey(row.reportId, row.data)) === true);
  const accepted = rows.map((row, i) => {
    if (already[i]) return true;
    const report = byId.get(row.reportId);
    return report !== undefined && mayStore(row, report, report.roles?.[row.userId]);
  });
  const next = new Map(reports.map((r) => [r.id, Number(r.logSeq)]));
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
    const changed = reports.filter((r) => next.get(r.id) !== Number(r.logSeq));
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
  return accepted;
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
