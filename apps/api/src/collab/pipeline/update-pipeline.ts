import { Injectable } from '@nestjs/common';
import { CollabOutput } from '../collab-output.js';
import type { CollabSocket } from '../collab.types.js';
import { EditSessions } from '../edit-sessions.js';
import type { Room, RoomMember } from '../rooms/room.js';
import type { PendingUpdate } from '../rooms/room-state.js';
import { RoomUpkeep } from '../rooms/room-upkeep.js';
import { Acknowledger } from './acknowledge.js';
import { Broadcaster } from './broadcast.js';
import { decide, unconfirmedClients } from './decide.js';
import { UpdateWriter, type WriteOutcome } from './store/update-writer.js';
import type { CheckedUpdate } from './update-validation.js';
import { readSyncMessage } from './validate.js';

/**
 * The path of a client's sync message, after the gateway authenticated the socket and found it in
 * the report's room:
 *
 *   validate (decode, schema) → decide (access, client ownership) → admit (the room integrates it:
 *   placement) → store (group commit, decided again under the report's row lock) → broadcast →
 *   acknowledge
 *
 * Nothing reaches another client before the store has kept it: the decision that stores an update
 * is the one that lets it be broadcast. A refused update is answered `denied` and leaves no trace.
 */
@Injectable()
export class UpdatePipeline {
  constructor(
    private readonly out: CollabOutput,
    private readonly writer: UpdateWriter,
    private readonly broadcaster: Broadcaster,
    private readonly acknowledger: Acknowledger,
    private readonly upkeep: RoomUpkeep,
    private readonly editSessions: EditSessions,
  ) {}

  /** One y-protocols sync message. Throws InvalidMessageError on malformed input. */
  handle(socket: CollabSocket, room: Room, member: RoomMember, payload: Uint8Array): void {
    const msg = readSyncMessage(payload);
    if (msg.kind === 'step1') {
      // Whatever of the stored document the client lacks.
      this.out.sync(socket, room.reportId, room.state.step2For(msg.stateVector));
      return;
    }
    member.received += 1;
    const count = member.received;
    if (msg.kind === 'empty') {
      this.settle(socket, room, member, count, Promise.resolve<WriteOutcome>(member.stream.refusedFor ?? 'stored'));
      return;
    }
    const refusal = decide(room, member, msg.checked);
    if (refusal) {
      member.stream.refusedFor = refusal;
      this.settle(socket, room, member, count, Promise.resolve<WriteOutcome>(refusal));
      return;
    }
    const entry: PendingUpdate = { update: msg.update, stream: member.stream };
    room.state.admit(entry, socket.id);
    room.seen?.add(msg.update);
    room.inFlightWrites += 1;
    const claims = unconfirmedClients(room, member, msg.checked);
    const write = this.writer.write({ reportId: room.reportId, userId: member.userId, data: msg.update, claims }, member.stream);
    this.settle(socket, room, member, count, write, { entry, checked: msg.checked, claims });
  }

  /**
   * Once the store decided (in arrival order per socket, so `saved` counts only grow): a stored
   * update joins the committed document, goes out to the room and the other nodes, and is
   * acknowledged; a refused one leaves the room's document, reaches nobody, and is answered `denied`.
   */
  private settle(
    socket: CollabSocket,
    room: Room,
    member: RoomMember,
    count: number,
    write: Promise<WriteOutcome>,
    admitted?: { entry: PendingUpdate; checked: CheckedUpdate; claims: number[] | undefined },
  ): void {
    member.chain = member.chain.then(async () => {
      const outcome = await write;
      if (admitted) {
        room.inFlightWrites -= 1;
        room.state.settle(admitted.entry, outcome === 'stored');
      }
      if (outcome === 'failed') return;
      if (outcome !== 'stored') {
        member.stream.refusedFor ??= outcome;
        return this.acknowledger.denied(socket, room, member, outcome);
      }
      if (admitted) {
        if (admitted.claims) for (const client of admitted.claims) room.owners.set(client, member.userId);
        this.broadcaster.stored(room, admitted.entry.update, socket.id);
        this.upkeep.stored(room, admitted.entry.update.byteLength);
        this.editSessions.note(room.reportId, member.userId, admitted.checked);
      }
      this.acknowledger.saved(socket, room, member, count);
    });
  }

  /** Refuses new writes and commits what is queued (SIGTERM). */
  stop(): Promise<void> {
    return this.writer.stop();
  }
}
