/**
 * The update pipeline's invariants, at the raw protocol level with hand-written clients:
 * - no client ever receives an update that the store refused; `denied` means not stored and not
 *   sent to anyone, and `saved` is sent only for what was stored;
 * - an edit is attributed to the user whose client created its items, not to whoever re-sends them;
 * - an editor typing through a transition (submit, approve, reopen) gets nothing typed after it
 *   stored, and a passive peer that holds whatever it was sent, then reconnects and answers the
 *   server's step 1 as every client does, has seen none of it and stores none of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type AuditEventDto,
  type CollabSocket,
  decodeSyncMessage,
  encodeStep1,
  encodeStep2,
  encodeUpdate,
  FRAGMENT,
  type ReportDto,
  SYNC_STEP1,
  toUint8Array,
} from '@review/shared';
import * as Y from 'yjs';
import { connectCollab, connected, eventually, join, withTimeout } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import type { ApiClient } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

/**
 * A client that keeps a Y.Doc of everything the server sends it and answers the server's step 1
 * with whatever it holds that the server lacks, as the real provider does after every (re)join.
 */
class Peer {
  readonly doc = new Y.Doc();
  socket!: CollabSocket;
  /** `saved` counts and `denied` reasons received on the current socket. */
  saved: number[] = [];
  denied: string[] = [];
  /** Sync messages with changes sent on the current socket. */
  sent = 0;

  constructor(
    private readonly url: string,
    private readonly client: ApiClient,
    readonly reportId: string,
  ) {}

  async connect(): Promise<void> {
    this.socket = connectCollab(this.url, this.client, {}, { reconnection: false });
    this.sent = 0;
    this.saved = [];
    this.denied = [];
    this.connected();
    const synced = new Promise<void>((resolve) => {
      this.socket.on('sync', (id: string, payload: unknown) => {
        const bytes = toUint8Array(payload);
        if (id !== this.reportId || !bytes) return;
        const msg = decodeSyncMessage(bytes);
        if (msg.type === SYNC_STEP1) {
          const diff = Y.encodeStateAsUpdate(this.doc, msg.stateVector);
          this.sent += 1;
          this.socket.emit('sync', this.reportId, encodeStep2(diff));
          return;
        }
        Y.applyUpdate(this.doc, msg.update, 'server');
        resolve();
      });
    });
    this.socket.on('saved', (_id: string, info: { count: number }) => this.saved.push(info.count));
    this.socket.on('denied', (_id: string, info: { reason: string }) => this.denied.push(info.reason));
    await connected(this.socket);
    const ack = await join(this.socket, this.reportId);
    assert.ok(ack.ok, JSON.stringify(ack));
    this.socket.emit('sync', this.reportId, encodeStep1(Y.encodeStateVector(this.doc)));
    await withTimeout(synced, 5_000, 'peer did not sync');
  }

  /** A new socket: the counts of sync messages start again. */
  protected connected(): void {}

  disconnect(): void {
    this.socket.disconnect();
  }

  text(): string {
    return this.doc.getXmlFragment(FRAGMENT).toString();
  }
}

/** An editor typing numbered markers `[k]` into the first paragraph, one sync message each. */
class Typist extends Peer {
  /** Letter of this typist's markers, so that two typists' markers never look alike. */
  tag = 't';
  private typed = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Marker number of each sync message sent, by message count on the current socket. */
  private markerOf = new Map<number, number>();
  /** Markers acknowledged as saved, on any socket. */
  private confirmed = new Set<number>();

  protected override connected(): void {
    this.markerOf = new Map();
    this.socket.on('saved', (_id: string, info: { count: number }) => {
      for (const [count, marker] of this.markerOf) if (count <= info.count) this.confirmed.add(marker);
    });
  }

