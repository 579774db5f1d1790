import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { FRAGMENT } from '../content.js';
import { anchoredSpan, decodeAnchor, encodeAnchor, isOutdated, type ResolvedAnchor, resolveAnchor } from './anchors.js';

function paragraphs(...texts: string[]): Y.Doc {
  return paragraphsIn(new Y.Doc(), ...texts);
}

function paragraphsIn(doc: Y.Doc, ...texts: string[]): Y.Doc {
  doc.getXmlFragment(FRAGMENT).push(
    texts.map((t) => {
      const p = new Y.XmlElement('paragraph');
      p.push([new Y.XmlText(t)]);
      return p;
    }),
  );
  return doc;
}

function textOf(doc: Y.Doc, paragraph: number): Y.XmlText {
  return (doc.getXmlFragment(FRAGMENT).get(paragraph) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Anchors around `word` in a paragraph, made as the editor makes them (y-prosemirror: each end keeps to its left). */
function anchorsAround(doc: Y.Doc, paragraph: number, word: string): { start: string; end: string } {
  const text = textOf(doc, paragraph);
  const at = text.toString().indexOf(word);
  assert.ok(at >= 0);
  return {
    start: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, at, -1)),
    end: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, at + word.length, -1)),
  };
}

function resolved(doc: Y.Doc, anchor: string): ResolvedAnchor {
  const r = resolveAnchor(doc, anchor);
  assert.ok(r !== null && r !== 'invalid', `anchor resolves, got ${String(r)}`);
  return r;
}

/** The text between both anchors as `doc` has it now. */
function anchoredText(doc: Y.Doc, anchor: { start: string; end: string }): string {
  const a = resolved(doc, anchor.start);
  const b = resolved(doc, anchor.end);
  assert.equal(a.type, b.type);
  return (a.type as Y.XmlText).toString().slice(a.index, b.index);
}

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function merge(...docs: Y.Doc[]): Y.Doc {
  const merged = new Y.Doc();
  for (const d of docs) Y.applyUpdate(merged, Y.encodeStateAsUpdate(d));
  return merged;
}

test('anchors round-trip through base64 and resolve to the anchored text', () => {
  const doc = paragraphs('一是学习不深，作风不实。');
  const anchor = anchorsAround(doc, 0, '学习不深');
  const rel = decodeAnchor(anchor.start);
  assert.ok(rel);
  assert.equal(encodeAnchor(rel), anchor.start);
  assert.equal(anchoredText(doc, anchor), '学习不深');
  assert.deepEqual({ ...resolved(doc, anchor.start), type: null }, { type: null, index: 2, deleted: false });
  assert.equal(anchoredSpan(doc, anchor.start, anchor.end), 'live');
  assert.equal(isOutdated(doc, anchor.start, anchor.end), false);
});

test('anchors follow the text through concurrent edits before, inside and after it', () => {
  const base = paragraphs('一是学习不深，作风不实。', '二是制度执行不严。');
  const anchor = anchorsAround(base, 0, '学习不深');
  const alice = fork(base);
  const bob = fork(base);
  textOf(alice, 0).insert(0, '首先，');
  textOf(bob, 0).insert(4, '还');
  textOf(bob, 0).insert(textOf(bob, 0).length, '另外');
  textOf(alice, 1).delete(0, 2);
  alice.getXmlFragment(FRAGMENT).insert(0, [new Y.XmlElement('paragraph')]);
  const server = merge(alice, bob);
  assert.equal(textOf(server, 1).toString(), '首先，一是学习还不深，作风不实。另外');
  assert.equal(anchoredText(server, anchor), '学习还不深');
  assert.equal(isOutdated(server, anchor.start, anchor.end), false);
  // Both sides of the edit resolve an anchor the same way, whatever order the updates came in.
  assert.equal(anchoredText(merge(bob, alice), anchor), '学习还不深');
});

test('typing right after the anchored text stays outside it, typing at its start joins it', () => {
  const doc = paragraphs('作风不实');
  const anchor = anchorsAround(doc, 0, '不实');
  textOf(doc, 0).insert(4, '。');
  textOf(doc, 0).insert(2, '很');
  assert.equal(anchoredText(doc, anchor), '很不实');
});

test('a thread whose text was deleted is outdated; deleting around it is not', () => {
  const doc = paragraphs('一是学习不深，作风不实。');
  const anchor = anchorsAround(doc, 0, '学习不深');
  textOf(doc, 0).delete(0, 2);
  textOf(doc, 0).delete(5, 5);
  assert.equal(isOutdated(doc, anchor.start, anchor.end), false);
  assert.equal(anchoredText(doc, anchor), '学习不深');

  textOf(doc, 0).delete(0, 4);
  assert.equal(anchoredSpan(doc, anchor.start, anchor.end), 'empty');
  assert.equal(isOutdated(doc, anchor.start, anchor.end), true);
});

