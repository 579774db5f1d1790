/// <reference types="node" />
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as Y from 'yjs';
import { canonicalContent, contentBlocks, contentHash, FRAGMENT } from '../content.js';
import { buildReportContent, buildReportDoc } from './build.js';
import { checkReport } from './checks.js';
import { parseReport } from './parse.js';

/** The sample reports kept with the tests (test/fixtures/reports/). */
const SAMPLES = new URL('../../../../test/fixtures/reports/', import.meta.url);

test('built documents read back as the parsed blocks, in Tiptap shape', () => {
  const parsed = parseReport(readFileSync(new URL('democratic-life-meeting-outline.txt', SAMPLES), 'utf8'), 'txt');
  const doc = new Y.Doc();
  buildReportDoc(doc, parsed.blocks);
  assert.deepEqual(
    contentBlocks(doc),
    parsed.blocks.map((b) => (b.type === 'heading' ? { type: 'heading', level: b.level, text: b.text } : { type: 'paragraph', text: b.text })),
  );
  const heading = doc.getXmlFragment(FRAGMENT).get(1) as Y.XmlElement;
  assert.equal(heading.nodeName, 'heading');
  assert.equal(heading.getAttribute('level'), 1 as unknown as string);
  assert.ok(heading.get(0) instanceof Y.XmlText);
  // The checks run the same on the parsed blocks and on the document built from them.
  assert.deepEqual(checkReport(contentBlocks(doc)), checkReport(parsed.blocks));
});

test('marks become y-prosemirror text attributes; plain runs after a bold one stay plain', async () => {
  const blocks = [
    { type: 'paragraph' as const, text: '一是学习不深，作风不实。', marks: [{ type: 'bold' as const, start: 0, end: 6 }, { type: 'italic' as const, start: 2, end: 4 }] },
  ];
  const doc = new Y.Doc();
  buildReportDoc(doc, blocks);
  const text = (doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  assert.deepEqual(text.toDelta(), [
    { insert: '一是', attributes: { bold: {} } },
    { insert: '学习', attributes: { bold: {}, italic: {} } },
    { insert: '不深', attributes: { bold: {} } },
    { insert: '，作风不实。' },
  ]);

  // The update applied to an empty document gives the same content and hash.
  const built = await buildReportContent(blocks);
  const other = new Y.Doc();
  Y.applyUpdate(other, built.update);
  assert.equal(canonicalContent(other), canonicalContent(doc));
  assert.equal(await contentHash(other), await contentHash(doc));
  assert.equal(built.contentHash, await contentHash(doc));
});
