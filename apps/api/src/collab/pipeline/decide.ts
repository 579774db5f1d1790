import type { DeniedReason } from '@review/shared';
import type { Room, RoomMember } from '../rooms/room.js';
import type { CheckedUpdate } from './update-validation.js';

/**
 * The decide stage, as far as this node knows: may the member's update be stored? It needs edit
 * access in the report's current state, and it must not carry items of a Yjs client that another
 * user owns. Once one of a socket's updates was refused, so is every later one (it may build on
 * the refused one). The store decides again under the report's row lock, with what is committed.
 */
export function decide(room: Room, member: RoomMember, checked: CheckedUpdate): DeniedReason | undefined {
  if (member.stream.refusedFor) return member.stream.refusedFor;
  if (room.accessOf(member) !== 'edit') return 'no_edit_access';
  for (const client of checked.clients) {
    const owner = room.owners.get(client);
    if (owner !== undefined && owner !== member.userId) return 'foreign_items';
  }
  return undefined;
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
