import { Inject, Injectable } from '@nestjs/common';
import { CollabOutput } from '../collab-output.js';
import type { CollabSocket } from '../collab.types.js';
import { EditSessions } from '../edit-sessions.js';
import type { Room, RoomMember } from '../rooms/room.js';
import { EMPTY_UPDATE, type PendingUpdate } from '../rooms/room-state.js';
import { RoomUpkeep } from '../rooms/room-upkeep.js';
import { Acknowledger } from './acknowledge.js';
import { Broadcaster } from './broadcast.js';
import {
  decide,
  DOCUMENT_LIMITS,
  type DocumentLimits,
  tooLarge,
  unconfirmedClients,
  WRITE_CONDITIONS,
  type WriteConditions,
} from './decide.js';
import { isStored } from './store/append-batch.js';
import { UpdateWriter, type WriteOutcome } from './store/update-writer.js';
import { type CheckedUpdate, InvalidMessageError } from './update-validation.js';
import { readSyncMessage } from './validate.js';
import { refusalOf, refuse } from './write-stream.js';

/**
 * The path of a client's sync message, after the gateway authenticated the socket and found it in
 * the report's room:
 *
 *   validate (decode, schema) → decide (access; clients known as another user's) → admit (the room
 *   integrates it: placement, neighbours; what it took becomes the update; the document's size
 *   limit) → store (group commit, decided again under the report's row lock) → broadcast →
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
    @Inject(WRITE_CONDITIONS) private readonly conditions: WriteConditions,
    @Inject(DOCUMENT_LIMITS) private readonly limits: DocumentLimits,
  ) {}

  /**
   * One y-protocols sync message. Throws InvalidMessageError on malformed input. What is stored
   * and sent on is what the room's document took of an update (RoomState.admit), not the bytes as
   * they came.
   */
  handle(socket: CollabSocket, room: Room, member: RoomMember, payload: Uint8Array): void {
    const msg = readSyncMessage(payload);
    if (msg.kind === 'step1') {
      // Whatever of the stored document the client lacks.
      let answer: Uint8Array;
      try {
        answer = room.state.step2For(msg.stateVector);
      } catch (err) {
        throw new InvalidMessageError(`bad state vector: ${String(err)}`);
      }
      this.out.sync(socket, room.reportId, answer);
      return;
    }
    member.received += 1;
    const count = member.received;
    const stream = member.stream;
    if (msg.kind === 'empty') {
      // Stored trivially, unless an earlier message of the socket was refused (decided in turn).
      this.settle(socket, room, member, count, () => refusalOf(stream, count) ?? 'stored');
      return;
    }
    const refusal = decide(room, member, this.conditions, msg.checked);
    if (refusal) {
      refuse(stream, count, refusal);
      this.settle(socket, room, member, count, () => refusal);
      return;
    }
    const entry: PendingUpdate = { update: msg.update, stream, count };
    room.state.admit(entry, socket.id);
    if (entry.update === EMPTY_UPDATE) {
      // Nothing the room does not hold (a re-send): kept already, so saved in turn.
      this.settle(socket, room, member, count, () => refusalOf(stream, count) ?? 'stored');
      return;
    }
    if (tooLarge(room, msg.checked, this.limits)) {
      // Out again before anything was stored or sent; the next update counts afresh.
      room.state.settle(entry, false);
      room.charsAtMost = undefined;
      refuse(stream, count, 'too_large');
      this.settle(socket, room, member, count, () => 'too_large');
      return;
    }
    room.seen?.add(entry.update);
    room.inFlightWrites += 1;
    const claims = unconfirmedClients(room, member, msg.checked);
    const row = { reportId: room.reportId, userId: member.userId, data: entry.update, clocks: msg.checked.clocks, claims };
    const write = this.writer.write(row, { stream, count });
    this.settle(socket, room, member, count, () => write, { entry, checked: msg.checked, claims });
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
    outcomeOf: () => WriteOutcome | Promise<WriteOutcome>,
    admitted?: { entry: PendingUpdate; checked: CheckedUpdate; claims: number[] | undefined },
  ): void {
    member.chain = member.chain.then(async () => {
      const outcome = await outcomeOf();
      if (admitted) {
        room.inFlightWrites -= 1;
        room.state.settle(admitted.entry, isStored(outcome));
      }
      if (outcome === 'failed') return;
      if (!isStored(outcome)) {
        refuse(member.stream, count, outcome);
        // Not stored: the catch-up from the log must not take a later identical update for it.
        if (admitted) room.seen?.take(admitted.entry.update);
        return this.acknowledger.denied(socket, room, member, outcome);
      }
      if (admitted) {
        // The store confirmed these clients as the sender's (unless some were others', already stored).
        if (admitted.claims && outcome === 'stored') for (const client of admitted.claims) room.owners.set(client, member.userId);
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
