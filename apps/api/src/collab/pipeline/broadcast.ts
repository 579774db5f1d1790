import { Injectable } from '@nestjs/common';
import { encodeUpdate } from '@review/shared';
import * as Y from 'yjs';
import { CollabOutput } from '../collab-output.js';
import type { Room } from '../rooms/room.js';

/**
 * The broadcast stage: a stored update goes to the report's other sockets on this node and to the
 * other nodes. The updates a room stores in one event-loop turn are merged and encoded once, not
 * once per receiver. Updates stored elsewhere (another node, the log, content made by the server)
 * join the room and go to its sockets here.
 */
@Injectable()
export class Broadcaster {
  constructor(private readonly out: CollabOutput) {}

  /** An update this node stored for a client of the room (`from`, which already has it). */
  stored(room: Room, update: Uint8Array, from: string): void {
    room.outbox.push({ update, from });
    if (room.outbox.length > 1) return;
    this.out.defer(() => {
      const batch = room.outbox;
      room.outbox = [];
      const updates = batch.map((b) => b.update);
      const senders = new Set(batch.map((b) => b.from));
      const [only] = senders;
      this.out.syncToRoom(room.reportId, encodeUpdate(mergeAll(updates)), senders.size === 1 ? (only ?? undefined) : undefined);
      this.out.toOtherNodes('collab:update', room.reportId, updates);
    });
  }

  /** Updates stored elsewhere: added to the room and sent, merged, to its sockets on this node. */
  passOn(room: Room, updates: Uint8Array[]): void {
    if (updates.length === 0) return;
    for (const update of updates) {
      room.state.append(update);
      room.seen?.add(update);
    }
    this.out.syncToRoom(room.reportId, encodeUpdate(mergeAll(updates)));
  }
}

/** One update for several (the update itself when there is only one). */
export function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
}
