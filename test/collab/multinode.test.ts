import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CollabProvider, LIMITS } from '@review/shared';
import {
  addParagraph,
  canonical,
  closeProvider,
  eventually,
  markerWriter,
  openProvider,
  textOf,
  typeMarkers,
  withTimeout,
} from '../support/collab.js';
import { Fixtures } from '../support/fixtures.js';
import { ApiClient, assertError, loginAs } from '../support/http.js';
import { startTwoNodes } from '../support/server.js';

describe('two API nodes on one PostgreSQL and one Redis', () => {
  test('clients split across nodes converge; a node killed mid-session loses no acknowledged update', async (t) => {
    const nodes = await startTwoNodes(t);
    if (!nodes) return;
    const { a, b, db } = nodes;
    try {
      const fx = await Fixtures.create(a.url);
      const team = await fx.newTeamWithMembers();
      const report = await fx.newReport(team.drafter.client, team.team.id, { reviewerId: team.supervisor.user.id });
      // Same users, sessions valid on both nodes (one database).
      const drafterB = await loginAs(b.url, team.drafter.user.username, `pw-${team.drafter.user.username}`);
      const supervisorB = await loginAs(b.url, team.supervisor.user.username, `pw-${team.supervisor.user.username}`);

      const setup = await openProvider(a.url, team.drafter.client, report.id);
      for (let i = 0; i < 6; i++) addParagraph(setup.doc, '');
      await setup.whenSaved();
      closeProvider(setup);

      const onA = [
        await openProvider(a.url, team.drafter.client, report.id),
        await openProvider(a.url, team.supervisor.client, report.id),
        await openProvider(a.url, team.drafter.client, report.id),
      ];
      const onB = [
        await openProvider(b.url, drafterB, report.id),
        await openProvider(b.url, supervisorB, report.id),
        await openProvider(b.url, drafterB, report.id),
      ];
      const all = [...onA, ...onB];

      // An edit on A reaches a client on B, live.
      textOf((onA[0] as CollabProvider).doc, 0).insert(0, '甲');
      await eventually(() => textOf((onB[0] as CollabProvider).doc, 0).toString() === '甲', 3_000, 'A → B');
      textOf((onB[1] as CollabProvider).doc, 1).insert(0, '乙');
      await eventually(() => textOf((onA[2] as CollabProvider).doc, 1).toString() === '乙', 3_000, 'B → A');

      // Everyone types concurrently; node B is killed in the middle.
      const writers = all.map((provider, i) => markerWriter(provider, i));
      const typing = typeMarkers(writers);
      await new Promise((r) => setTimeout(r, 1_000 + Math.random() * 1_000));
      // On a busy machine commits are slower: kill only once every writer has some acknowledged.
      await eventually(() => writers.every((w) => w.acked > 3), 15_000, 'every writer has acknowledged edits');
      await b.stop('SIGKILL');
      const ackedAtKill = writers.map((w) => w.typed.slice(0, w.acked));
      await new Promise((r) => setTimeout(r, 500));
      await b.restart();
      await new Promise((r) => setTimeout(r, 500));
      await typing.stop();
      assert.ok(ackedAtKill.every((l) => l.length > 3), `acknowledged before the kill: ${ackedAtKill.map((l) => l.length)}`);

      const checker = await openProvider(a.url, team.viewer.client, report.id);
      for (const [i, markers] of ackedAtKill.entries()) {
        const text = textOf(checker.doc, i).toString();
        for (const m of markers) assert.ok(text.includes(m), `acknowledged ${m} of client ${i} survived`);
      }
      closeProvider(checker);

      await withTimeout(Promise.all(all.map((p) => p.whenSaved())), 20_000, 'all saved after restart');
      await eventually(() => new Set(all.map((p) => canonical(p.doc))).size === 1, 10_000, 'all six converge').catch(
        (err: unknown) => {
          const texts = all.map((p) => all.map((_, i) => textOf(p.doc, i).length).join('/'));
          throw new Error(`${String(err)}; paragraph lengths per client: ${texts.join(' | ')}; status ${all.map((p) => p.current.status).join(',')}`);
        },
      );
      const final = await openProvider(b.url, supervisorB, report.id);
      for (const [i, w] of writers.entries()) {
        const prefix = ['甲', '乙'][i] ?? '';
        assert.equal(textOf(final.doc, i).toString(), prefix + w.typed.join(''), `client ${i}: every marker once, in order`);
      }
      // Each update persisted once: no duplicated rows for the same content.
      const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM report_updates WHERE report_id = $1', [report.id]);
      const totalTyped = writers.reduce((n, w) => n + w.typed.length, 0);
      assert.ok(Number(rows[0]?.n) <= totalTyped + 20, `rows ${rows[0]?.n} for ${totalTyped} edits`);
      for (const p of [...all, final]) closeProvider(p);
    } finally {
      await nodes.stop();
    }
  });

  test('failed sign-ins are counted across nodes: guesses spread over two nodes hit the same limit', async (t) => {
    const nodes = await startTwoNodes(t);
    if (!nodes) return;
    const { a, b } = nodes;
    try {
      const fx = await Fixtures.create(a.url);
      const { drafter } = await fx.newTeamWithMembers();
      const username = drafter.user.username;
      for (let i = 0; i < LIMITS.loginFailuresPerUser; i++) {
        const node = i % 2 === 0 ? a : b;
        assertError(await new ApiClient(node.url).post('/auth/login', { username, password: `guess-${i}` }), 401, 'invalid_credentials');
      }
      // Both nodes now refuse, even the right password.
      for (const node of [a, b]) {
        assertError(await new ApiClient(node.url).post('/auth/login', { username, password: `pw-${username}` }), 429, 'rate_limited');
      }
    } finally {
      await nodes.stop();
    }
  });
});
