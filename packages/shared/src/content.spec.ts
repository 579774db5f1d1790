import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { canonicalContent, contentHash, FRAGMENT, sha256Hex } from './content.js';

function paragraph(doc: Y.Doc, text: string, marks?: Record<string, object>) {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  doc.getXmlFragment(FRAGMENT).push([p]);
  t.insert(0, text, marks);
}

test('sha256Hex matches the known digest', async () => {
  assert.equal(await sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('canonical content ignores how the edits were made and keeps marks and attributes', async () => {
  const a = new Y.Doc();
  paragraph(a, '一、存在问题');
  const b = new Y.Doc();
  paragraph(b, '存在问题');
  const text = b.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement;
  (text.get(0) as Y.XmlText).insert(0, '一、');
  assert.equal(canonicalContent(a), canonicalContent(b));
  assert.equal(await contentHash(a), await contentHash(b));

  const c = new Y.Doc();
  paragraph(c, '一、存在问题', { bold: {} });
  assert.notEqual(canonicalContent(a), canonicalContent(c));
  assert.match(canonicalContent(c), /"m":\["bold"\]/);

  const h = new Y.Doc();
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 2 as unknown as string);
  h.getXmlFragment(FRAGMENT).push([heading]);
  assert.equal(canonicalContent(h), '{"c":[{"a":{"level":2},"c":[],"t":"heading"}],"t":"doc"}');
});
