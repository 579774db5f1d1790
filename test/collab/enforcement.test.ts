import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type CollabSocket,
  encodeStep1,
  encodeStep2,
  encodeUpdate,
  type ReportDto,
  toUint8Array,
} from '@review/shared';
import { decodeSyncMessage, SYNC_STEP2 } from '@review/shared';
import * as Y from 'yjs';
import {
  addParagraph,
  canonical,
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
import { ApiClient } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';

/** A raw client: speaks the wire format by hand, records what it receives. */
async function rawClient(server: StartedServer, client: ApiClient, reportId: string) {
  const socket = connectCollab(server.url, client);
  const received: { event: string; args: unknown[] }[] = [];
  socket.onAny((event: string, ...args: unknown[]) => received.push({ event, args }));
  await connected(socket);
  const ack = await join(socket, reportId);
  return { socket, ack, received };
}

/** The server's document as a fresh client gets it: step 1 with an empty state vector. */
async function serverDoc(socket: CollabSocket, reportId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const answer = new Promise<void>((resolve) => {
    const onSync = (id: string, payload: unknown) => {
      const bytes = toUint8Array(payload);
      if (id !== reportId || !bytes) return;
      const msg = decodeSyncMessage(bytes);
      if (msg.type !== SYNC_STEP2) return;
      Y.applyUpdate(doc, msg.update);
      socket.off('sync', onSync);
      resolve();
    };
    socket.on('sync', onSync);
  });
  socket.emit('sync', reportId, encodeStep1(new Uint8Array([0])));
  await withTimeout(answer, 5_000, 'no step 2 answer');
  return doc;
}

/** An update that a client with a copy of `base` would make by appending text. */
function editOf(base: Y.Doc, text: string): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  textOf(copy).insert(0, text);
  return Y.encodeStateAsUpdate(copy, before);
}

