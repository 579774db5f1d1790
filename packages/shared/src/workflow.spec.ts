import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessFor, allowedActions, AWAITING_REVIEW_STATES, REPORT_STATES, relationTo, TRANSITIONS } from './workflow.js';

test('access table: who may edit, comment or only view in each state', () => {
  const table = Object.fromEntries(
    REPORT_STATES.map((s) => [s, [accessFor(s, 'author'), accessFor(s, 'reviewer'), accessFor(s, 'member')]]),
  );
  assert.deepEqual(table, {
    draft: ['edit', 'edit', 'view'],
    in_review: ['comment', 'edit', 'view'],
    changes_requested: ['edit', 'comment', 'view'],
    approved: ['view', 'view', 'view'],
  });
});

test('the author is never treated as the reviewer, even when named as both', () => {
  assert.equal(relationTo({ authorId: 'a', reviewerId: 'a' }, 'a'), 'author');
  assert.equal(relationTo({ authorId: 'a', reviewerId: 'b' }, 'b'), 'reviewer');
  assert.equal(relationTo({ authorId: 'a', reviewerId: null }, 'c'), 'member');
});

test('allowed actions follow the workflow table', () => {
  assert.deepEqual(allowedActions('draft', 'author', false), ['submit']);
  assert.deepEqual(allowedActions('changes_requested', 'author', false), ['submit']);
  assert.deepEqual(allowedActions('in_review', 'author', false), ['withdraw']);
  assert.deepEqual(allowedActions('in_review', 'reviewer', false), ['request_changes', 'approve']);
  assert.deepEqual(allowedActions('approved', 'reviewer', false), ['reopen']);
  assert.deepEqual(allowedActions('approved', 'member', true), ['reopen']);
  assert.deepEqual(allowedActions('approved', 'member', false), []);
  assert.deepEqual(allowedActions('in_review', 'member', true), []);
  // An admin who is the author still cannot approve their own report.
  assert.deepEqual(allowedActions('in_review', 'author', true), ['withdraw']);
});

test('every transition leads to a known state from known states', () => {
  for (const t of Object.values(TRANSITIONS)) {
    assert.ok(REPORT_STATES.includes(t.to));
    for (const f of t.from) assert.ok(REPORT_STATES.includes(f));
  }
});

test('a report awaits its reviewer exactly where the reviewer decides: in review, never as a draft', () => {
  for (const state of REPORT_STATES) {
    const decides = allowedActions(state, 'reviewer', false).some((a) => a === 'approve' || a === 'request_changes');
    assert.equal(AWAITING_REVIEW_STATES.includes(state), decides, state);
  }
  assert.deepEqual(AWAITING_REVIEW_STATES, ['in_review']);
});
