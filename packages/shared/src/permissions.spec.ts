import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accessOf,
  actionsOf,
  type Actor,
  mayChangeReviewer,
  mayRename,
  mayResolveThread,
  mayRestoreVersion,
  maySaveVersion,
  relationOf,
} from './permissions.js';
import type { ReportState } from './workflow.js';

const report = (state: ReportState) => ({ state, authorId: 'author', reviewerId: 'reviewer' });
const author: Actor = { id: 'author', isAdmin: false, role: 'drafter' };
const reviewer: Actor = { id: 'reviewer', isAdmin: false, role: 'supervisor' };
const member: Actor = { id: 'm', isAdmin: false, role: 'drafter' };
const outsideAdmin: Actor = { id: 'admin', isAdmin: true, role: undefined };
const memberAdmin: Actor = { id: 'admin', isAdmin: true, role: 'drafter' };

test('outside the team there is no relation and at most view access', () => {
  assert.equal(relationOf(report('draft'), outsideAdmin), null);
  assert.equal(accessOf(report('draft'), outsideAdmin), 'view');
  assert.equal(accessOf(report('draft'), author), 'edit');
});

test('a named reviewer who is no longer a supervisor is a plain member', () => {
  assert.equal(relationOf(report('in_review'), { ...reviewer, role: 'drafter' }), 'member');
});

test('saving a version: author, reviewer, or an admin whether or not in the team', () => {
  assert.equal(maySaveVersion(report('draft'), author), true);
  assert.equal(maySaveVersion(report('draft'), reviewer), true);
  assert.equal(maySaveVersion(report('draft'), member), false);
  assert.equal(maySaveVersion(report('draft'), outsideAdmin), true);
  assert.equal(maySaveVersion(report('draft'), memberAdmin), true);
});

test('restoring needs edit access now', () => {
  assert.equal(mayRestoreVersion(report('in_review'), author), false);
  assert.equal(mayRestoreVersion(report('in_review'), reviewer), true);
  assert.equal(mayRestoreVersion(report('draft'), outsideAdmin), false);
});

test('the reviewer: author or admin, not while in review, nothing once approved', () => {
  assert.equal(mayChangeReviewer(report('in_review'), author), false);
  assert.equal(mayChangeReviewer(report('changes_requested'), author), true);
  assert.equal(mayChangeReviewer(report('draft'), outsideAdmin), true);
  assert.equal(mayChangeReviewer(report('draft'), reviewer), false);
});

test('the title: whoever may edit the content in the state, as the content', () => {
  assert.equal(mayRename(report('draft'), author), true);
  assert.equal(mayRename(report('draft'), reviewer), true);
  assert.equal(mayRename(report('in_review'), author), false);
  assert.equal(mayRename(report('in_review'), reviewer), true);
  assert.equal(mayRename(report('changes_requested'), reviewer), false);
  assert.equal(mayRename(report('approved'), reviewer), false);
  assert.equal(mayRename(report('draft'), outsideAdmin), false);
});

test('threads are resolved by the reviewer or their opener, while they may comment', () => {
  assert.equal(mayResolveThread(report('in_review'), reviewer, 'author'), true);
  assert.equal(mayResolveThread(report('in_review'), author, 'author'), true);
  assert.equal(mayResolveThread(report('in_review'), member, 'm'), false);
  assert.equal(mayResolveThread(report('approved'), reviewer, 'author'), false);
});

test('workflow actions for an outside admin are those of a member with admin rights', () => {
  assert.deepEqual(actionsOf(report('approved'), outsideAdmin), ['reopen']);
  assert.deepEqual(actionsOf(report('in_review'), author), ['withdraw']);
});
