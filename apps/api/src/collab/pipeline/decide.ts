import type { DeniedReason } from '@review/shared';
import type { Room, RoomMember } from '../rooms/room.js';
import type { CheckedUpdate } from './update-validation.js';

/** The provider of the node's WriteConditions (the audit trail's integrity watch). */
export const WRITE_CONDITIONS = Symbol('WriteConditions');

/** What the node as a whole allows: while the audit trail is unprotected, no write at all. */
export interface WriteConditions {
  /** Why writes are refused on this node, if they are. */
  readonly fault: string | undefined;
}

/**
 * The decide stage, as far as this node knows: may the member's update be stored? Not while the
 * node refuses writes; otherwise it needs edit access in the report's current state; once one of
 * a socket's updates was refused, so is every later one (it may build on the refused one). An
 * update with new items of a Yjs client the room knows as another user's is refused
 * (`foreign_items`) before it touches the room's document (carriesForeignItems). Clients the room
 * has not confirmed are the store's to decide, under the report's row lock with what is committed.
 */
export function decide(
  room: Room,
  member: RoomMember,
  node: WriteConditions = { fault: undefined },
  checked?: CheckedUpdate,
): DeniedReason | undefined {
  if (member.stream.refusal) return member.stream.refusal.reason;
  if (node.fault) return 'unavailable';
  if (room.accessOf(member) !== 'edit') return 'no_edit_access';
  if (checked && carriesForeignItems(room, member, checked)) return 'foreign_items';
  return undefined;
}

/**
 * Does the update hold items of a client that the room knows belongs to another user, past what
 * the room has committed of that client? Items below that clock are a re-send of what the sender
 * received (Yjs skips them); new ones would be the sender writing under someone else's id. This
 * node's copy may lack items another node stored, so a client the room has not seen claimed stays
 * the store's to decide.
 */
export function carriesForeignItems(room: Room, member: RoomMember, checked: CheckedUpdate): boolean {
  for (const [client, end] of checked.clocks) {
    const owner = room.owners.get(client);
    if (owner !== undefined && owner !== member.userId && end > room.state.clockOf(client)) return true;
  }
  return false;
}


/** The largest document the server keeps (AppConfig: DOC_MAX_CHARS, DOC_MAX_BYTES). */
export interface DocumentLimits {
  readonly chars: number;
  readonly bytes: number;
}

export const DOCUMENT_LIMITS = Symbol('DocumentLimits');

/**
 * After admission, before the store: is the room's document, with the update, larger than the
 * server keeps? Bytes are checked on the encoded size, merged only when its upper bound passes
 * the limit. Characters are counted in the live document only when their upper bound (the last
 * count plus what was inserted since) passes the limit, so an ordinary keystroke costs an
 * addition.
 */
export function tooLarge(room: Room, checked: CheckedUpdate, limits: DocumentLimits): boolean {
  if (room.state.encodedBytes() > limits.bytes && room.state.encodedBytes(true) > limits.bytes) return true;
  const bound = (room.charsAtMost ?? Number.POSITIVE_INFINITY) + checked.inserted;
  if (bound <= limits.chars) {
    room.charsAtMost = bound;
    return false;
  }
  const exact = room.state.textLength();
  room.charsAtMost = exact;
  return exact > limits.chars;
}

/**
 * The Yjs clients of the update whose owner the room has not confirmed as the sender: the store
 * claims them. Usually none (a client's first update confirms it), so undefined then.
 */
export function unconfirmedClients(room: Room, member: RoomMember, checked: CheckedUpdate): number[] | undefined {
  let unconfirmed: number[] | undefined;
  for (const client of checked.clients) {
    if (room.owners.get(client) !== member.userId) (unconfirmed ??= []).push(client);
  }
  return unconfirmed;
}
