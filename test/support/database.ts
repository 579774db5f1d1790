import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * A database of its own for one server under test: a new PostgreSQL database when
 * DATABASE_URL names a server, otherwise an empty PGlite data directory.
 */
export interface TestDatabase {
  kind: 'postgres' | 'pglite';
  /** Environment for the server process. */
  env: Record<string, string>;
  /**
   * Runs SQL against the test database as the superuser. With PGlite the database belongs to
   * the server process: call this only while that server is stopped.
   */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export type DatabaseTarget = { kind: 'pglite' } | { kind: 'postgres'; adminUrl: string };

/** The suite's database: the PostgreSQL server named by DATABASE_URL, else PGlite. */
export function defaultTarget(): DatabaseTarget {
  const url = process.env.DATABASE_URL;
  return url ? { kind: 'postgres', adminUrl: url } : { kind: 'pglite' };
}

export async function createTestDatabase(target: DatabaseTarget = defaultTarget()): Promise<TestDatabase> {
  if (target.kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'review-test-'));
    return {
      kind: 'pglite',
      env: { DATA_DIR: dataDir },
      async query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
        const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
        try {
          return (await db.query<T>(sql, params)).rows;
        } finally {
          await db.close();
        }
      },
      async drop() {
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const postgresAdminUrl = target.adminUrl;
  const name = `review_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  // The server's files (its audit signing key) belong to this database: nodes sharing the database share them.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'review-test-'));
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    async query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
      return (await pool.query<T>(sql, params)).rows;
    },
    async drop() {
      await pool.end();
      await rm(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
