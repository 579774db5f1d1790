// The server's document of a room in its two forms: a live Y.Doc while edited, encoded updates
// when quiet. Every answer the sync protocol needs must be the same in both, only what is stored
// is ever given out, and an update Yjs cannot integrate must leave no trace.
import assert from 'node:assert/strict';
import { afterEach, describe, mock, test } from 'node:test';
import { decodeSyncMessage, FRAGMENT } from '@review/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { docFromLog } from '../collab.repository.js';
import { DOC_IDLE_MS, type PendingUpdate, RoomState } from './room-state.js';
import { InvalidMessageError } from '../pipeline/update-validation.js';
import { newWriteStream, refuse, type WriteStream } from '../pipeline/write-stream.js';

function addParagraph(doc: Y.Doc, text: string): void {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  doc.getXmlFragment(FRAGMENT).push([p]);
  t.insert(0, text);
}

function textOf(doc: Y.Doc, index = 0): Y.XmlText {
  return (doc.getXmlFragment(FRAGMENT).get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

/** A client update admitted to the room, pending until the store decides. */
function admit(state: RoomState, update: Uint8Array, stream: WriteStream = newWriteStream(), count = 1): PendingUpdate {
  const entry = { update, stream, count };
  state.admit(entry, 'socket');
  return entry;
}

/** A client update admitted and stored. */
function commit(state: RoomState, update: Uint8Array): void {
  state.settle(admit(state, update), true);
}

function payload(message: Uint8Array): Uint8Array {
  const msg = decodeSyncMessage(message);
  assert.notEqual(msg.type, 0);
  return 'update' in msg ? msg.update : new Uint8Array();
}

/** What a fresh client holds after the step 2 for an empty state vector. */
function loaded(state: RoomState): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, payload(state.step2For(new Uint8Array([0]))));
  return doc;
}

const text = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT).toString();

/** A writer whose updates are collected, as a client would send them. */
function writer(seed?: Uint8Array) {
  const doc = new Y.Doc();
  if (seed) Y.applyUpdate(doc, seed);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates, take: () => updates.splice(0) };
}

describe('room document (RoomState)', () => {
  afterEach(() => mock.timers.reset());

  test('the encoded form answers sync like the document it holds', () => {
    const w = writer();
    addParagraph(w.doc, '一是理论学习不够深入。');
    const older = Y.encodeStateAsUpdate(w.doc);
    addParagraph(w.doc, '二是联系群众不够紧密。');
    textOf(w.doc).delete(0, 2);
    const state = new RoomState(w.take());

    assert.deepEqual(state.stateVector(), Y.encodeStateVector(w.doc));
    assert.equal(text(loaded(state)), text(w.doc));

    // A client holding an older copy gets only what it lacks, and then holds the same document.
    const client = new Y.Doc();
    Y.applyUpdate(client, older);
    const missing = payload(state.step2For(Y.encodeStateVector(client)));
    assert.ok(missing.byteLength < Y.encodeStateAsUpdate(w.doc).byteLength);
    Y.applyUpdate(client, missing);
    assert.equal(text(client), text(w.doc));
  });

  test('updates from elsewhere join the encoded form; client updates make it live; quiet, it is encoded again', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const a = writer();
    addParagraph(a.doc, '起初的段落。');
    const state = new RoomState(a.take());

    // Another node's updates, the room cold: folded in on demand.
    const b = writer(Y.encodeStateAsUpdate(a.doc));
    for (let i = 0; i < 300; i++) textOf(b.doc).insert(0, String(i % 10));
    for (const u of b.take()) state.append(u);
    assert.deepEqual(state.stateVector(), Y.encodeStateVector(b.doc));
    assert.equal(text(loaded(state)), text(b.doc));

    // A client's update: applied to a live doc, which is what the server reads.
    textOf(b.doc).insert(0, '甲');
    for (const u of b.take()) commit(state, u);
    let seen = '';
    void state.read((doc) => (seen = text(doc)));
    assert.equal(seen, text(b.doc));
    assert.equal(text(loaded(state)), text(b.doc));

    // Nobody edits or reads for a while: the doc is encoded and dropped, answers unchanged.
    mock.timers.tick(DOC_IDLE_MS + 1);
    textOf(b.doc).insert(0, '乙');
    for (const u of b.take()) state.append(u);
    assert.deepEqual(state.stateVector(), Y.encodeStateVector(b.doc));
    assert.equal(text(loaded(state)), text(b.doc));
    state.destroy();
  });

  test('an update Yjs cannot integrate is refused and leaves the document as it was', () => {
    const w = writer();
    addParagraph(w.doc, '原文。');
    const state = new RoomState(w.take());
    const before = text(loaded(state));

    // An item whose left origin is a later clock of its own client: it decodes, but Yjs cannot
    // integrate it (it looks that item up in its own client's range, where it does not exist).
    const bad = selfReferencingUpdate();
    assert.doesNotThrow(() => Y.decodeUpdate(bad));
    assert.throws(() => admit(state, bad), InvalidMessageError);
    assert.equal(text(loaded(state)), before);

    // The room goes on taking sound updates.
    textOf(w.doc).insert(0, '新');
    for (const u of w.take()) commit(state, u);
    assert.equal(text(loaded(state)), text(w.doc));
    state.destroy();
  });

  test('an update that builds on content the room does not have is refused, not kept pending', () => {
    const w = writer();
    addParagraph(w.doc, '原文。');
    const state = new RoomState(w.take());
    const before = text(loaded(state));

    // Two edits; the second names the first as its neighbour. Sent alone, Yjs would keep it
    // pending (it decodes and "applies" without error), and pending content can come out
    // differently when the room is encoded, merged or replayed from the log.
    textOf(w.doc).insert(0, '甲');
    const [first] = w.take();
    textOf(w.doc).insert(1, '乙');
    const [second] = w.take();
    assert.ok(first && second);
    assert.throws(() => admit(state, second), (err) => err instanceof InvalidMessageError && /depends on content/.test(err.message));
    assert.equal(text(loaded(state)), before);
    assert.deepEqual(state.stateVector(), Y.encodeStateVector(loaded(state)));

    // In order, both are taken.
    commit(state, first);
    commit(state, second);
    assert.equal(text(loaded(state)), text(w.doc));
    state.destroy();
  });
});

