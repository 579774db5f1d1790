// For unit specs that need real SQL ("medium" specs): an in-memory PGlite with the app's
// migrations, in this process. Not part of the build (tsconfig.build.json excludes testing/).
import { PGlite } from '@electric-sql/pglite';
import type { QueryRunner } from 'typeorm';
import type { TxQuery } from '../../common/sql.js';
import { MIGRATIONS } from '../data-source.js';

export interface MemoryDatabase {
  query: TxQuery;
  /** Runs `fn` in one transaction (committed unless it throws). */
  transaction<T>(fn: (query: TxQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function memoryDatabase(): Promise<MemoryDatabase> {
  const db = await PGlite.create();
  const runner = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as QueryRunner;
  for (const Migration of MIGRATIONS) await new Migration().up(runner);
  const query: TxQuery = async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows;
  return {
    query,
    transaction: (fn) => db.transaction((tx) => fn(async <T>(sql: string, params: unknown[]) => (await tx.query<T>(sql, params)).rows)),
    close: () => db.close(),
  };
}

/** A team with an author (drafter) and a reviewer (supervisor), and a report of theirs in `state`. */
export async function reportWithParties(db: MemoryDatabase, state = 'draft') {
  const [author] = await db.query<{ id: string }>(
    `INSERT INTO users (username, display_name, password_hash) VALUES ('a' || gen_random_uuid(), '作者', 'x') RETURNING id`,
    [],
  );
  const [reviewer] = await db.query<{ id: string }>(
    `INSERT INTO users (username, display_name, password_hash) VALUES ('r' || gen_random_uuid(), '审核人', 'x') RETURNING id`,
    [],
  );
  const [team] = await db.query<{ id: string }>(`INSERT INTO teams (name) VALUES ('t' || gen_random_uuid()) RETURNING id`, []);
  if (!author || !reviewer || !team) throw new Error('setup failed');
  await db.query(`INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'drafter'), ($1, $3, 'supervisor')`, [
    team.id,
    author.id,
    reviewer.id,
  ]);
  const [report] = await db.query<{ id: string }>(
    `INSERT INTO reports (team_id, title, author_id, reviewer_id, state, content_hash) VALUES ($1, '报告', $2, $3, $4, '') RETURNING id`,
    [team.id, author.id, reviewer.id, state],
  );
  if (!report) throw new Error('setup failed');
  return { teamId: team.id, authorId: author.id, reviewerId: reviewer.id, reportId: report.id };
}
