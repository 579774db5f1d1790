import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeStep1, encodeStep2, encodeUpdate } from '@review/shared';
import * as Y from 'yjs';
import { ClientDoc } from '../testing/rooms.js';
import { InvalidMessageError } from './update-validation.js';
import { readSyncMessage } from './validate.js';

test('step 1, an empty step 2 and an update are told apart', () => {
  assert.equal(readSyncMessage(encodeStep1(new Uint8Array([0]))).kind, 'step1');
  assert.equal(readSyncMessage(encodeStep2(Y.encodeStateAsUpdate(new Y.Doc()))).kind, 'empty');
  const client = new ClientDoc();
  const msg = readSyncMessage(encodeUpdate(client.paragraph('一是学习')));
  assert.equal(msg.kind, 'update');
  assert.ok(msg.kind === 'update');
  assert.equal(msg.checked.inserted, 4);
  assert.deepEqual(msg.checked.clients, [client.doc.clientID]);
});

test('the update is a copy, not a view into the socket’s buffer', () => {
  const payload = encodeUpdate(new ClientDoc().paragraph('甲'));
  const msg = readSyncMessage(payload);
  assert.ok(msg.kind === 'update');
  payload.fill(0);
  assert.doesNotThrow(() => Y.decodeUpdate(msg.update));
});

test('malformed messages and updates outside the schema are refused', () => {
  assert.throws(() => readSyncMessage(new Uint8Array([7, 0])), InvalidMessageError);
  assert.throws(() => readSyncMessage(new Uint8Array([2, 0x80, 0x80, 0x80, 0x80, 0x10])), InvalidMessageError);
  const other = new Y.Doc();
  other.getMap('settings').set('evil', true);
  assert.throws(() => readSyncMessage(encodeUpdate(Y.encodeStateAsUpdate(other))), /root type/);
});
