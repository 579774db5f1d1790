import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ApiClient, loginAs } from '../support/http.js';
import { repoRoot, startServer } from '../support/server.js';
import { requireService } from '../support/services.js';

const mainJs = path.join(repoRoot, 'apps/api/dist/main.js');

/** Runs the server expecting it to exit by itself; returns its exit code and output. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mainJs], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Every migration in the source tree, by class name (file `<timestamp>-name.ts` → `NameTimestamp`). */
async function migrationsInSource(): Promise<string[]> {
  const files = (await readdir(path.join(repoRoot, 'apps/api/src/database/migrations'))).filter((f) => f.endsWith('.ts')).sort();
  return files.map((f) => {
    const [stamp, ...words] = f.replace(/\.ts$/, '').split('-');
    return words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('') + stamp;
  });
}

async function migrationsApplied(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
  return rows.map((r) => r.name);
}

describe('start-up', () => {
  test('boots on PGlite from an empty DATA_DIR, migrates, seeds, and reuses the data on the next start', async () => {
    const db = await createTestDatabase({ kind: 'pglite' });
    const dataDir = db.env.DATA_DIR ?? '';
    try {
      const server = await startServer({ db, env: { DEMO_PASSWORD: '' } });
      const printed = /Their password \(shown once\): (\S+)/.exec(server.output());
      assert.ok(printed, `random demo password printed:\n${server.output()}`);
      const password = printed[1] ?? '';
      const drafter = await loginAs(server.url, 'drafter', password);
      const created = await drafter.post<{ id: string }>('/reports', {
        teamId: (await drafter.get<{ teams: { id: string }[] }>('/auth/me')).body.teams[0]?.id,
        title: '重启后仍在',
      });
      assert.equal(created.status, 201);
      await server.stop();
      assert.ok((await readdir(path.join(dataDir, 'pglite'))).length > 0, 'data written under DATA_DIR/pglite');
      assert.deepEqual(await migrationsApplied(db), await migrationsInSource());

      await server.restart();
      assert.doesNotMatch(server.output().split('Their password')[2] ?? '', /shown once/, 'password printed only once');
      const again = await loginAs(server.url, 'supervisor', password);
      const got = await again.get<{ title: string }>(`/reports/${created.body.id}`);
      assert.equal(got.body.title, '重启后仍在');
      await server.stop();
    } finally {
      await db.drop();
    }
  });

  test('boots on a fresh PostgreSQL database with the same migrations', async (t) => {
    const url = requireService(t, 'TEST_POSTGRES_URL') ?? '';
    if (!url) return;
    const db = await createTestDatabase({ kind: 'postgres', adminUrl: url });
    const server = await startServer({ db });
    try {
      await loginAs(server.url, 'drafter');
      assert.deepEqual(await migrationsApplied(db), await migrationsInSource());
      const tables = await db.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      );
      for (const name of ['reports', 'sessions', 'team_members', 'teams', 'users']) {
        assert.ok(tables.some((r) => r.tablename === name), `table ${name}`);
      }
    } finally {
      await server.dispose();
    }
  });

  test('a malformed DATABASE_URL is reported and the process exits non-zero', async () => {
    const res = await runToExit({ DATABASE_URL: 'mysql://nope' });
    assert.notEqual(res.code, 0);
    assert.match(res.output, /DATABASE_URL: must be a URL like postgres:\/\//);
  });

  test('an unreachable database is reported and the process exits non-zero', async () => {
    const res = await runToExit({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    assert.notEqual(res.code, 0);
    assert.match(res.output, /Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/none/);
  });

  test('other bad settings are named in the error', async () => {
    const res = await runToExit({ PORT: 'eighty', SEED_DEMO: 'perhaps' });
    assert.notEqual(res.code, 0);
    assert.match(res.output, /PORT:/);
    assert.match(res.output, /SEED_DEMO:/);
  });

  test('SEED_DEMO=false starts without demo users', async () => {
    const server = await startServer({ env: { SEED_DEMO: 'false' } });
    try {
      const res = await new ApiClient(server.url).post('/auth/login', { username: 'admin', password: 'demo-password-for-tests' });
      assert.equal(res.status, 401);
    } finally {
      await server.dispose();
    }
  });
});
