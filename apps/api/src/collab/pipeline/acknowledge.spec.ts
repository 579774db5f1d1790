import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditService } from '../../audit/index.js';
import { DenialAudit } from '../denial-audit.js';
import { FakeIo, nextTurn } from '../testing/fake-io.js';
import { AUTHOR, memberOf, roomIn } from '../testing/rooms.js';
import { Acknowledger } from './acknowledge.js';

/** The audit trail as the acknowledger sees it: what would be recorded. */
function auditSink() {
  const recorded: { reportId: string; action: string; details: unknown }[] = [];
  const audit = {
    recordInBackground: (reportId: string, _actor: string, action: string, details: unknown) => recorded.push({ reportId, action, details }),
  } as unknown as AuditService;
  return { recorded, audit };
}

test('the updates of a socket stored in one turn are acknowledged once, with the highest count', async () => {
  const io = new FakeIo();
  const socket = io.socket('a');
  const room = roomIn('draft');
  const member = memberOf(room, 'a', AUTHOR, 'drafter');
  const ack = new Acknowledger(io.output(), new DenialAudit(auditSink().audit));
  ack.saved(socket, room, member, 1);
  ack.saved(socket, room, member, 2);
  await nextTurn();
  ack.saved(socket, room, member, 3);
  await nextTurn();
  assert.deepEqual(io.received('a'), [
    ['saved', room.reportId, { count: 2 }],
    ['saved', room.reportId, { count: 3 }],
  ]);
});

test('a refusal is answered (at the end of the turn) and audited, a stream of refusals once per interval with a count', async () => {
  const io = new FakeIo();
  const socket = io.socket('a');
  const room = roomIn('in_review');
  const member = memberOf(room, 'a', AUTHOR, 'drafter');
  const { recorded, audit } = auditSink();
  const ack = new Acknowledger(io.output(), new DenialAudit(audit));
  ack.saved(socket, room, member, 1);
  for (let i = 0; i < 5; i++) ack.denied(socket, room, member, 'no_edit_access');
  await nextTurn();
  assert.deepEqual(io.received('a')[0], ['saved', room.reportId, { count: 1 }], 'the earlier saved first');
  io.sent.splice(0, 1);
  assert.equal(io.received('a').length, 5);
  assert.deepEqual(io.received('a')[0], ['denied', room.reportId, { reason: 'no_edit_access' }]);
  assert.deepEqual(recorded, [{ reportId: room.reportId, action: 'denied', details: { attempt: 'edit', reason: 'no_edit_access', via: 'collab' } }]);
});
