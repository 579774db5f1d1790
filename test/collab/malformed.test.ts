import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { contentHash, type CollabSocket, encodeUpdate, LIMITS, type ReportDto } from '@review/shared';
import * as Y from 'yjs';
import {
  addParagraph,
  closeProvider,
  connectCollab,
  connected,
  eventually,
  join,
  openProvider,
  textOf,
  withTimeout,
} from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';

function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

describe('malformed and hostile input', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let t: { team: { id: string }; drafter: Member; supervisor: Member };
  let target: ReportDto;
  let bystanderReport: ReportDto;

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
    target = await fx.newReport(t.drafter.client, t.team.id);
    // The supervisor reviews it, so that in the draft the bystander may edit (and be told saved).
    bystanderReport = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    for (const r of [target, bystanderReport]) {
      const p = await openProvider(server.url, t.drafter.client, r.id);
      addParagraph(p.doc, '一、存在问题');
      await p.whenSaved();
      closeProvider(p);
    }
  });
  after(() => server.dispose());

  const otherDoc = new Y.Doc();
  otherDoc.getMap('settings').set('evil', true);
  const wrongRoot = Y.encodeStateAsUpdate(otherDoc);
  const arrayDoc = new Y.Doc();
  arrayDoc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
  const cases: { name: string; send: (s: CollabSocket, id: string) => void }[] = [
    { name: 'garbage bytes', send: (s, id) => s.emit('sync', id, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2])) },
    { name: 'truncated update', send: (s, id) => s.emit('sync', id, encodeUpdate(wrongRoot).subarray(0, 6)) },
    { name: 'huge declared length', send: (s, id) => s.emit('sync', id, new Uint8Array([2, ...varUint(2 ** 40), 1, 2, 3])) },
    { name: 'unknown sync type', send: (s, id) => s.emit('sync', id, new Uint8Array([7, 0])) },
    { name: 'update of another root type', send: (s, id) => s.emit('sync', id, encodeUpdate(wrongRoot)) },
    { name: 'non-binary payload', send: (s, id) => (s.emit as (e: string, ...a: unknown[]) => void)('sync', id, 'hello') },
    { name: 'sync for a report not joined', send: (s) => s.emit('sync', bystanderReport.id, encodeUpdate(Y.encodeStateAsUpdate(arrayDoc))) },
    { name: 'report id that is not a string', send: (s) => (s.emit as (e: string, ...a: unknown[]) => void)('sync', { $ne: 1 }, new Uint8Array([0, 0])) },
    { name: 'unknown event', send: (s) => (s.emit as (e: string, ...a: unknown[]) => void)('drop_tables', 'x') },
    { name: 'garbage awareness', send: (s, id) => s.emit('awareness', id, new Uint8Array([1, 5, 5, 200, 1, 0x7b])) },
    {
      name: 'payload one byte over the limit',
      send: (s, id) => s.emit('sync', id, new Uint8Array(LIMITS.collabMessageBytes + 1)),
    },
  ];

  for (const c of cases) {
    test(`${c.name}: that socket is closed, the server and other documents are unharmed`, async () => {
      const bystander = await openProvider(server.url, t.supervisor.client, bystanderReport.id);
      const hashBefore = await contentHash(bystander.doc);
      const targetBefore = (await t.drafter.client.get<{ contentHash: string }>(`/reports/${target.id}/content`)).body;

      const bad = connectCollab(server.url, t.drafter.client, {}, { reconnection: false });
      await connected(bad);
      assert.equal((await join(bad, target.id)).ok, true);
      const closed = new Promise<string>((resolve) => bad.once('disconnect', resolve));
      c.send(bad, target.id);
      assert.match(await withTimeout(closed, 5_000, `${c.name}: socket not closed`), /disconnect|transport close/);

      // The bystander still works, and neither document changed.
      textOf(bystander.doc).insert(0, '✓');
      await bystander.whenSaved();
      const health = await fetch(`${server.url}/api/health`);
      assert.equal(health.status, 200);
      const bystanderStored = await t.drafter.client.get<{ text: string }>(`/reports/${bystanderReport.id}/content`);
      assert.equal(bystanderStored.body.text.replace(/^✓+/, ''), '一、存在问题');
      assert.notEqual(hashBefore, await contentHash(bystander.doc));
      const targetAfter = (await t.drafter.client.get<{ contentHash: string }>(`/reports/${target.id}/content`)).body;
      assert.equal(targetAfter.contentHash, targetBefore.contentHash, 'target document untouched');
      closeProvider(bystander);
    });
  }

  test('a flood of events from one socket is cut off without hurting others', async () => {
    const other = await openProvider(server.url, t.supervisor.client, bystanderReport.id);
    const flooder = connectCollab(server.url, t.drafter.client, {}, { reconnection: false });
    await connected(flooder);
    await join(flooder, target.id);
    const closed = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
    for (let i = 0; i < LIMITS.collabBurstMessages * 3; i++) flooder.emit('sync', target.id, new Uint8Array([0, 1, 0]));
    await withTimeout(closed, 10_000, 'flooder not cut off');
    const started = Date.now();
    textOf(other.doc).insert(0, '◎');
    await other.whenSaved();
    assert.ok(Date.now() - started < 2_000, 'others keep being served');
    closeProvider(other);
  });

  test('a document of 5 MB still loads', async () => {
    const big = await fx.newReport(t.drafter.client, t.team.id);
    const writer = await openProvider(server.url, t.drafter.client, big.id);
    const chunk = '本人深入学习习近平新时代中国特色社会主义思想，查找不足，制定整改措施。'.repeat(30);
    // ~5 MB of UTF-8, in updates of 100 paragraphs (~280 KB), well under the message limit.
    for (let i = 0; i < 18; i++) {
      writer.doc.transact(() => {
        for (let k = 0; k < 100; k++) addParagraph(writer.doc, chunk);
      });
      await writer.whenSaved();
    }
    await writer.whenSaved();
    closeProvider(writer);
    const stored = await t.drafter.client.get<{ text: string }>(`/reports/${big.id}/content`);
    assert.ok(Buffer.byteLength(stored.body.text) > 5_000_000, `stored ${Buffer.byteLength(stored.body.text)} bytes`);
    const reader = await openProvider(server.url, t.supervisor.client, big.id);
    await eventually(() => reader.doc.getXmlFragment('default').length === 1_800, 10_000, 'all paragraphs loaded');
    closeProvider(reader);
  });
});
