/**
 * A document cannot be grown without bound, and a socket cannot hold or churn through rooms
 * without bound: an update past the size limit is refused (`denied` `too_large`) before anything
 * is stored or sent; an import past it is 413; one socket joins at most 20 reports at once and
 * joins at a bounded rate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type JoinAck, LIMITS, type ReportContentDto, type ReportDto } from '@review/shared';
import { addParagraph, closeProvider, connectCollab, connected, eventually, join, openProvider } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { assertError } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';

const MAX_CHARS = 20_000;
const MAX_BYTES = 200_000;

describe('the size of a document, and the rooms of a socket', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let t: { drafter: Member; supervisor: Member; viewer: Member; team: { id: string } };

  before(async () => {
    server = await startServer({ env: { DOC_MAX_CHARS: String(MAX_CHARS), DOC_MAX_BYTES: String(MAX_BYTES) } });
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
  });
  after(() => server.dispose());

  const contentOf = async (reportId: string) => (await t.drafter.client.get<ReportContentDto>(`/reports/${reportId}/content`)).body;

  test('an update that would pass the character limit is refused, stored nowhere and sent to nobody', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id);
    const writer = await openProvider(server.url, t.drafter.client, report.id);
    const watcher = await openProvider(server.url, t.viewer.client, report.id);
    try {
      addParagraph(writer.doc, '甲'.repeat(MAX_CHARS / 2));
      await writer.whenSaved();
      await eventually(() => watcher.doc.getXmlFragment('default').length >= 1, 5_000, 'the watcher gets the first half');
      addParagraph(writer.doc, '乙'.repeat(MAX_CHARS / 2 + 10));
      await eventually(() => writer.current.denied?.reason === 'too_large', 10_000, 'the update past the limit is denied as too_large');
      // A later small edit of the same socket is refused too (it may build on the refused one).
      addParagraph(writer.doc, '丙');
      await new Promise((r) => setTimeout(r, 500));

      const stored = await contentOf(report.id);
      assert.ok(stored.text.includes('甲'.repeat(100)));
      assert.ok(!stored.text.includes('乙') && !stored.text.includes('丙'), 'nothing refused was stored');
      assert.ok(!watcher.doc.getXmlFragment('default').toString().includes('乙'), 'nothing refused was sent');
      const fresh = await openProvider(server.url, t.supervisor.client, report.id);
      try {
        assert.ok(!fresh.doc.getXmlFragment('default').toString().includes('乙'), 'a joining client gets only what was stored');
      } finally {
        closeProvider(fresh);
      }
    } finally {
      closeProvider(writer);
      closeProvider(watcher);
    }
    // Under the limit, the same user edits again after re-opening.
    const again = await openProvider(server.url, t.drafter.client, report.id);
    try {
      addParagraph(again.doc, '丁'.repeat(100));
      await again.whenSaved();
      assert.equal(again.current.denied, null);
    } finally {
      closeProvider(again);
    }
    assert.ok((await contentOf(report.id)).text.includes('丁'.repeat(100)));
  });

  test('an update that would pass the byte limit of the Yjs state is refused', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id);
    const writer = await openProvider(server.url, t.drafter.client, report.id);
    try {
      // Few characters, many bytes: one formatting attribute per character.
      const text = addParagraph(writer.doc);
      writer.doc.transact(() => {
        for (let i = 0; i < 15_000; i += 1) text.insert(i, 'x', { bold: {}, italic: i % 2 === 0 ? {} : null });
      });
      await eventually(() => writer.current.denied?.reason === 'too_large', 10_000, 'denied as too_large');
    } finally {
      closeProvider(writer);
    }
    assert.ok(!(await contentOf(report.id)).text.includes('x'));
  });

  test('an import larger than a report may be is refused with 413', async () => {
    const form = new FormData();
    form.set('teamId', t.team.id);
    form.set('file', new Blob([`大报告\n一、存在问题\n${'字'.repeat(MAX_CHARS + 1)}`]), '大报告.txt');
    const res = await fetch(`${server.url}/api/reports/import`, { method: 'POST', headers: { cookie: t.drafter.client.cookie ?? '' }, body: form });
    const body = (await res.json()) as { error: string; message: string };
    assert.equal(res.status, 413, JSON.stringify(body));
    assert.equal(body.error, 'payload_too_large');
    const mine = (await t.drafter.client.get<ReportDto[]>('/reports?mine=true')).body;
    assert.ok(!mine.some((r) => r.title === '大报告'), 'no report was made');
  });

  test('one socket joins at most 20 reports at once, and joins at a bounded rate', async () => {
    const reports: ReportDto[] = [];
    for (let i = 0; i < LIMITS.collabRoomsPerSocket + 2; i += 1) reports.push(await fx.newReport(t.drafter.client, t.team.id));
    const socket = connectCollab(server.url, t.drafter.client);
    try {
      await connected(socket);
      const acks = await Promise.all(reports.map((r) => join(socket, r.id)));
      assert.equal(acks.filter((a) => a.ok).length, LIMITS.collabRoomsPerSocket, JSON.stringify(acks));
      assert.ok(acks.filter((a) => !a.ok).every((a) => !a.ok && a.error === 'too_many_rooms'));
      // Leaving one makes room for another.
      const joinedIndex = acks.findIndex((a) => a.ok);
      const waiting = reports[acks.findIndex((a) => !a.ok)]!;
      socket.emit('leave', { reportId: reports[joinedIndex]!.id });
      await eventually(async () => (await join(socket, waiting.id)).ok, 5_000, 'a freed place can be taken');

      // Re-joining one report in a loop runs out of joins.
      const loop: JoinAck[] = [];
      for (let i = 0; i < 60; i += 1) loop.push(await join(socket, waiting.id));
      assert.ok(loop.some((a) => !a.ok && a.error === 'rate_limited'), 'the join loop is stopped');
      assert.ok(socket.connected, 'the socket stays connected');
    } finally {
      socket.disconnect();
    }
    // Another socket of the same user is not held up.
    const other = connectCollab(server.url, t.drafter.client);
    try {
      await connected(other);
      assert.equal((await join(other, reports[0]!.id)).ok, true);
    } finally {
      other.disconnect();
    }
  });
});

