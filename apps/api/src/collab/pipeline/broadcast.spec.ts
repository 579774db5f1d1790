import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeSyncMessage, SYNC_UPDATE } from '@review/shared';
import * as Y from 'yjs';
import { ClientDoc, roomIn } from '../testing/rooms.js';
import { FakeIo, nextTurn } from '../testing/fake-io.js';
import { Broadcaster } from './broadcast.js';

function join(io: FakeIo, roomName: string, ...ids: string[]): void {
  for (const id of ids) io.socket(id).join(roomName);
}

const textOfSync = (payload: unknown) => {
  const msg = decodeSyncMessage(payload as Uint8Array);
  assert.equal(msg.type, SYNC_UPDATE);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (msg as { update: Uint8Array }).update);
  return doc.getXmlFragment('default').toString();
};

test('what a room stores in one turn goes out once, merged, to everyone but its one sender', async () => {
  const io = new FakeIo();
  const room = roomIn('draft');
  join(io, room.name, 'a', 'b', 'c');
  const broadcaster = new Broadcaster(io.output(true));
  const client = new ClientDoc();
  broadcaster.stored(room, client.paragraph('一'), 'a');
  broadcaster.stored(room, client.paragraph('二'), 'a');
  assert.equal(io.sent.length, 0, 'nothing before the turn ends');
  await nextTurn();
  const syncs = io.sent.filter((s) => s.event === 'sync');
  assert.deepEqual(syncs.map((s) => s.to).sort(), ['b', 'c']);
  assert.equal(textOfSync(syncs[0]?.args[1]), client.text());
  const relayed = io.sent.find((s) => s.to === 'other-nodes');
  assert.equal((relayed?.args[1] as Uint8Array[]).length, 2, 'other nodes get the stored updates unmerged');
});

test('updates of several senders in one turn go to all, senders included (Yjs ignores what it has)', async () => {
  const io = new FakeIo();
  const room = roomIn('draft');
  join(io, room.name, 'a', 'b');
  const broadcaster = new Broadcaster(io.output());
  broadcaster.stored(room, new ClientDoc().paragraph('甲'), 'a');
  broadcaster.stored(room, new ClientDoc().paragraph('乙'), 'b');
  await nextTurn();
  assert.deepEqual(io.sent.map((s) => s.to).sort(), ['a', 'b'], 'one node: nothing for other nodes');
});

test('updates stored elsewhere join the room and go to all its sockets here', () => {
  const io = new FakeIo();
  const room = roomIn('draft');
  join(io, room.name, 'a');
  const broadcaster = new Broadcaster(io.output());
  const update = new ClientDoc().paragraph('远');
  broadcaster.passOn(room, [update]);
  assert.equal(textOfSync(io.sent[0]?.args[1]), '<paragraph>远</paragraph>');
  assert.deepEqual(room.state.stateVector(), Y.encodeStateVectorFromUpdate(update));
});
