// Leaving a report ends the user's edit session at once (not after the idle time): once the
// updates they sent before leaving are settled, and only when no other socket of theirs is there.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../../audit/index.js';
import type { AwarenessRelay } from '../awareness-relay.js';
import { EditSessions } from '../edit-sessions.js';
import { FakeIo, nextTurn } from '../testing/fake-io.js';
import { AUTHOR, memberOf, REVIEWER, roomIn } from '../testing/rooms.js';
import type { Room } from './room.js';
import { RoomMembership } from './room-membership.js';
import type { RoomRegistry } from './room-registry.js';

const rooms: Room[] = [];
const sessions: EditSessions[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.closeAll();
  for (const r of rooms.splice(0)) r.destroy();
});

function setUp() {
  const recorded: { actor: string | null; inserted: unknown }[] = [];
  const audit = {
    record: async (_reportId: string, actor: string | null, _action: string, details: Record<string, unknown>) => {
      recorded.push({ actor, inserted: details.inserted });
    },
  } as unknown as AuditService;
  const io = new FakeIo();
  const out = io.output();
  const room = roomIn('draft');
  rooms.push(room);
  const registry = { get: (id: string) => (id === room.reportId ? room : undefined), all: () => [room], scheduleUnload: () => undefined };
  const editSessions = new EditSessions(audit, out);
  sessions.push(editSessions);
  const membership = new RoomMembership(
    {} as DataSource,
    registry as unknown as RoomRegistry,
    { left: () => undefined } as unknown as AwarenessRelay,
    out,
    editSessions,
  );
  const enter = (socketId: string, userId: string) => {
    const socket = io.socket(socketId);
    socket.join(room.name);
    return { socket, member: memberOf(room, socketId, userId, userId === REVIEWER ? 'supervisor' : 'drafter') };
  };
  return { recorded, room, editSessions, membership, enter };
}

test('leaving records the session once the updates sent before it are settled', async () => {
  const { recorded, room, editSessions, membership, enter } = setUp();
  const { socket, member } = enter('a', AUTHOR);
  enter('r', REVIEWER);
  editSessions.note(room.reportId, AUTHOR, { inserted: 3, deleted: 0 });
  editSessions.note(room.reportId, REVIEWER, { inserted: 1, deleted: 0 });
  // An update still being stored when the user leaves: it belongs to the session.
  let store!: () => void;
  member.chain = member.chain.then(() => new Promise<void>((resolve) => (store = resolve))).then(() => {
    editSessions.note(room.reportId, AUTHOR, { inserted: 2, deleted: 0 });
  });

  membership.leave(socket, room.reportId);
  await nextTurn();
  assert.deepEqual(recorded, [], 'not before the update in flight is settled');
  store();
  await nextTurn();
  assert.deepEqual(recorded, [{ actor: AUTHOR, inserted: 5 }], 'the reviewer, still there, goes on editing');
});

test('a disconnect ends the session too, but not while another socket of the user is in the report', async () => {
  const { recorded, room, editSessions, membership, enter } = setUp();
  const first = enter('a1', AUTHOR);
  const second = enter('a2', AUTHOR);
  editSessions.note(room.reportId, AUTHOR, { inserted: 4, deleted: 0 });

  membership.disconnected(first.socket);
  await nextTurn();
  assert.deepEqual(recorded, [], 'still editing in another tab');
  membership.disconnected(second.socket);
  await nextTurn();
  assert.deepEqual(recorded, [{ actor: AUTHOR, inserted: 4 }]);
});