describe('updates waiting for the store', () => {
  test('an admitted update is read but not given out until it is stored', async () => {
    const w = writer();
    addParagraph(w.doc, '原文。');
    const state = new RoomState(w.take());
    const committed = text(loaded(state));
    const vector = state.stateVector();

    textOf(w.doc).insert(0, '甲');
    const [typed] = w.take();
    assert.ok(typed);
    const entry = admit(state, typed);
    assert.equal(text(loaded(state)), committed, 'a joining client gets only what is stored');
    assert.deepEqual(state.stateVector(), vector, 'the state vector is that of what is stored');
    assert.equal(await state.read(text), text(w.doc), 'the server reads the freshest copy');
    assert.equal(await state.readCommitted(text), committed);

    state.settle(entry, true);
    assert.equal(text(loaded(state)), text(w.doc));
    assert.deepEqual(state.stateVector(), Y.encodeStateVector(w.doc));
    state.destroy();
  });

  test('a refused update leaves the document; later updates of other senders stay pending', async () => {
    const w = writer();
    addParagraph(w.doc, '原文。');
    addParagraph(w.doc, '第二段。');
    const state = new RoomState(w.take());
    const other = writer(Y.encodeStateAsUpdate(w.doc));

    textOf(w.doc).insert(0, '拒');
    const [refused] = w.take();
    textOf(other.doc, 1).insert(0, '留');
    const [kept] = other.take();
    assert.ok(refused && kept);
    const refusedStream = newWriteStream();
    const a = admit(state, refused, refusedStream);
    const b = admit(state, kept);
    assert.equal(state.pendingCount, 2);

    refuse(refusedStream, a.count, 'state_changed');
    state.settle(a, false);
    assert.ok(!(await state.read(text)).includes('拒'), 'no trace of the refused update');
    assert.ok((await state.read(text)).includes('留'), 'the other sender’s update is still there');
    state.settle(b, true);
    assert.ok(text(loaded(state)).includes('留'));
    assert.ok(!text(loaded(state)).includes('拒'));
    state.destroy();
  });

  test('a refusal refuses its own message and later ones, not the earlier ones still pending', async () => {
    const w = writer();
    addParagraph(w.doc, '原文。');
    addParagraph(w.doc, '第二段。');
    const state = new RoomState(w.take());
    const other = writer(Y.encodeStateAsUpdate(w.doc));
    const stream = newWriteStream();

    textOf(w.doc).insert(0, '先');
    const [earlier] = w.take();
    assert.ok(earlier);
    const kept = admit(state, earlier, stream, 1);
    // The same socket's next message is refused on arrival (never admitted) …
    refuse(stream, 2, 'no_edit_access');
    // … and another sender's refusal makes the room rebuild its document.
    textOf(other.doc, 1).insert(0, '拒');
    const [theirs] = other.take();
    assert.ok(theirs);
    state.settle(admit(state, theirs, newWriteStream()), false);

    assert.ok((await state.read(text)).includes('先'), 'the earlier message is still pending');
    state.settle(kept, true);
    assert.ok(text(loaded(state)).includes('先'), 'and stored, it is part of the document');
    assert.ok(!text(loaded(state)).includes('拒'));
    state.destroy();
  });
});

describe('the document read back from the stored log (docFromLog)', () => {
  test('a log of ordinary edits reads back as the document that made it', () => {
    const w = writer();
    addParagraph(w.doc, '一是理论学习不够深入。');
    for (let i = 0; i < 20; i++) textOf(w.doc).insert(i, String(i % 10));
    textOf(w.doc).delete(3, 4);
    assert.equal(text(docFromLog(w.take())), text(w.doc));
  });

  test('an update that does not integrate is left out, the rest loads, and the caller hears of it', () => {
    const w = writer();
    addParagraph(w.doc, '原文。');
    const log = w.take();
    log.push(selfReferencingUpdate());
    textOf(w.doc).insert(0, '新');
    log.push(...w.take());

    const skipped: number[] = [];
    const doc = docFromLog(log, (index) => skipped.push(index));
    assert.deepEqual(skipped, [log.length - 2]);
    assert.equal(text(doc), text(w.doc));
    // Nothing of the bad update is left behind (a half-applied update would show in the state).
    assert.deepEqual(Y.encodeStateVector(doc), Y.encodeStateVector(w.doc));
  });
});

/**
 * A one-item update (client 7, clock 0, a string) whose left origin is (7, 5): its own client at
 * a clock it does not have, in Yjs's v1 update format, so it decodes cleanly.
 */
function selfReferencingUpdate(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, 7); // client
  encoding.writeVarUint(e, 0); // first clock
  encoding.writeUint8(e, 0x04 | 0x80); // Item with ContentString and a left origin
  encoding.writeVarUint(e, 7); // origin client
  encoding.writeVarUint(e, 5); // origin clock
  encoding.writeVarString(e, '错');
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}
