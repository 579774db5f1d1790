import { decodeSyncMessage, isEmptyUpdate, SYNC_STEP1 } from '@review/shared';
import { type CheckedUpdate, InvalidMessageError, validateUpdate } from './update-validation.js';

export type IncomingSync =
  | { kind: 'step1'; stateVector: Uint8Array }
  /** Step 2 or update carrying no change. */
  | { kind: 'empty' }
  | { kind: 'update'; update: Uint8Array; checked: CheckedUpdate };

/**
 * The validate stage: one y-protocols sync message, decoded strictly; an update must decode
 * cleanly and fit the report schema (update-validation.ts). Throws InvalidMessageError, which
 * closes the socket. (Where the update's items land is checked once the room integrates it.)
 */
export function readSyncMessage(payload: Uint8Array): IncomingSync {
  let msg: ReturnType<typeof decodeSyncMessage>;
  try {
    msg = decodeSyncMessage(payload);
  } catch (err) {
    throw new InvalidMessageError(String(err));
  }
  if (msg.type === SYNC_STEP1) return { kind: 'step1', stateVector: msg.stateVector };
  // A view into the socket's receive buffer (up to 64 KB): copied, so that neither the room
  // nor the writer thread's message holds on to (or copies) the whole buffer.
  const update = msg.update.slice();
  const checked = validateUpdate(update);
  return isEmptyUpdate(update) ? { kind: 'empty' } : { kind: 'update', update, checked };
}
