// For unit specs: a room of a report in a given state, its members, and edits as clients make them.
import { FRAGMENT, type ReportState, type TeamRole } from '@review/shared';
import * as Y from 'yjs';
import type { ReportAccessRow } from '../../reports/index.js';
import { newWriteStream } from '../pipeline/write-stream.js';
import { Room, type RoomMember } from '../rooms/room.js';

export const AUTHOR = '11111111-1111-4111-8111-111111111111';
export const REVIEWER = '22222222-2222-4222-8222-222222222222';
export const MEMBER = '33333333-3333-4333-8333-333333333333';

export function roomIn(state: ReportState, stored: Uint8Array[] = []): Room {
  const meta: ReportAccessRow = {
    id: '00000000-0000-4000-8000-000000000001',
    teamId: '00000000-0000-4000-8000-000000000002',
    title: '报告',
    state,
    authorId: AUTHOR,
    reviewerId: REVIEWER,
    revision: 0,
    logSeq: 0,
  };
  return new Room(meta.id, meta, stored);
}

export function memberOf(room: Room, socketId: string, userId: string, role: TeamRole | undefined): RoomMember {
  const member: RoomMember = {
    socketId,
    userId,
    relation: room.relationOf(userId, role),
    clientId: undefined,
    received: 0,
    chain: Promise.resolve(),
    stream: newWriteStream(),
  };
  room.members.set(socketId, member);
  return member;
}

/** A client's copy of the document: each change yields the update it would send. */
export class ClientDoc {
  readonly doc = new Y.Doc();

  constructor(stored: Uint8Array[] = []) {
    for (const u of stored) Y.applyUpdate(this.doc, u);
  }

  /** Appends a paragraph with `text`; returns the update. */
  paragraph(text: string): Uint8Array {
    return this.change(() => {
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      p.insert(0, [t]);
      this.doc.getXmlFragment(FRAGMENT).push([p]);
      t.insert(0, text);
    });
  }

  change(fn: () => void): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    this.doc.transact(fn);
    return Y.encodeStateAsUpdate(this.doc, before);
  }

  text(): string {
    return this.doc.getXmlFragment(FRAGMENT).toString();
  }
}
