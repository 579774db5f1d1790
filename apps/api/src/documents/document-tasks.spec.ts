import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReportContent, contentBlocks, contentHash, diffBlocks, FRAGMENT, plainText } from '@review/shared';
import * as Y from 'yjs';
import { runDocumentTask } from './document-tasks.js';

const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

const sample = () =>
  buildReportContent([
    { type: 'heading', level: 1, text: '一、存在问题' },
    { type: 'paragraph', text: '理论学习不够深入。' },
    { type: 'heading', level: 1, text: '二、整改措施' },
    { type: 'paragraph', text: '制定学习计划，按月检查。' },
  ]);

test('a read gives the content, hash and checks the main thread would, as JSON', async () => {
  const { update } = await sample();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const { result, skipped } = await runDocumentTask({ kind: 'read', updates: [update] });
  assert.deepEqual(skipped, []);
  assert.equal(result.contentHash, await contentHash(doc));
  assert.deepEqual(decode(result.contentJson), { contentHash: await contentHash(doc), text: plainText(doc), blocks: contentBlocks(doc) });
  assert.equal((decode(result.checksJson) as { ok: boolean }).ok, true);
});

test('the log is replayed one update at a time; an update that does not integrate is left out and reported', async () => {
  const { update } = await sample();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const before = Y.encodeStateVector(doc);
  doc.getXmlFragment(FRAGMENT).delete(0, 1);
  const edit = Y.encodeStateAsUpdate(doc, before);
  const broken = new Uint8Array([0, 1, 2, 3, 250, 250, 250]);
  const { result, skipped } = await runDocumentTask({ kind: 'read', updates: [update, broken, edit] });
  assert.deepEqual(skipped, [1]);
  assert.equal(result.contentHash, await contentHash(doc));
});

test('a diff and a .docx are made from encoded updates', async () => {
  const { update } = await sample();
  const older = new Y.Doc();
  Y.applyUpdate(older, update);
  const newer = new Y.Doc();
  Y.applyUpdate(newer, update);
  const text = newer.getXmlFragment(FRAGMENT).get(1) as Y.XmlElement;
  (text.get(0) as Y.XmlText).insert(0, '仍然');
  const diff = await runDocumentTask({ kind: 'diff', older: [update], newer: [Y.encodeStateAsUpdate(newer)] });
  assert.deepEqual(decode(diff.result.blocksJson), diffBlocks(contentBlocks(older), contentBlocks(newer)));

  const docx = await runDocumentTask({
    kind: 'docx',
    updates: [update],
    meta: { title: '报告', author: '张明', state: 'draft', createdAt: new Date('2026-01-01T00:00:00Z') },
  });
  assert.equal(Buffer.from(docx.result.file.subarray(0, 2)).toString(), 'PK');
  assert.equal(docx.result.file.byteOffset, 0, 'a buffer of its own, transferable');
  assert.equal(docx.result.file.buffer.byteLength, docx.result.file.byteLength);
});
