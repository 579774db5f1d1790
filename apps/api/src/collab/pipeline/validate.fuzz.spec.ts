// 100,000 hostile messages (@review/testing) through the decoders the server runs on every sync
// and awareness message: each must be accepted or refused with an Error, never hang, never crash
// the process; what passes validation must apply to a document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mutate, rng, seeds } from '@review/testing';
import * as Y from 'yjs';
import { decodeAwareness } from './update-validation.js';
import { readSyncMessage } from './validate.js';

test('100,000 mutated messages through the validate stage: each is accepted or refused, nothing hangs', () => {
  const { sync, awareness } = seeds();
  const r = rng(20261201);
  const outcomes = { accepted: 0, refused: 0 };
  let slowest = 0;
  for (let i = 0; i < 100_000; i++) {
    const isSync = r() < 0.75;
    const { kind, bytes } = mutate(isSync ? sync : awareness, r);
    const t0 = performance.now();
    try {
      if (isSync) {
        const msg = readSyncMessage(bytes);
        if (msg.kind === 'update') Y.applyUpdate(new Y.Doc(), msg.update);
        else if (msg.kind === 'step1') Y.encodeStateAsUpdate(new Y.Doc(), msg.stateVector);
      } else {
        decodeAwareness(bytes);
      }
      outcomes.accepted += 1;
    } catch (err) {
      // Refusal is fine; a crash of the process or a hang is not. Errors must be Errors.
      assert.ok(err instanceof Error, `${kind}: threw a non-Error ${String(err)}`);
      outcomes.refused += 1;
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
  assert.equal(outcomes.accepted + outcomes.refused, 100_000);
  assert.ok(outcomes.refused > 50_000, `most mutations are refused (${JSON.stringify(outcomes)})`);
  assert.ok(slowest < 250, `no single input took long (slowest ${slowest.toFixed(1)} ms)`);
});
