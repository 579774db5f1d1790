/**
 * How a user stands towards a report, read from the database: the one place that reads a
 * report's state and parties together with the user's role in its team. `lockForAccess` holds the
 * report's row lock for the rest of the transaction: every change whose permission depends on the
 * report's state (an edit, a comment, a transition) decides under it, so none of them can race a
 * transition. Plain functions over a query, so that the update writer's thread can use them too.
 */
import { type Access, type Actor, accessOf, type ReportRelation, type ReportState, relationOf, type TeamRole } from '@review/shared';
import { notFound } from '../common/app-error.js';
import type { TxQuery } from '../common/sql.js';

export interface ReportAccessRow {
  id: string;
  teamId: string;
  title: string;
  state: ReportState;
  authorId: string;
  reviewerId: string | null;
  revision: number;
  /** Position of the last update in the report's log. */
  logSeq: number;
}

export interface ReportStanding {
  report: ReportAccessRow;
  /** The user's role in the report's team; undefined when not a member. */
  role: TeamRole | undefined;
  /** null for someone outside the team (an admin looking in). */
  relation: ReportRelation | null;
  access: Access;
}

const COLUMNS = `r.id, r.team_id AS "teamId", r.title, r.state, r.author_id AS "authorId", r.reviewer_id AS "reviewerId",
  r.revision, r.log_seq AS "logSeq"`;

type Row = Omit<ReportAccessRow, 'logSeq'> & { logSeq: string | number };

const toRow = (r: Row): ReportAccessRow => ({ ...r, logSeq: Number(r.logSeq) });

/** Relation and access of a user with the given role (admin rights do not grant edit or comment). */
export function standingOf(report: ReportAccessRow, userId: string, role: TeamRole | undefined): ReportStanding {
  const actor: Actor = { id: userId, isAdmin: false, role };
  return { report, role, relation: relationOf(report, actor), access: accessOf(report, actor) };
}

async function read(query: TxQuery, reportId: string, userId: string, lock: boolean): Promise<ReportStanding | undefined> {
  const [row] = await query<Row & { role: TeamRole | null }>(
    `SELECT ${COLUMNS},
            (SELECT m.role FROM team_members m WHERE m.team_id = r.team_id AND m.user_id = $2) AS role
       FROM reports r WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [reportId, userId],
  );
  if (!row) return undefined;
  const { role, ...report } = row;
  return standingOf(toRow(report), userId, role ?? undefined);
}

/** The report's state and parties now, without a lock; undefined if it does not exist. */
export async function readReport(query: TxQuery, reportId: string): Promise<ReportAccessRow | undefined> {
  const [row] = await query<Row>(`SELECT ${COLUMNS} FROM reports r WHERE r.id = $1`, [reportId]);
  return row ? toRow(row) : undefined;
}

/** The report locked for the rest of the transaction, and how the user stands towards it; 404 if it does not exist. */
export async function lockForAccess(query: TxQuery, reportId: string, userId: string): Promise<ReportStanding> {
  const standing = await read(query, reportId, userId, true);
  if (!standing) throw notFound('Report');
  return standing;
}

/** How the user stands towards the report now, without a lock; undefined if it does not exist. */
export function readAccess(query: TxQuery, reportId: string, userId: string): Promise<ReportStanding | undefined> {
  return read(query, reportId, userId, false);
}

/**
 * Several reports locked at once, in id order (so that writers never deadlock), each with the
 * roles of the given users in its team: the update writer's batch.
 */
export async function lockManyForAccess(
  query: TxQuery,
  reportIds: string[],
  userIds: string[],
): Promise<(ReportAccessRow & { roles: Record<string, TeamRole> })[]> {
  const rows = await query<Row & { roles: Record<string, TeamRole> | null }>(
    `SELECT ${COLUMNS},
            (SELECT json_object_agg(m.user_id, m.role) FROM team_members m
              WHERE m.team_id = r.team_id AND m.user_id = ANY($2::uuid[])) AS roles
       FROM reports r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id FOR UPDATE OF r`,
    [[...reportIds].sort(), userIds],
  );
  return rows.map(({ roles, ...r }) => ({ ...toRow(r), roles: roles ?? {} }));
}
