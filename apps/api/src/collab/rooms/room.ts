import { type Access, accessFor, type ReportRelation, relationOf, type TeamRole } from '@review/shared';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { ReportAccessRow } from '../../reports/index.js';
import type { WriteStream } from '../pipeline/write-stream.js';
import { RoomState } from './room-state.js';
import type { SeenUpdates } from './seen-updates.js';

/** One socket's presence in a room. */
export interface RoomMember {
  socketId: string;
  userId: string;
  /** null: not a team member (an admin looking in), who may only view. */
  relation: ReportRelation | null;
  /** The awareness client id this socket speaks for, bound on its first awareness message. */
  clientId: number | undefined;
  /** Sync messages with changes received from this socket, and how many are processed. */
  received: number;
  /** Processing of this socket's messages, in arrival order, so `saved` counts only grow. */
  chain: Promise<void>;
  /** Highest count settled and whether its `saved` is already scheduled (one per commit). */
  savedCount?: number;
  savedScheduled?: boolean;
  /** This socket's updates to the report, stored in order; after a refusal, none is. */
  stream: WriteStream;
}

/** An open report on this node: the document, who is in it, and what is waiting to go out. */
export class Room {
  readonly state: RoomState;
  /** Presence only: the Y.Doc under it stays empty (y-protocols' Awareness needs one). */
  readonly awareness = new Awareness(new Y.Doc());
  readonly members = new Map<string, RoomMember>();
  /** Updates stored during this event-loop turn, broadcast together. */
  outbox: { update: Uint8Array; from: string }[] = [];
  /** Highest log seq this room is known to contain (from loading and catch-up). */
  lastSeq = 0;
  tailCount = 0;
  tailBytes = 0;
  inFlightWrites = 0;
  /** With several nodes: the updates this room holds, for the catch-up from the log. */
  seen: SeenUpdates | undefined;
  /** Owners of Yjs clients confirmed by the store (report_clients), by client id. */
  readonly owners = new Map<number, string>();
  compacting = false;
  /**
   * At most this many characters of text in the live document: the last count plus what was
   * inserted since (undefined: count again). Checked against the size limit per update.
   */
  charsAtMost: number | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  /** Pending refresh of the reports row's content hash: set while stored edits are not in it. */
  hashTimer: NodeJS.Timeout | undefined;
  /** When the pending refresh must run at the latest, however often it is put off. */
  hashDueBy = 0;

  constructor(
    readonly reportId: string,
    public meta: ReportAccessRow,
    stored: Uint8Array[],
  ) {
    this.state = new RoomState(stored);
    // The server is not a participant: it must not announce a presence of its own.
    this.awareness.setLocalState(null);
    // Presence of a socket is removed when it leaves or disconnects, so the per-instance timer
    // that expires silent states is not needed here (one timer per open report adds up).
    clearInterval((this.awareness as unknown as { _checkInterval: NodeJS.Timeout })._checkInterval);
  }

  get name(): string {
    return roomName(this.reportId);
  }

  accessOf(member: Pick<RoomMember, 'relation'>): Access {
    return member.relation === null ? 'view' : accessFor(this.meta.state, member.relation);
  }

  /** null for someone outside the team (an admin looking in), who may only view. */
  relationOf(userId: string, role: TeamRole | undefined): ReportRelation | null {
    return relationOf(this.meta, { id: userId, isAdmin: false, role });
  }

  destroy(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.hashTimer);
    this.awareness.doc.destroy();
    this.state.destroy();
  }
}

export const roomName = (reportId: string) => `report:${reportId}`;
/** Whether a Socket.IO room is a report's (not a user's or a session's). */
export const isRoomName = (name: string) => name.startsWith('report:');
