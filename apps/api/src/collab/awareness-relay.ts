import { Injectable } from '@nestjs/common';
import { colourFor } from '@review/shared';
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { CollabOutput } from './collab-output.js';
import type { CollabSocket } from './collab.types.js';
import { decodeAwareness, encodeAwareness, InvalidMessageError } from './pipeline/update-validation.js';
import type { Room, RoomMember } from './rooms/room.js';

/**
 * Presence (y-protocols awareness): each socket speaks for one Yjs client id, and its identity
 * (name, colour, user id) is stamped by the server, never taken from the client.
 */
@Injectable()
export class AwarenessRelay {
  constructor(private readonly out: CollabOutput) {}

  /** One awareness update from a client. Throws InvalidMessageError on malformed input. */
  fromClient(socket: CollabSocket, room: Room, member: RoomMember, payload: Uint8Array): void {
    const entries = decodeAwareness(payload);
    const user = socket.data.user;
    for (const entry of entries) {
      member.clientId ??= entry.clientId;
      if (entry.clientId !== member.clientId) throw new InvalidMessageError('awareness for another client');
      if (entry.state) entry.state.user = { id: user.id, name: user.displayName, color: colourFor(user.id) };
    }
    const stamped = encodeAwareness(entries);
    applyAwarenessUpdate(room.awareness, stamped, socket.id);
    this.out.awarenessToRoom(room.reportId, stamped, socket.id);
    this.out.toOtherNodes('collab:awareness', room.reportId, stamped);
  }

  /** Presence another node relayed. */
  fromNode(room: Room, payload: Uint8Array): void {
    applyAwarenessUpdate(room.awareness, payload, 'remote');
    this.out.awarenessToRoom(room.reportId, payload);
  }

  /** Everyone present, for a socket that just joined. */
  present(socket: CollabSocket, room: Room): void {
    const present = Array.from(room.awareness.getStates().keys());
    if (present.length > 0) this.out.awareness(socket, room.reportId, encodeAwarenessUpdate(room.awareness, present));
  }

  /** The member left: its presence goes, here and on the other nodes. */
  left(room: Room, member: RoomMember): void {
    if (member.clientId === undefined || !room.awareness.getStates().has(member.clientId)) return;
    removeAwarenessStates(room.awareness, [member.clientId], 'server');
    const gone = encodeAwarenessUpdate(room.awareness, [member.clientId]);
    this.out.awarenessToRoom(room.reportId, gone);
    this.out.toOtherNodes('collab:awareness', room.reportId, gone);
  }
}