  type(): void {
    const fragment = this.doc.getXmlFragment(FRAGMENT);
    const before = Y.encodeStateVector(this.doc);
    this.typed += 1;
    const marker = `[${this.tag}${this.typed}]`;
    this.doc.transact(() => {
      let para = fragment.get(0);
      if (!(para instanceof Y.XmlElement)) {
        para = new Y.XmlElement('paragraph');
        para.insert(0, [new Y.XmlText()]);
        fragment.insert(0, [para]);
      }
      const text = (para as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(text.length, marker);
    }, 'local');
    this.sent += 1;
    this.markerOf.set(this.sent, this.typed);
    this.socket.emit('sync', this.reportId, encodeUpdate(Y.encodeStateAsUpdate(this.doc, before)));
  }

  start(everyMs = 4): void {
    this.timer = setInterval(() => this.type(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Markers of the messages the server acknowledged as saved. */
  savedMarkers(): number[] {
    return [...this.confirmed];
  }
}

const markersIn = (text: string, tag: string) =>
  [...text.matchAll(/\[([a-z])(\d+)\]/g)].filter((m) => m[1] === tag).map((m) => Number(m[2]));
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** The stored document as the peer's fragment prints it, from a fresh sync of the server's state. */
async function storedXml(client: ApiClient, reportId: string): Promise<string> {
  const fresh = new Peer(serverUrl, client, reportId);
  await fresh.connect();
  fresh.disconnect();
  return fresh.text();
}

let serverUrl = '';

async function storedText(client: ApiClient, reportId: string): Promise<string> {
  return (await client.get<{ text: string }>(`/reports/${reportId}/content`)).body.text;
}

async function settle(ms = 400): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * After a race: what the typist was told saved is exactly what is stored; what the peer holds is
 * exactly what is stored; a peer reconnecting and answering step 1 stores nothing new.
 */
async function checkInvariants(typist: Typist, peer: Peer, reader: ApiClient, reportId: string): Promise<string> {
  await settle();
  const stored = await storedText(reader, reportId);
  assert.deepEqual(sorted(markersIn(stored, typist.tag)), sorted(typist.savedMarkers()), '`saved` covers exactly what was stored');
  assert.deepEqual(peer.text(), await storedXml(reader, reportId), 'the peer received exactly what was stored');
  peer.disconnect();
  await peer.connect();
  await settle();
  assert.equal(await storedText(reader, reportId), stored, 'a reconnecting peer stores nothing refused');
  assert.deepEqual(peer.denied, [], 'the peer had nothing refused to send');
  return stored;
}

describe('the update pipeline: nothing refused is stored, acknowledged or sent', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let t: { team: { id: string }; drafter: Member; supervisor: Member; viewer: Member };

  before(async () => {
    server = await startServer();
    serverUrl = server.url;
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
  });
  after(() => server.dispose());

  test('typing through submit, approve and reopen: refused edits reach nobody and are never stored', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    const drafter = new Typist(server.url, t.drafter.client, report.id);
    const reviewer = new Typist(server.url, t.supervisor.client, report.id);
    drafter.tag = 'd';
    reviewer.tag = 'r';
    await drafter.connect();
    await reviewer.connect();

    // Submit while the drafter types; the reviewer only listens.
    drafter.start();
    await settle(150);
    const submitted = await transition(t.drafter.client, report.id, 'submit');
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    await settle(300);
    drafter.stop();
    assert.ok(drafter.denied.length > 0, 'edits after the submit were refused');
    assert.ok(drafter.denied.every((r) => r === 'state_changed' || r === 'no_edit_access'), drafter.denied.join());
    const afterSubmit = await checkInvariants(drafter, reviewer, t.supervisor.client, report.id);
    assert.ok(markersIn(afterSubmit, 'd').length > 0, 'edits before the submit were stored');

    // Approve while the reviewer types, starting later each round until an approval lands
    // (typing that reaches the store before the approval makes it fail with content_changed).
    const passive = new Peer(server.url, t.drafter.client, report.id);
    await passive.connect();
    let approved = false;
    for (let delay = 0; !approved && delay <= 2_000; delay += 60) {
      const current = (await t.supervisor.client.get<ReportDto>(`/reports/${report.id}`)).body;
      const hash = (await t.supervisor.client.get<{ contentHash: string }>(`/reports/${report.id}/content`)).body.contentHash;
      const typing = setTimeout(() => reviewer.start(), delay);
      const res = await t.supervisor.client.post<ReportDto>(`/reports/${report.id}/transitions`, {
        action: 'approve',
        expectedRevision: current.revision,
        contentHash: hash,
        password: `pw-${t.supervisor.user.username}`,
      });
      await settle(200);
      clearTimeout(typing);
      reviewer.stop();
      await settle(200);
      approved = res.status === 200;
      if (!approved) assert.equal((res.body as { error?: string }).error, 'content_changed');
    }
    assert.ok(approved, 'an approval landed');
    const afterApprove = await checkInvariants(reviewer, passive, t.drafter.client, report.id);
    const signed = (await t.drafter.client.get<{ signatures?: unknown }[]>(`/reports/${report.id}/signatures`)).body;
    assert.equal(signed.length, 1);

    // Reopen while a fresh client of the reviewer types: refused while approved, and its socket
    // stays refused after the reopen (the client must reload), so nothing of it is stored.
    reviewer.disconnect();
    const reopener = new Typist(server.url, t.supervisor.client, report.id);
    reopener.tag = 'o';
    await reopener.connect();
    reopener.start();
    await settle(100);
    assert.equal((await transition(t.supervisor.client, report.id, 'reopen')).status, 200);
    await settle(200);
    reopener.stop();
    assert.ok(reopener.denied.length > 0);
    assert.equal(await checkInvariants(reopener, passive, t.drafter.client, report.id), afterApprove);

    // Attribution: every edit session credits its user with exactly the characters of the
    // markers that user typed and the store kept. A passive peer re-sending others' refused
    // typing would be credited with it.
    const stored = await storedText(t.supervisor.client, report.id);
    const audit = (await t.supervisor.client.get<AuditEventDto[]>(`/reports/${report.id}/audit`)).body;
    const insertedBy = (userId: string) =>
      audit
        .filter((e) => e.action === 'edit_session' && e.actor === userId)
        .reduce((n, e) => n + Number(e.details.inserted ?? 0), 0);
    const typedBy = (tag: string) => markersIn(stored, tag).reduce((n, k) => n + `[${tag}${k}]`.length, 0);
    assert.equal(insertedBy(t.drafter.user.id), typedBy('d'), 'the drafter is credited with what the drafter typed');
    assert.equal(insertedBy(t.supervisor.user.id), typedBy('r'), 'the reviewer is credited with what the reviewer typed');
    for (const p of [drafter, reopener, passive]) p.disconnect();
  });

  test('items of a client another user owns are refused, not stored and not sent', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    const drafter = new Typist(server.url, t.drafter.client, report.id);
    await drafter.connect();
    drafter.type();
    await eventually(() => drafter.saved.length > 0, 3_000, 'drafter saved');
    const listener = new Peer(server.url, t.viewer.client, report.id);
    await listener.connect();
    const stored = await storedText(t.viewer.client, report.id);

    // The supervisor (who may edit the draft) sends text made as if by the drafter's client.
    const forger = new Peer(server.url, t.supervisor.client, report.id);
    await forger.connect();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(drafter.doc));
    // Set after applying: Yjs picks a new client id when an update brings items of its own.
    copy.clientID = drafter.doc.clientID;
    const vector = Y.encodeStateVector(copy);
    ((copy.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, '冒名');
    forger.sent += 1;
    forger.socket.emit('sync', report.id, encodeUpdate(Y.encodeStateAsUpdate(copy, vector)));
    await eventually(() => forger.denied.length > 0, 3_000, 'forged items refused');
    assert.deepEqual(forger.denied, ['foreign_items']);
    await settle();
    assert.ok(forger.saved.every((count) => count < forger.sent), 'nothing of it acknowledged');
    assert.equal(await storedText(t.viewer.client, report.id), stored, 'nothing of it stored');
    assert.ok(!listener.text().includes('冒名'), 'nothing of it sent');

    // The drafter's own client goes on writing.
    drafter.type();
    await eventually(() => markersIn(listener.text(), 't').length === 2, 3_000, 'the owner still writes');
    for (const p of [drafter, listener, forger]) p.disconnect();
  });
});
