// A room's document in every form it takes (live Y.Doc, merged base, appended updates, encoded
// again when quiet, loaded back from the log) must be the log replayed update by update, whatever
// the clients send. Property: over many seeds of writers that share Yjs client ids (the input that
// once made the compacted form differ from a replay), with updates refused at random and
// compaction forced at random moments, a fresh client, the live document, the log replayed and a
// room loaded from the log all hold the same document. PROPERTY_SEEDS sets the number of seeds.
import assert from 'node:assert/strict';
import { afterEach, describe, mock, test } from 'node:test';
import { decodeSyncMessage, FRAGMENT } from '@review/shared';
import { ClashingWriters } from '@review/testing';
import * as Y from 'yjs';
import { replayUpdates } from '../../documents/index.js';
import { InvalidMessageError } from '../pipeline/update-validation.js';
import { newWriteStream, refuse, type WriteStream } from '../pipeline/write-stream.js';
import { DOC_IDLE_MS, EMPTY_UPDATE, type PendingUpdate, RoomState } from './room-state.js';

const SEEDS = Number(process.env.PROPERTY_SEEDS ?? 300);
const STEPS = 120;

const shapeOf = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT).toString();

function fromStep2(message: Uint8Array): Y.Doc {
  const msg = decodeSyncMessage(message);
  const doc = new Y.Doc();
  if ('update' in msg) Y.applyUpdate(doc, msg.update);
  return doc;
}

interface Writer {
  stream: WriteStream;
  count: number;
}

/** One seed: the writers' edits through a room, with refusals and compaction; returns what was stored. */
function run(seed: number): { state: RoomState; stored: Uint8Array[] } {
  const writers = new ClashingWriters(seed, { writers: 4, ids: 2 });
  const r = writers.r;
  const state = new RoomState([]);
  const stored: Uint8Array[] = [];
  const pending: { entry: PendingUpdate; writer: number }[] = [];
  const streams: Writer[] = writers.docs.map(() => ({ stream: newWriteStream(), count: 0 }));

  /** The store decides on the oldest pending update, as the writer does in arrival order. */
  const decideOldest = () => {
    const next = pending.shift();
    if (!next) return;
    const { entry, writer } = next;
    const refusedBefore = entry.stream.refusal !== undefined && entry.count >= entry.stream.refusal.at;
    const keep = !refusedBefore && r() < 0.85;
    if (!keep) refuse(entry.stream, entry.count, 'state_changed');
    state.settle(entry, keep);
    if (keep) {
      stored.push(entry.update);
      // Broadcast: every other writer receives it.
      writers.docs.forEach((_, i) => i !== writer && writers.receive(i, entry.update));
    }
  };

  for (let step = 0; step < STEPS; step++) {
    const choice = r();
    if (choice < 0.55) {
      const edit = writers.edit();
      if (!edit) continue;
      const w = streams[edit.writer] as Writer;
      // The decide stage: once a stream had a refusal, its later updates are refused unseen.
      if (w.stream.refusal) continue;
      w.count += 1;
      const entry: PendingUpdate = { update: edit.update, stream: w.stream, count: w.count };
      try {
        state.admit(entry, 'socket');
      } catch (err) {
        if (!(err instanceof InvalidMessageError)) throw err;
        refuse(w.stream, w.count, 'state_changed');
        continue;
      }
      if (entry.update !== EMPTY_UPDATE) pending.push({ entry, writer: edit.writer });
    } else if (choice < 0.8) {
      decideOldest();
    } else if (choice < 0.85) {
      state.encodedBytes(true); // fold or encode the committed document
    } else if (choice < 0.9) {
      mock.timers.tick(DOC_IDLE_MS + 1); // quiet: encoded and dropped (unless updates are pending)
    } else if (choice < 0.95) {
      // A writer reconnects: a new stream, and what it lacks of the committed document.
      const i = Math.floor(r() * writers.docs.length);
      streams[i] = { stream: newWriteStream(), count: 0 };
      const doc = writers.docs[i] as Y.Doc;
      const msg = decodeSyncMessage(state.step2For(Y.encodeStateVector(doc)));
      if ('update' in msg) writers.receive(i, msg.update);
    } else {
      state.stateVector();
      void state.read(() => undefined);
    }
  }
  while (pending.length > 0) decideOldest();
  return { state, stored };
}

describe('compaction is a replay of the log (property)', () => {
  afterEach(() => mock.timers.reset());

  test(`${SEEDS} seeds of writers sharing client ids, refusals and forced compaction`, () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const failures: string[] = [];
    let storedTotal = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { state, stored } = run(seed);
      storedTotal += stored.length;
      const skipped: number[] = [];
      const replayed = replayUpdates(() => new Y.Doc(), stored, null, (i) => skipped.push(i));
      const expected = shapeOf(replayed);
      let live = '';
      void state.read((doc) => (live = shapeOf(doc)));
      const fresh = shapeOf(fromStep2(state.step2For(new Uint8Array([0]))));
      state.encodedBytes(true);
      mock.timers.tick(DOC_IDLE_MS + 1);
      const cooled = shapeOf(fromStep2(state.step2For(new Uint8Array([0]))));
      const reloaded = new RoomState(stored);
      const loaded = shapeOf(fromStep2(reloaded.step2For(new Uint8Array([0]))));
      const same = live === expected && fresh === expected && cooled === expected && loaded === expected;
      if (skipped.length > 0 || !same) {
        if (process.env.PROPERTY_DEBUG) console.log(`seed ${seed}\nexpected ${expected}\nlive     ${live}\nloaded   ${loaded}`);
        failures.push(`seed ${seed}: skipped ${skipped.length}, live ${live === expected}, fresh ${fresh === expected}, cooled ${cooled === expected}, loaded ${loaded === expected}`);
      }
      state.destroy();
      reloaded.destroy();
      replayed.destroy();
    }
    console.log(`property: ${SEEDS} seeds, ${storedTotal} updates stored, ${failures.length} diverged`);
    assert.ok(storedTotal > SEEDS * 10, `the runs stored updates (${storedTotal})`);
    assert.deepEqual(failures, [], `${failures.length} of ${SEEDS} seeds diverged`);
  });
});
