import { Injectable } from '@nestjs/common';
import type { DeniedReason } from '@review/shared';
import { CollabOutput } from '../collab-output.js';
import type { CollabSocket } from '../collab.types.js';
import { DenialAudit } from '../denial-audit.js';
import type { Room, RoomMember } from '../rooms/room.js';

/**
 * The acknowledge stage. `saved` says "your updates so far are stored", so the updates of one
 * socket stored together are acknowledged with one message carrying the highest count. `denied`
 * is audited, and goes out in the same end-of-turn queue, so that a client never sees it before
 * the `saved` of its earlier updates.
 */
@Injectable()
export class Acknowledger {
  constructor(
    private readonly out: CollabOutput,
    private readonly denials: DenialAudit,
  ) {}

  saved(socket: CollabSocket, room: Room, member: RoomMember, count: number): void {
    member.savedCount = Math.max(member.savedCount ?? 0, count);
    if (member.savedScheduled) return;
    member.savedScheduled = true;
    this.out.defer(() => {
      member.savedScheduled = false;
      this.out.saved(socket, room.reportId, member.savedCount ?? count);
    });
  }

  denied(socket: CollabSocket, room: Room, member: RoomMember, reason: DeniedReason): void {
    this.out.defer(() => this.out.denied(socket, room.reportId, reason));
    this.denials.record(room.reportId, member.userId, reason);
  }
}
