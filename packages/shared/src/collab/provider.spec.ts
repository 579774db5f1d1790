// The provider's bookkeeping around a join, driven message by message in the order the server
// may deliver them. End-to-end behaviour is tested against the real server in test/collab; this
// pins down orderings that a live run produces only now and then.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, test } from 'node:test';
import * as Y from 'yjs';
import type { JoinAck } from './events.js';
import { type CollabSocket, CollabProvider } from './provider.js';
import { decodeSyncMessage, encodeStep1, encodeStep2, SYNC_STEP1, SYNC_UPDATE } from './sync-messages.js';

/** Stands in for a connected Socket.IO client socket: records what the provider sends. */
class ScriptedSocket extends EventEmitter {
  connected = true;
  readonly sent: { event: string; args: unknown[] }[] = [];

  override emit(event: string, ...args: unknown[]): boolean {
    this.sent.push({ event, args });
    return true;
  }

  /** A message from the server. */
  deliver(event: string, ...args: unknown[]): void {
    super.emit(event, ...args);
  }

  syncTypesSent(): number[] {
    return this.sent.filter((m) => m.event === 'sync').map((m) => decodeSyncMessage(m.args[1] as Uint8Array).type);
  }
}

const REPORT = '00000000-0000-4000-8000-000000000001';

const providers: CollabProvider[] = [];
afterEach(() => {
  for (const p of providers.splice(0)) p.destroy();
});

function start() {
  const socket = new ScriptedSocket();
  const provider = new CollabProvider(socket as unknown as CollabSocket, REPORT);
  providers.push(provider);
  const join = socket.sent.find((m) => m.event === 'join');
  assert.ok(join, 'the provider joins on connect');
  const ack = join.args[1] as (res: JoinAck) => void;
  return { socket, provider, ack };
}

test('a change made between the server’s step 1 and the join acknowledgement is sent at once and saved', () => {
  const { socket, provider, ack } = start();
  // The server's step 1 arrives first (it is sent just before the acknowledgement)…
  socket.deliver('sync', REPORT, encodeStep1(Y.encodeStateVector(new Y.Doc())));
  // …the user types before the acknowledgement's packet is read…
  provider.doc.getXmlFragment('default').insert(0, [new Y.XmlText('甲')]);
  assert.deepEqual(socket.syncTypesSent(), [SYNC_UPDATE], 'the change went out right away');
  // …then the acknowledgement, the server's step 2, and the confirmation of the one change.
  ack({ ok: true, access: 'edit', state: 'draft' });
  assert.deepEqual(socket.syncTypesSent(), [SYNC_UPDATE, SYNC_STEP1]);
  socket.deliver('sync', REPORT, encodeStep2(Y.encodeStateAsUpdate(new Y.Doc())));
  socket.deliver('saved', REPORT, { count: 1 });
  assert.equal(provider.current.status, 'synced');
  assert.equal(provider.current.unsaved, 0);
});

test('changes made before the server’s step 1 go out in the step 2 answer, once', () => {
  const { socket, provider, ack } = start();
  provider.doc.getXmlFragment('default').insert(0, [new Y.XmlText('乙')]);
  assert.deepEqual(socket.syncTypesSent(), [], 'not in the room yet: nothing sent');
  assert.equal(provider.current.unsaved, 1);
  socket.deliver('sync', REPORT, encodeStep1(Y.encodeStateVector(new Y.Doc())));
  ack({ ok: true, access: 'edit', state: 'draft' });
  socket.deliver('sync', REPORT, encodeStep2(Y.encodeStateAsUpdate(new Y.Doc())));
  assert.equal(socket.syncTypesSent().filter((t) => t !== SYNC_STEP1).length, 1, 'one step 2 with the change');
  socket.deliver('saved', REPORT, { count: 1 });
  assert.equal(provider.current.unsaved, 0);
});