describe('server-side enforcement at the protocol level', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let t: { team: { id: string }; drafter: Member; supervisor: Member; viewer: Member };
  let draft: ReportDto;
  let inReview: ReportDto;
  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
    draft = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    inReview = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    for (const r of [draft, inReview]) {
      const p = await openProvider(server.url, t.drafter.client, r.id);
      addParagraph(p.doc, '原始内容');
      await p.whenSaved();
      closeProvider(p);
    }
    // Workflow transitions arrive with another issue; put one report in review directly.
    await server.stop();
    await server.db.query(`UPDATE reports SET state = 'in_review' WHERE id = $1`, [inReview.id]);
    await server.restart();
  });
  after(() => server.dispose());

  test('join reports the access of the current state for each party', async () => {
    const cases: [ApiClient, ReportDto, string][] = [
      [t.drafter.client, draft, 'edit'],
      [t.supervisor.client, draft, 'edit'],
      [t.viewer.client, draft, 'view'],
      [t.drafter.client, inReview, 'comment'],
      [t.supervisor.client, inReview, 'edit'],
      [t.viewer.client, inReview, 'view'],
    ];
    for (const [client, report, access] of cases) {
      const c = await rawClient(server, client, report.id);
      assert.deepEqual(c.ack, { ok: true, access, state: report.id === draft.id ? 'draft' : 'in_review' });
      c.socket.disconnect();
    }
  });

  for (const [who, reportName] of [
    ['view', 'draft'],
    ['comment', 'inReview'],
  ] as const) {
    test(`a ${who}-only user's step 2 and update are refused, not applied, stored or broadcast`, async () => {
      const report = reportName === 'draft' ? draft : inReview;
      const sender = who === 'view' ? t.viewer.client : t.drafter.client;
      const peer = await rawClient(server, t.supervisor.client, report.id);
      const attacker = await rawClient(server, sender, report.id);
      assert.equal(attacker.ack.ok && attacker.ack.access, who);
      const before = await serverDoc(peer.socket, report.id);
      peer.received.length = 0;

      attacker.socket.emit('sync', report.id, encodeStep2(editOf(before, '篡改一')));
      attacker.socket.emit('sync', report.id, encodeUpdate(editOf(before, '篡改二')));
      await eventually(
        () => attacker.received.filter((r) => r.event === 'denied').length === 2,
        3_000,
        'sender told twice',
      );
      const denied = attacker.received.find((r) => r.event === 'denied');
      assert.deepEqual(denied?.args, [report.id, { reason: 'no_edit_access' }]);
      assert.ok(attacker.socket.connected, 'a refused update does not cost the connection');

      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(peer.received.filter((r) => r.event === 'sync'), [], 'peer received nothing');
      assert.equal(canonical(await serverDoc(peer.socket, report.id)), canonical(before), 'room unchanged');
      const stored = await t.supervisor.client.get<{ text: string }>(`/reports/${report.id}/content`);
      assert.equal(stored.body.text, '原始内容', 'nothing stored');
      peer.socket.disconnect();
      attacker.socket.disconnect();
    });
  }

  test('an editor’s update is applied, broadcast to peers and acknowledged as saved', async () => {
    const peer = await rawClient(server, t.viewer.client, draft.id);
    const editor = await rawClient(server, t.supervisor.client, draft.id);
    const base = await serverDoc(editor.socket, draft.id);
    peer.received.length = 0;
    editor.socket.emit('sync', draft.id, encodeUpdate(editOf(base, '审核意见：')));
    await eventually(() => editor.received.some((r) => r.event === 'saved'), 3_000, 'saved');
    assert.deepEqual(editor.received.find((r) => r.event === 'saved')?.args, [draft.id, { count: 1 }]);
    await eventually(() => peer.received.some((r) => r.event === 'sync'), 3_000, 'peer got the update');
    const stored = await t.viewer.client.get<{ text: string }>(`/reports/${draft.id}/content`);
    assert.equal(stored.body.text, '审核意见：原始内容');
    peer.socket.disconnect();
    editor.socket.disconnect();
  });

  test('a non-member cannot join, and sync for a report not joined closes the socket', async () => {
    const outsider = await fx.newUser();
    const c = await rawClient(server, outsider.client, draft.id);
    assert.deepEqual(c.ack, { ok: false, error: 'not_found' });
    const missing = await join(c.socket, '00000000-0000-4000-8000-000000000000');
    assert.deepEqual(missing, { ok: false, error: 'not_found' });
    const closed = new Promise<string>((resolve) => c.socket.once('disconnect', resolve));
    c.socket.emit('sync', draft.id, encodeStep1(new Uint8Array([0])));
    assert.equal(await withTimeout(closed, 3_000, 'socket not closed'), 'io server disconnect');
    assert.equal(c.received.filter((r) => r.event === 'sync').length, 0, 'no document byte was sent');
  });

  test('the handshake is refused without a valid session cookie or from a foreign origin', async () => {
    const anon = connectCollab(server.url, undefined, {}, { reconnection: false });
    await assert.rejects(connected(anon), /unauthenticated/);
    anon.disconnect();
    const forged = new ApiClient(server.url);
    forged.cookie = 'review_sid=forged-token';
    const f = connectCollab(server.url, forged, {}, { reconnection: false });
    await assert.rejects(connected(f), /unauthenticated/);
    f.disconnect();
    const foreign = connectCollab(server.url, t.drafter.client, { origin: 'https://evil.example' }, { reconnection: false });
    await assert.rejects(connected(foreign));
    foreign.disconnect();
  });

  test('logging out closes the session’s open sockets', async () => {
    const { client } = await fx.newUser();
    const socket = connectCollab(server.url, client, {}, { reconnection: false });
    await connected(socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    assert.equal((await client.post('/auth/logout')).status, 204);
    await withTimeout(closed, 3_000, 'socket not closed at logout');
    socket.disconnect();
  });

  test('an awareness update claiming another identity is stamped with the real one', async () => {
    const peer = await rawClient(server, t.supervisor.client, draft.id);
    const liar = await rawClient(server, t.viewer.client, draft.id);
    peer.received.length = 0;
    const { encodeAwarenessUpdate, Awareness } = await import('y-protocols/awareness');
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { id: t.supervisor.user.id, name: '李华（冒充）', color: '#000' }, cursor: null });
    liar.socket.emit('awareness', draft.id, encodeAwarenessUpdate(awareness, [doc.clientID]));
    await eventually(() => peer.received.some((r) => r.event === 'awareness'), 3_000, 'peer got awareness');
    const watcher = new Awareness(new Y.Doc());
    const { applyAwarenessUpdate } = await import('y-protocols/awareness');
    const payload = toUint8Array(peer.received.find((r) => r.event === 'awareness')?.args[1]);
    assert.ok(payload);
    applyAwarenessUpdate(watcher, payload, 'test');
    const state = watcher.getStates().get(doc.clientID) as { user: { id: string; name: string } };
    assert.equal(state.user.id, t.viewer.user.id);
    assert.equal(state.user.name, t.viewer.user.displayName);
    awareness.destroy();
    watcher.destroy();
    peer.socket.disconnect();
    liar.socket.disconnect();
  });
});
