import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTHOR, MEMBER, memberOf, REVIEWER, roomIn } from '../testing/rooms.js';
import { decide, unconfirmedClients } from './decide.js';

const update = (clients: number[]) => ({ inserted: 1, deleted: 0, clients });

test('edit access in the report’s state decides', () => {
  const draft = roomIn('draft');
  assert.equal(decide(draft, memberOf(draft, 'a', AUTHOR, 'drafter'), update([1])), undefined);
  assert.equal(decide(draft, memberOf(draft, 'm', MEMBER, 'drafter'), update([1])), 'no_edit_access');
  assert.equal(decide(draft, memberOf(draft, 'x', MEMBER, undefined), update([1])), 'no_edit_access', 'outside the team: view');
  const inReview = roomIn('in_review');
  assert.equal(decide(inReview, memberOf(inReview, 'a', AUTHOR, 'drafter'), update([1])), 'no_edit_access');
  assert.equal(decide(inReview, memberOf(inReview, 'r', REVIEWER, 'supervisor'), update([1])), undefined);
});

test('items of a Yjs client another user owns are refused; one’s own or unknown clients are not', () => {
  const room = roomIn('draft');
  room.owners.set(5, REVIEWER);
  room.owners.set(6, AUTHOR);
  const author = memberOf(room, 'a', AUTHOR, 'drafter');
  assert.equal(decide(room, author, update([6, 9])), undefined);
  assert.equal(decide(room, author, update([6, 5])), 'foreign_items');
  assert.deepEqual(unconfirmedClients(room, author, update([6, 9, 5])), [9, 5], 'the store checks what the room has not confirmed');
  assert.equal(unconfirmedClients(room, author, update([6])), undefined);
});

test('once a socket’s update was refused, every later one is', () => {
  const room = roomIn('draft');
  const author = memberOf(room, 'a', AUTHOR, 'drafter');
  author.stream.refusedFor = 'state_changed';
  assert.equal(decide(room, author, update([1])), 'state_changed');
});
