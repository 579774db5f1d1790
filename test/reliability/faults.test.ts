/**
 * Faults under load: the server killed, PostgreSQL unreachable, Redis restarted under two nodes, a restart while a client holds offline edits. In every case: no acknowledged update is
 * lost, nothing is duplicated, the clients converge, and the server recovers by itself.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { createClient } from 'redis';
import {
  addParagraph,
  canonical,
  closeProvider,
  eventually,
  type MarkerWriter,
  markerWriter,
  openProvider,
  textOf,
  typeMarkers,
  withTimeout,
} from '../support/collab.js';
import { createTestDatabase } from '../support/database.js';
import { Fixtures } from '../support/fixtures.js';
import { type ApiClient, loginAs } from '../support/http.js';
import { CommitCuttingProxy } from '../support/pg-proxy.js';
import { startServer, startTwoNodes } from '../support/server.js';
import { requireService } from '../support/services.js';

/** The stream the Socket.IO Redis streams adapter keeps its messages in (its default name). */
const ADAPTER_STREAM = 'socket.io';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Editors {
  writers: MarkerWriter[];
  reportId: string;
  reader: ApiClient;
}

/** `count` editors on one report, each typing markers into a paragraph of its own, spread over `urls`. */
async function editors(fx: Fixtures, urls: string[], count: number): Promise<Editors> {
  const t = await fx.newTeamWithMembers();
  const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
  const setup = await openProvider(urls[0] as string, t.drafter.client, report.id);
  for (let i = 0; i < count; i++) addParagraph(setup.doc, '');
  await setup.whenSaved();
  closeProvider(setup);
  const clients = new Map<string, { drafter: ApiClient; supervisor: ApiClient }>();
  for (const url of urls) {
    clients.set(url, {
      drafter: await loginAs(url, t.drafter.user.username, `pw-${t.drafter.user.username}`),
      supervisor: await loginAs(url, t.supervisor.user.username, `pw-${t.supervisor.user.username}`),
    });
  }
  const writers: MarkerWriter[] = [];
  for (let i = 0; i < count; i++) {
    const url = urls[i % urls.length] as string;
    const c = clients.get(url) as { drafter: ApiClient; supervisor: ApiClient };
    writers.push(markerWriter(await openProvider(url, i % 2 ? c.supervisor : c.drafter, report.id), i));
  }
  return { writers, reportId: report.id, reader: t.viewer.client };
}

/**
 * Types on every writer, runs the fault, types on, then checks: what was acknowledged before the
 * fault is stored; every writer's markers end up exactly once, in order; all copies converge.
 */
async function typeThrough(e: Editors, readerUrl: string, fault: () => Promise<void>): Promise<void> {
  try {
    const typing = typeMarkers(e.writers);
    await sleep(1_000 + Math.random() * 500);
    await eventually(() => e.writers.every((w) => w.acked > 3), 15_000, 'every writer has acknowledged edits');
    const ackedBefore = e.writers.map((w) => w.typed.slice(0, w.acked));
    await fault();
    await sleep(1_000);
    await typing.stop();
    assert.ok(ackedBefore.every((a) => a.length > 3), `acknowledged before the fault: ${ackedBefore.map((a) => a.length).join(', ')}`);

    await withTimeout(Promise.all(e.writers.map((w) => w.provider.whenSaved())), 45_000, 'writers saved after the fault');
    await eventually(() => new Set(e.writers.map((w) => canonical(w.provider.doc))).size === 1, 15_000, 'writers converge');
    const fresh = await openProvider(readerUrl, e.reader, e.reportId);
    try {
      assert.equal(canonical(fresh.doc), canonical((e.writers[0] as MarkerWriter).provider.doc), 'stored = what the clients hold');
      for (const [i, w] of e.writers.entries()) {
        const text = textOf(fresh.doc, i).toString();
        for (const m of ackedBefore[i] ?? []) assert.ok(text.includes(m), `acknowledged ${m} survived`);
        assert.equal(text, w.typed.join(''), `writer ${i}: every marker once, in order`);
      }
    } finally {
      closeProvider(fresh);
    }
  } catch (err) {
    const states = e.writers.map((w) => `${w.provider.current.status}/${w.provider.current.unsaved}`);
    throw new Error(`${err instanceof Error ? err.message : String(err)} (writers: ${states.join(' ')})`, { cause: err });
  } finally {
    for (const w of e.writers) closeProvider(w.provider);
  }
}

