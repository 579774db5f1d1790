import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-protocols sync message types; each `sync` event carries exactly one such message. */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export type SyncMessage =
  | { type: typeof SYNC_STEP1; stateVector: Uint8Array }
  | { type: typeof SYNC_STEP2 | typeof SYNC_UPDATE; update: Uint8Array };

function encode(type: number, body: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, body);
  return encoding.toUint8Array(e);
}

export const encodeStep1 = (stateVector: Uint8Array) => encode(SYNC_STEP1, stateVector);
export const encodeStep2 = (update: Uint8Array) => encode(SYNC_STEP2, update);
export const encodeUpdate = (update: Uint8Array) => encode(SYNC_UPDATE, update);

/**
 * Decodes one sync message. Throws on anything but exactly one well-formed message: unknown
 * type, a length that runs past the end, or trailing bytes.
 */
export function decodeSyncMessage(payload: Uint8Array): SyncMessage {
  // Copy: a Buffer may be a view into a larger pooled allocation that a bad length could reach into.
  const bytes = Uint8Array.from(payload);
  const d = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(d);
  if (type !== SYNC_STEP1 && type !== SYNC_STEP2 && type !== SYNC_UPDATE) throw new Error(`unknown sync type ${type}`);
  const len = decoding.readVarUint(d);
  if (len !== bytes.length - d.pos) throw new Error('sync message length does not match its payload');
  const body = decoding.readUint8Array(d, len);
  return type === SYNC_STEP1 ? { type, stateVector: body } : { type, update: body };
}

/** True when a Yjs update (v1) carries no structs and no deletions. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
