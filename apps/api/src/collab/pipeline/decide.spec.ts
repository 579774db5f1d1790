import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTHOR, MEMBER, memberOf, REVIEWER, roomIn } from '../testing/rooms.js';
import { decide, unconfirmedClients } from './decide.js';

const update = (clients: number[]) => ({ inserted: 1, deleted: 0, clients, clocks: clients.map((c): [number, number] => [c, 1]) });

test('edit access in the report’s state decides', () => {
  const draft = roomIn('draft');
  assert.equal(decide(draft, memberOf(draft, 'a', AUTHOR, 'drafter')), undefined);
  assert.equal(decide(draft, memberOf(draft, 'm', MEMBER, 'drafter')), 'no_edit_access');
  assert.equal(decide(draft, memberOf(draft, 'x', MEMBER, undefined)), 'no_edit_access', 'outside the team: view');
  const inReview = roomIn('in_review');
  assert.equal(decide(inReview, memberOf(inReview, 'a', AUTHOR, 'drafter')), 'no_edit_access');
  assert.equal(decide(inReview, memberOf(inReview, 'r', REVIEWER, 'supervisor')), undefined);
});

test('the clients the room has not confirmed as the sender’s go to the store to be checked', () => {
  const room = roomIn('draft');
  room.owners.set(5, REVIEWER);
  room.owners.set(6, AUTHOR);
  const author = memberOf(room, 'a', AUTHOR, 'drafter');
  assert.deepEqual(unconfirmedClients(room, author, update([6, 9, 5])), [9, 5]);
  assert.equal(unconfirmedClients(room, author, update([6])), undefined);
});

test('once a socket’s update was refused, every later one is', () => {
  const room = roomIn('draft');
  const author = memberOf(room, 'a', AUTHOR, 'drafter');
  author.stream.refusal = { reason: 'state_changed', at: 3 };
  assert.equal(decide(room, author), 'state_changed');
});
