import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS } from '@review/shared';
import { AppError } from '../common/app-error.js';
import { ImportSlots } from './import-slots.js';

test('a user gets one import at a time and the node two; a slot is given back however the import ends', async () => {
  const slots = new ImportSlots();
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const first = slots.run('u1', () => held);
  await assert.rejects(slots.run('u1', async () => 'no'), (err) => err instanceof AppError && err.status === 429);
  const second = slots.run('u2', () => held);
  assert.equal(LIMITS.importsAtOncePerNode, 2);
  await assert.rejects(slots.run('u3', async () => 'no'), (err) => err instanceof AppError && err.code === 'rate_limited');
  release();
  await Promise.all([first, second]);
  await assert.rejects(slots.run('u1', async () => {
    throw new Error('damaged');
  }), /damaged/);
  assert.equal(await slots.run('u1', async () => 'again'), 'again');
});
