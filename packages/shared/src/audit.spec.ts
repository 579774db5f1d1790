import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activitySpan, type AuditEventDto, inActivityOrder } from './audit.js';

const event = (seq: number, action: AuditEventDto['action'], at: string, details: Record<string, unknown> = {}) => ({ seq, action, at, details });

test('an edit session spans its first to its last edit; other events their own time', () => {
  const session = event(4, 'edit_session', '2025-03-04T06:12:00.000Z', { firstAt: '2025-03-04T06:01:00.000Z', lastAt: '2025-03-04T06:09:30.000Z' });
  assert.deepEqual(activitySpan(session), { start: '2025-03-04T06:01:00.000Z', end: '2025-03-04T06:09:30.000Z' });
  const comment = event(3, 'comment', '2025-03-04T06:05:00.000Z');
  assert.deepEqual(activitySpan(comment), { start: '2025-03-04T06:05:00.000Z', end: '2025-03-04T06:05:00.000Z' });
  // A session recorded without its times (older events may hold less) stays where it was recorded.
  assert.deepEqual(activitySpan(event(5, 'edit_session', '2025-03-04T06:20:00.000Z', { firstAt: 'soon' })).start, '2025-03-04T06:20:00.000Z');
});

test('events read in the order things started, recorded order breaking ties; the input is left as it was', () => {
  const trail = [
    event(1, 'create', '2025-03-04T06:00:00.000Z'),
    event(2, 'thread', '2025-03-04T06:05:00.000Z'),
    event(3, 'comment', '2025-03-04T06:05:00.000Z'),
    // Recorded when the drafter left, after the reviewer's comments made while they were typing.
    event(4, 'edit_session', '2025-03-04T06:12:00.000Z', { firstAt: '2025-03-04T06:01:00.000Z', lastAt: '2025-03-04T06:09:30.000Z' }),
    event(5, 'submit', '2025-03-04T06:12:01.000Z'),
  ];
  assert.deepEqual(inActivityOrder(trail).map((e) => e.seq), [1, 4, 2, 3, 5]);
  assert.deepEqual(trail.map((e) => e.seq), [1, 2, 3, 4, 5]);
});
