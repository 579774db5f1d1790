import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addParagraph,
  canonical,
  closeProvider,
  eventually,
  join,
  type MarkerWriter,
  markerWriter,
  openProvider,
  textOf,
  typeMarkers,
  withTimeout,
} from '../support/collab.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';

describe('durability', () => {
  let server: StartedServer;
  let fx: Fixtures;
  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
  });
  after(() => server.dispose());

  test('kill -9 while clients type loses no acknowledged update, and the clients converge again', async () => {
    const t = await fx.newTeamWithMembers();
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    const setup = await openProvider(server.url, t.drafter.client, report.id);
    for (let i = 0; i < 4; i++) addParagraph(setup.doc, '');
    await setup.whenSaved();
    closeProvider(setup);

    const writers: MarkerWriter[] = [];
    for (let i = 0; i < 4; i++) {
      const provider = await openProvider(server.url, i % 2 ? t.supervisor.client : t.drafter.client, report.id);
      writers.push(markerWriter(provider, i));
    }
    const typing = typeMarkers(writers);

    await new Promise((r) => setTimeout(r, 1000 + Math.random() * 1500));
    await eventually(() => writers.every((w) => w.acked > 5), 15_000, 'every writer has acknowledged edits');
    await server.stop('SIGKILL');
    const ackedAtKill = writers.map((w) => w.typed.slice(0, w.acked));
    await new Promise((r) => setTimeout(r, 300));
    await server.restart();
    assert.ok(
      ackedAtKill.every((a) => a.length > 5),
      `each client had acknowledged edits before the kill: ${ackedAtKill.map((a) => a.length).join(', ')}`,
    );
    await new Promise((r) => setTimeout(r, 500));
    await typing.stop();

    // What was acknowledged before the kill is in the database: a fresh client sees it.
    const fresh = await openProvider(server.url, t.viewer.client, report.id);
    for (const [i, markers] of ackedAtKill.entries()) {
      const stored = textOf(fresh.doc, i).toString();
      for (const m of markers) assert.ok(stored.includes(m), `acknowledged ${m} survived the kill`);
    }
    closeProvider(fresh);

    // The writers reconnect by themselves, re-send what was not stored, and converge.
    await withTimeout(Promise.all(writers.map((w) => w.provider.whenSaved())), 20_000, 'writers saved after restart');
    await eventually(
      () => new Set(writers.map((w) => canonical(w.provider.doc))).size === 1,
      10_000,
      'writers converge after the restart',
    );
    const final = await openProvider(server.url, t.viewer.client, report.id);
    for (const [i, w] of writers.entries()) {
      const text = textOf(final.doc, i).toString();
      assert.equal(text, w.typed.join(''), `every marker of writer ${i}, once, in order`);
    }
    for (const w of writers) closeProvider(w.provider);
    closeProvider(final);
  });

  test('SIGTERM flushes pending updates before the process exits', async () => {
    const t = await fx.newTeamWithMembers();
    const report = await fx.newReport(t.drafter.client, t.team.id);
    const p = await openProvider(server.url, t.drafter.client, report.id);
    const text = addParagraph(p.doc, '');
    for (let i = 0; i < 200; i++) text.insert(text.length, `${i % 10}`);
    // A join acknowledgement comes after the server handled every earlier message of this socket:
    // from then on all 200 updates are in the server's hands. Stop at once, without waiting for
    // `saved`: the server must commit what it received before it exits.
    await join(p.socket, report.id);
    const code = await server.stop('SIGTERM');
    // Nest re-raises SIGTERM after its shutdown hooks ran; a hang would end in our SIGKILL.
    assert.ok(code === 0 || code === 'SIGTERM', `clean exit, got ${String(code)}`);
    closeProvider(p);
    await server.restart();
    const fresh = await openProvider(server.url, t.drafter.client, report.id);
    assert.equal(textOf(fresh.doc).length, 200);
    closeProvider(fresh);
  });
});
