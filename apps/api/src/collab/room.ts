import { type Access, accessFor, encodeStep2, type ReportRelation, relationTo, type TeamRole } from '@review/shared';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { ReportAccessRow } from './document.store.js';

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
}

/** An open report on this node: the document, who is in it, and what is waiting to go out. */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new Awareness(this.doc);
  readonly members = new Map<string, RoomMember>();
  /** Updates applied during this event-loop turn, broadcast together. */
  outbox: { update: Uint8Array; from: string | null }[] = [];
  /** Highest log seq this room is known to contain (from loading and catch-up). */
  lastSeq = 0;
  tailCount = 0;
  tailBytes = 0;
  inFlightWrites = 0;
  compacting = false;
  idleTimer: NodeJS.Timeout | undefined;
  hashTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly reportId: string,
    public meta: ReportAccessRow,
  ) {
    // The server is not a participant: it must not announce a presence of its own.
    this.awareness.setLocalState(null);
    // Presence of a socket is removed when it leaves or disconnects, so the per-instance timer
    // that expires silent states is not needed here (one timer per open report adds up).
    clearInterval((this.awareness as unknown as { _checkInterval: NodeJS.Timeout })._checkInterval);
    this.doc.on('update', () => {
      this.fullState = undefined;
    });
  }

  /** Step 2 with the whole document, encoded once for every client that syncs from nothing. */
  private fullState: Uint8Array | undefined;

  /** The sync step 2 answer for a client with state vector `vector`: whatever it lacks. */
  step2For(vector: Uint8Array): Uint8Array {
    const empty = vector.length === 1 && vector[0] === 0;
    if (!empty) return encodeStep2(Y.encodeStateAsUpdate(this.doc, vector));
    this.fullState ??= encodeStep2(Y.encodeStateAsUpdate(this.doc));
    return this.fullState;
  }

  get name(): string {
    return roomName(this.reportId);
  }

  accessOf(member: Pick<RoomMember, 'relation'>): Access {
    return member.relation === null ? 'view' : accessFor(this.meta.state, member.relation);
  }

  /** null for someone outside the team (an admin looking in), who may only view. */
  relationOf(userId: string, role: TeamRole | undefined): ReportRelation | null {
    return role ? relationTo(this.meta, userId, role) : null;
  }

  destroy(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.hashTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

export const roomName = (reportId: string) => `report:${reportId}`;