test('partly deleted text keeps the thread; a concurrent delete of all of it outdates it', () => {
  const base = paragraphs('一是学习不深，作风不实。');
  const anchor = anchorsAround(base, 0, '学习不深');
  const alice = fork(base);
  const bob = fork(base);
  textOf(alice, 0).delete(2, 2);
  assert.equal(anchoredText(alice, anchor), '不深');
  assert.equal(isOutdated(alice, anchor.start, anchor.end), false);
  textOf(bob, 0).delete(4, 2);
  assert.equal(isOutdated(merge(alice, bob), anchor.start, anchor.end), true);
});

test('an anchor inside a deleted paragraph no longer resolves, and the thread is outdated', () => {
  const doc = paragraphs('一是学习不深。', '二是作风不实。');
  const anchor = anchorsAround(doc, 0, '学习');
  const other = anchorsAround(doc, 1, '作风');
  doc.getXmlFragment(FRAGMENT).delete(0, 1);
  // The server's documents collect garbage: the paragraph's text is gone from the store.
  assert.equal(resolveAnchor(doc, anchor.start), null);
  assert.equal(anchoredSpan(doc, anchor.start, anchor.end), 'gone');
  assert.equal(isOutdated(doc, anchor.start, anchor.end), true);
  assert.equal(isOutdated(doc, other.start, other.end), false);
  assert.equal(anchoredText(doc, other), '作风');
});

test('where deleted content is kept, an anchor in it resolves as deleted and the thread is outdated', () => {
  const doc = paragraphsIn(new Y.Doc({ gc: false }), '一是学习不深。', '二是作风不实。');
  const anchor = anchorsAround(doc, 0, '学习');
  doc.getXmlFragment(FRAGMENT).delete(0, 1);
  assert.equal(resolved(doc, anchor.start).deleted, true);
  assert.equal(resolved(doc, anchor.end).deleted, true);
  assert.equal(anchoredSpan(doc, anchor.start, anchor.end), 'gone');
  assert.equal(isOutdated(doc, anchor.start, anchor.end), true);
});

test('ends that cross or meet span nothing', () => {
  const doc = paragraphs('作风不实');
  const anchor = anchorsAround(doc, 0, '不实');
  assert.equal(anchoredSpan(doc, anchor.end, anchor.start), 'empty');
  assert.equal(anchoredSpan(doc, anchor.start, anchor.start), 'empty');
  assert.equal(isOutdated(doc, anchor.end, anchor.start), true);
});

test('an anchor into text the document does not hold yet resolves to null, then to the text', () => {
  const author = paragraphs('作风不实');
  const anchor = anchorsAround(author, 0, '不实');
  const late = new Y.Doc();
  assert.equal(resolveAnchor(late, anchor.start), null);
  assert.equal(anchoredSpan(late, anchor.start, anchor.end), 'gone');
  assert.equal(isOutdated(late, anchor.start, anchor.end), true);
  Y.applyUpdate(late, Y.encodeStateAsUpdate(author));
  assert.equal(anchoredText(late, anchor), '不实');
});

test('the end of the fragment, anchored by its name, resolves', () => {
  const doc = paragraphs('作风不实');
  const fragment = doc.getXmlFragment(FRAGMENT);
  const end = encodeAnchor(Y.createRelativePositionFromTypeIndex(fragment, fragment.length));
  assert.equal(decodeAnchor(end)?.tname, FRAGMENT);
  const r = resolved(doc, end);
  assert.equal(r.type, fragment);
  assert.equal(r.index, 1);
});

test('garbage and positions outside the fragment are invalid and outdated', () => {
  const doc = paragraphs('作风不实');
  const valid = anchorsAround(doc, 0, '不实');
  const elsewhere = doc.getText('notes');
  elsewhere.insert(0, 'aside');
  const inOtherRoot = encodeAnchor(Y.createRelativePositionFromTypeIndex(elsewhere, 1));
  const otherRootByName = encodeAnchor(Y.createRelativePositionFromTypeIndex(new Y.Doc().getText('other'), 0));
  // 'Aw==' decodes to a position of an unknown kind, which names nothing.
  for (const garbage of ['', '!!!!', 'Aw==', inOtherRoot, otherRootByName]) {
    assert.equal(resolveAnchor(doc, garbage), 'invalid', garbage);
    assert.equal(isOutdated(doc, garbage, valid.end), true, garbage);
    assert.equal(isOutdated(doc, valid.start, garbage), true, garbage);
  }
  // Resolving never creates the root type a position names.
  assert.equal(doc.share.has('other'), false);
  // Node reads base64 leniently, as the server always has: stray characters are skipped.
  assert.equal(decodeAnchor(''), null);
  assert.deepEqual(decodeAnchor(`${valid.start.slice(0, 2)}!${valid.start.slice(2)}`), decodeAnchor(valid.start));
});
