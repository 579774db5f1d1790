import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTHOR, ClientDoc, MEMBER, memberOf, REVIEWER, roomIn } from '../testing/rooms.js';
import { carriesForeignItems, decide, unconfirmedClients } from './decide.js';
import { validateUpdate } from './update-validation.js';

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

test('new items under a client the room knows as another user’s are refused at decide; a re-send of them is not', () => {
  const reviewer = new ClientDoc();
  reviewer.doc.clientID = 5;
  const first = reviewer.paragraph('审核意见。');
  const room = roomIn('draft', [first]);
  room.owners.set(5, REVIEWER);
  const author = memberOf(room, 'a', AUTHOR, 'drafter');

  // The author re-sends what it received (a reconnect's step 2): nothing new of client 5.
  assert.equal(carriesForeignItems(room, author, validateUpdate(first)), false);
  assert.equal(decide(room, author, undefined, validateUpdate(first)), undefined);

  // The author writes under the reviewer's client id: refused before the room's document sees it.
  const forged = new ClientDoc([first]);
  forged.doc.clientID = 5;
  const update = forged.change(() => {
    const p = forged.doc.getXmlFragment('default').get(0) as import('yjs').XmlElement;
    (p.get(0) as import('yjs').XmlText).insert(0, '作者冒名');
  });
  assert.equal(carriesForeignItems(room, author, validateUpdate(update)), true);
  assert.equal(decide(room, author, undefined, validateUpdate(update)), 'foreign_items');
  // The reviewer writing under its own client is fine, and a client nobody claimed is the store's to decide.
  assert.equal(decide(room, memberOf(room, 'r', REVIEWER, 'supervisor'), undefined, validateUpdate(update)), undefined);
  room.owners.delete(5);
  assert.equal(decide(room, author, undefined, validateUpdate(update)), undefined);
});