describe('faults under load', () => {
  test('SIGKILL while 10 editors type: nothing acknowledged is lost, the server comes back, all converge', async () => {
    const server = await startServer();
    try {
      const fx = await Fixtures.create(server.url);
      const e = await editors(fx, [server.url], 10);
      await typeThrough(e, server.url, async () => {
        await server.stop('SIGKILL');
        await sleep(300);
        await server.restart();
      });
    } finally {
      await server.dispose();
    }
  });

  test('a restart while a client holds offline edits: they arrive once, nothing is duplicated', async () => {
    const server = await startServer();
    try {
      const fx = await Fixtures.create(server.url);
      const t = await fx.newTeamWithMembers();
      const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
      const a = await openProvider(server.url, t.drafter.client, report.id);
      const b = await openProvider(server.url, t.supervisor.client, report.id);
      addParagraph(a.doc, '一、存在问题');
      await a.whenSaved();
      await eventually(() => b.doc.getXmlFragment('default').length === 1, 3_000, 'b has the paragraph');
      await server.stop();
      // Both keep editing while the server is down.
      textOf(a.doc).insert(textOf(a.doc).length, '（甲离线）');
      addParagraph(b.doc, '乙离线写的段落');
      assert.ok(a.current.unsaved > 0 && b.current.unsaved > 0);
      await server.restart();
      await withTimeout(Promise.all([a.whenSaved(), b.whenSaved()]), 20_000, 'offline edits saved');
      await eventually(() => canonical(a.doc) === canonical(b.doc), 5_000, 'a and b converge');
      const stored = (await t.viewer.client.get<{ text: string }>(`/reports/${report.id}/content`)).body.text;
      assert.equal(stored, '一、存在问题（甲离线）\n乙离线写的段落');
      closeProvider(a);
      closeProvider(b);
    } finally {
      await server.dispose();
    }
  });

  test('PostgreSQL unreachable mid-session: writes wait and retry, nothing acknowledged is lost, no empty document', async (t) => {
    const pgUrl = requireService(t, 'TEST_POSTGRES_URL');
    if (!pgUrl) return;
    const db = await createTestDatabase({ kind: 'postgres', adminUrl: pgUrl });
    const server = await startServer({ db });
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const name = new URL(db.env.DATABASE_URL as string).pathname.slice(1);
    try {
      const fx = await Fixtures.create(server.url);
      const e = await editors(fx, [server.url], 6);
      await typeThrough(e, server.url, async () => {
        // An outage: no new connections, and every existing one cut, for three seconds.
        await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
        await sleep(3_000);
        await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      });
      assert.equal((await fetch(`${server.url}/api/health`)).status, 200, 'the server recovered by itself');
      const empty = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM report_snapshots WHERE report_id = $1 AND length(data) <= 2`,
        [e.reportId],
      );
      assert.equal(Number(empty[0]?.n), 0, 'no empty snapshot was stored');
    } finally {
      await admin.end();
      await server.stop();
      await db.drop();
    }
  });

  test('a commit whose answer is lost (connection cut after COMMIT ran): the retry stores nothing twice', async (t) => {
    const pgUrl = requireService(t, 'TEST_POSTGRES_URL');
    if (!pgUrl) return;
    const proxy = await CommitCuttingProxy.start(pgUrl);
    const db = await createTestDatabase({ kind: 'postgres', adminUrl: pgUrl });
    const server = await startServer({ db, env: { DATABASE_URL: proxy.route(db.env.DATABASE_URL as string) } });
    try {
      const fx = await Fixtures.create(server.url);
      const e = await editors(fx, [server.url], 4);
      await typeThrough(e, server.url, async () => {
        // The group commit's own connection (see writer-thread.worker.ts).
        proxy.cutNextCommit('review-api-writer');
        await eventually(() => proxy.cuts === 1, 10_000, 'a commit was cut after it ran');
      });
      const twice = await db.query<{ seqs: string[] }>(
        `SELECT array_agg(seq ORDER BY seq)::text[] AS seqs FROM report_updates WHERE report_id = $1 GROUP BY data HAVING count(*) > 1`,
        [e.reportId],
      );
      assert.deepEqual(twice.map((r) => r.seqs.join('=')), [], 'no update stored twice (rows with the same bytes, by seq)');
      const rows = await db.query<{ n: string }>(`SELECT count(*) AS n FROM report_updates WHERE report_id = $1`, [e.reportId]);
      assert.ok(Number(rows[0]?.n) > 20, `updates were stored (${rows[0]?.n})`);
      assert.match(server.output(), /committing \d+ updates failed \(attempt 1\)/, 'the writer saw the cut and retried');
    } finally {
      await server.stop();
      await db.drop();
      await proxy.close();
    }
  });

  test('Redis restarted under two nodes (connections cut, stream emptied, 2 s away): rooms catch up from the log and converge', async (t) => {
    const nodes = await startTwoNodes(t);
    if (!nodes) return;
    const { a, b, redisUrl } = nodes;
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    try {
      const fx = await Fixtures.create(a.url);
      const e = await editors(fx, [a.url, b.url], 6);
      await typeThrough(e, b.url, async () => {
        // A restart of a Redis that keeps nothing on disk: every other client loses its
        // connection, what the adapter's stream held is gone, and Redis is unavailable for 2 s.
        await redis.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
        await redis.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub', 'SKIPME', 'yes']);
        await redis.del(ADAPTER_STREAM);
        await redis.sendCommand(['CLIENT', 'PAUSE', '2000', 'ALL']);
        await sleep(2_500);
      }).catch(async (err: unknown) => {
        for (const s of [a, b]) {
          const t0 = Date.now();
          const h = await fetch(`${s.url}/api/health`, { signal: AbortSignal.timeout(3_000) }).then((r) => r.status, (e: unknown) => String(e));
          console.log(`health ${s.url}: ${h} in ${Date.now() - t0} ms`);
        }
        for (const s of [a, b]) console.log(s.output().split('\n').filter((l) => !/"level":(10|20|30)/.test(l)).slice(-30).join('\n').slice(-4000));
        throw err;
      });
      for (const s of [a, b]) assert.equal((await fetch(`${s.url}/api/health`)).status, 200);
    } finally {
      await redis.quit().catch(() => undefined);
      await nodes.stop();
    }
  });
});
