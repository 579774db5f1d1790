// The stages wired together: nothing reaches another client before the store kept it; a refusal
// reaches nobody, leaves the room as it was and is answered `denied`, never `saved`.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { decodeSyncMessage, encodeStep1, encodeUpdate, LIMITS, SYNC_STEP2 } from '@review/shared';
import * as Y from 'yjs';
import type { AuditService } from '../../audit/index.js';
import type { CollabRepository } from '../collab.repository.js';
import { DenialAudit } from '../denial-audit.js';
import { EditSessions } from '../edit-sessions.js';
import type { Room } from '../rooms/room.js';
import { RoomUpkeep } from '../rooms/room-upkeep.js';
import { FakeIo, nextTurn } from '../testing/fake-io.js';
import { AUTHOR, ClientDoc, MEMBER, memberOf, REVIEWER, roomIn } from '../testing/rooms.js';
import { Acknowledger } from './acknowledge.js';
import { Broadcaster } from './broadcast.js';
import type { PendingRow } from './store/append-batch.js';
import type { UpdateWriter, WriteOutcome, WriteSource } from './store/update-writer.js';
import { UpdatePipeline } from './update-pipeline.js';

/** The store, held by the spec: each write waits until the spec decides it. */
class HeldStore {
  readonly writes: { row: Omit<PendingRow, 'stream'>; source?: WriteSource; decide(outcome: WriteOutcome): void }[] = [];

  write(row: Omit<PendingRow, 'stream'>, source?: WriteSource): Promise<WriteOutcome> {
    return new Promise((resolve) => this.writes.push({ row, source, decide: resolve }));
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}

const quiet = { recordInBackground: () => undefined, record: async () => undefined } as unknown as AuditService;
const noStorage = { updateContentHash: async () => undefined, compact: async () => undefined } as unknown as CollabRepository;
const sessions: EditSessions[] = [];

function setUp(state: 'draft' | 'in_review' = 'draft') {
  const io = new FakeIo();
  const out = io.output();
  const store = new HeldStore();
  const editSessions = new EditSessions(quiet, out);
  sessions.push(editSessions);
  const pipeline = new UpdatePipeline(
    out,
    store as unknown as UpdateWriter,
    new Broadcaster(out),
    new Acknowledger(out, new DenialAudit(quiet)),
    new RoomUpkeep(noStorage),
    editSessions,
    { fault: undefined },
    { chars: LIMITS.documentChars, bytes: LIMITS.documentBytes },
  );
  const room = roomIn(state);
  const join = (id: string, userId: string, role: 'drafter' | 'supervisor' | undefined) => {
    const socket = io.socket(id);
    socket.join(room.name);
    return { socket, member: memberOf(room, id, userId, role) };
  };
  return { io, store, pipeline, room, join };
}

/** Until the store's answers went through the pipeline and the turn's output went out. */
async function settled(): Promise<void> {
  await nextTurn();
  await nextTurn();
}

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.closeAll();
});

/** What a client joining now would get: the room's step 2 for an empty state vector. */
function joiningClientSees(room: Room): string {
  const msg = decodeSyncMessage(room.state.step2For(new Uint8Array([0])));
  assert.equal(msg.type, SYNC_STEP2);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (msg as { update: Uint8Array }).update);
  return doc.getXmlFragment('default').toString();
}

test('an update goes out, and is acknowledged, only once it is stored', async () => {
  const { io, store, pipeline, room, join } = setUp();
  const author = join('a', AUTHOR, 'drafter');
  join('b', REVIEWER, 'supervisor');
  const client = new ClientDoc();
  pipeline.handle(author.socket, room, author.member, encodeUpdate(client.paragraph('一是')));
  await nextTurn();
  assert.equal(store.writes.length, 1);
  assert.equal(io.sent.length, 0, 'nothing sent while the store decides');
  assert.equal(joiningClientSees(room), '', 'a joining client does not get it either');

  store.writes[0]?.decide('stored');
  await settled();
  assert.deepEqual(io.received('b').map((m) => m[0]), ['sync']);
  assert.deepEqual(io.received('a'), [['saved', room.reportId, { count: 1 }]]);
  assert.equal(joiningClientSees(room), client.text());
  assert.equal(room.owners.get(client.doc.clientID), AUTHOR, 'the stored client is the author’s');
});

test('an update the store refuses reaches nobody, leaves the room as it was, and is answered denied', async () => {
  const { io, store, pipeline, room, join } = setUp();
  const author = join('a', AUTHOR, 'drafter');
  join('b', REVIEWER, 'supervisor');
  const client = new ClientDoc();
  pipeline.handle(author.socket, room, author.member, encodeUpdate(client.paragraph('提交后')));
  pipeline.handle(author.socket, room, author.member, encodeUpdate(client.paragraph('还在打字')));
  await nextTurn();
  store.writes[0]?.decide('state_changed');
  store.writes[1]?.decide('state_changed');
  await settled();
  assert.deepEqual(io.received('b'), [], 'the peer got nothing');
  assert.deepEqual(
    io.received('a').map((m) => m[0]),
    ['denied', 'denied'],
    'denied, never saved',
  );
  assert.equal(joiningClientSees(room), '');
  assert.equal(await room.state.read((d) => d.getXmlFragment('default').toString()), '', 'no trace in the live document');

  // The socket's later updates are refused without troubling the store.
  pipeline.handle(author.socket, room, author.member, encodeUpdate(client.paragraph('再试')));
  await settled();
  assert.equal(store.writes.length, 2);
  assert.deepEqual(io.received('a').at(-1), ['denied', room.reportId, { reason: 'state_changed' }]);
});

test('without edit access nothing is written; an empty update is acknowledged; step 1 is answered with what is stored', async () => {
  const { io, store, pipeline, room, join } = setUp('in_review');
  const author = join('a', AUTHOR, 'drafter');
  const viewer = join('v', MEMBER, 'drafter');
  pipeline.handle(viewer.socket, room, viewer.member, encodeUpdate(Y.encodeStateAsUpdate(new Y.Doc())));
  await settled();
  assert.deepEqual(io.received('v'), [['saved', room.reportId, { count: 1 }]]);
  pipeline.handle(author.socket, room, author.member, encodeUpdate(new ClientDoc().paragraph('越权')));
  await settled();
  assert.equal(store.writes.length, 0);
  assert.deepEqual(io.received('a'), [['denied', room.reportId, { reason: 'no_edit_access' }]]);
  pipeline.handle(viewer.socket, room, viewer.member, encodeStep1(new Uint8Array([0])));
  assert.equal(io.received('v').at(-1)?.[0], 'sync');
});
