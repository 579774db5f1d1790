import { FRAGMENT } from '@review/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export class InvalidMessageError extends Error {}

/** What an update does, counted while it is validated (for edit sessions in the audit trail). */
export interface UpdateCounts {
  /** Characters of text inserted. */
  inserted: number;
  /** Items deleted (characters, and the occasional element). */
  deleted: number;
}

/**
 * Checks a Yjs update before it may touch a room: it must decode cleanly, and every item whose
 * parent is named must live in the `default` fragment, as XML elements and text only.
 */
export function validateUpdate(update: Uint8Array): UpdateCounts {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new InvalidMessageError(`update does not decode: ${String(err)}`);
  }
  let inserted = 0;
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (typeof struct.parent === 'string' && struct.parent !== FRAGMENT) {
      throw new InvalidMessageError(`update touches the root type "${struct.parent}"`);
    }
    const content = struct.content;
    if (content instanceof Y.ContentString) inserted += content.str.length;
    if (content instanceof Y.ContentDoc) throw new InvalidMessageError('sub-documents are not allowed');
    if (content instanceof Y.ContentType) {
      const ctor = content.type.constructor;
      if (ctor !== Y.XmlElement && ctor !== Y.XmlText) {
        throw new InvalidMessageError(`type ${ctor.name} is not allowed in a report`);
      }
    }
  }
  let deleted = 0;
  for (const items of decoded.ds.clients.values()) for (const d of items) deleted += d.len;
  return { inserted, deleted };
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

const MAX_AWARENESS_ENTRIES = 4;
const MAX_AWARENESS_STATE_CHARS = 16_384;

/** Decodes a y-protocols awareness update strictly (bounded count and size, JSON objects only). */
export function decodeAwareness(payload: Uint8Array): AwarenessEntry[] {
  try {
    const d = decoding.createDecoder(Uint8Array.from(payload));
    const count = decoding.readVarUint(d);
    if (count > MAX_AWARENESS_ENTRIES) throw new InvalidMessageError('too many awareness entries');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const json = decoding.readVarString(d);
      if (json.length > MAX_AWARENESS_STATE_CHARS) throw new InvalidMessageError('awareness state too large');
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        throw new InvalidMessageError('awareness state must be an object or null');
      }
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
    }
    if (d.pos !== d.arr.length) throw new InvalidMessageError('trailing bytes after awareness update');
    return entries;
  } catch (err) {
    if (err instanceof InvalidMessageError) throw err;
    throw new InvalidMessageError(`awareness does not decode: ${String(err)}`);
  }
}

export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(e);
}
