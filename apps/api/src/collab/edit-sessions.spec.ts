// Edit sessions: one audit event per user and stretch of editing, recorded when the stretch ends,
// with its first and last edit; the report's open pages are told to refetch their activity.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { AuditService } from '../audit/index.js';
import { EditSessions } from './edit-sessions.js';
import { FakeIo } from './testing/fake-io.js';
import { AUTHOR, REVIEWER, roomIn } from './testing/rooms.js';

interface Recorded {
  reportId: string;
  actor: string | null;
  action: string;
  details: Record<string, unknown>;
}

const sessions: EditSessions[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.closeAll();
});

function setUp() {
  const recorded: Recorded[] = [];
  const audit = {
    record: async (reportId: string, actor: string | null, action: string, details: Record<string, unknown>) => {
      recorded.push({ reportId, actor, action, details });
    },
  } as unknown as AuditService;
  const io = new FakeIo();
  const room = roomIn('draft');
  io.socket('page').join(room.name);
  const editSessions = new EditSessions(audit, io.output());
  sessions.push(editSessions);
  return { recorded, io, room, editSessions };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a user who leaves ends their session at once, with its first and last edit; others keep editing', async () => {
  const { recorded, io, room, editSessions } = setUp();
  const before = Date.now();
  editSessions.note(room.reportId, AUTHOR, { inserted: 5, deleted: 0 });
  editSessions.note(room.reportId, REVIEWER, { inserted: 1, deleted: 0 });
  await pause(20);
  editSessions.note(room.reportId, AUTHOR, { inserted: 2, deleted: 1 });
  const after = Date.now();

  await editSessions.closeUser(room.reportId, AUTHOR);
  assert.equal(recorded.length, 1);
  const [event] = recorded;
  assert.equal(event?.actor, AUTHOR);
  assert.equal(event?.action, 'edit_session');
  const { firstAt, lastAt, ...counts } = event?.details ?? {};
  assert.deepEqual(counts, { updates: 2, inserted: 7, deleted: 1 });
  const first = Date.parse(String(firstAt));
  const last = Date.parse(String(lastAt));
  assert.ok(before <= first && first + 20 <= last && last <= after, `${first} … ${last}`);
  assert.deepEqual(io.received('page'), [['activity', room.reportId]]);

  // Leaving again records nothing; the reviewer's session is still open until it ends.
  await editSessions.closeUser(room.reportId, AUTHOR);
  assert.equal(recorded.length, 1);
  await editSessions.closeReport(room.reportId);
  assert.deepEqual(recorded.map((e) => e.actor), [AUTHOR, REVIEWER]);
});

test('editing after leaving starts a new session', async () => {
  const { recorded, room, editSessions } = setUp();
  editSessions.note(room.reportId, AUTHOR, { inserted: 3, deleted: 0 });
  await editSessions.closeUser(room.reportId, AUTHOR);
  editSessions.note(room.reportId, AUTHOR, { inserted: 4, deleted: 0 });
  await editSessions.closeUser(room.reportId, AUTHOR);
  assert.deepEqual(recorded.map((e) => e.details.inserted), [3, 4]);
});
