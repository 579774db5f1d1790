/// <reference types="node" />
// What the find bar counts as a match: width and case folded, mapped back to document positions
// across text nodes and marks, never across blocks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportSchemaExtensions } from '@review/editor';
import { getSchema } from '@tiptap/core';
import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import { findMatches, foldText } from './find-matches';

const schema = getSchema(reportSchemaExtensions());
const bold = schema.marks.bold!.create();
const italic = schema.marks.italic!.create();
const text = (s: string, marks: readonly Mark[] = []) => schema.text(s, marks);
const paragraph = (...parts: (string | PMNode)[]) => schema.node('paragraph', null, parts.map((p) => (typeof p === 'string' ? text(p) : p)));
const heading = (s: string) => schema.node('heading', { level: 1 }, [text(s)]);
const doc = (...blocks: PMNode[]) => schema.node('doc', null, blocks);

/** The document's text at each match. */
const found = (d: PMNode, query: string) => findMatches(d, query).map((m) => d.textBetween(m.from, m.to));

test('full- and half-width forms and capitals fold to the same text', () => {
  assert.equal(foldText('ＸＸ').text, 'xx');
  assert.equal(foldText('XX').text, 'xx');
  assert.equal(foldText('（一）').text, '(一)');
  assert.equal(foldText('２０２５年　ＡＢＣ').text, '2025年 abc');
  // Chinese text and the multiplication sign of ××× stay as they are.
  assert.equal(foldText('对照检查×××').text, '对照检查×××');
});

test('a folded text maps back to the original, character by character', () => {
  // ㈠ is one character that folds to three; ﬁ one that folds to two.
  const folded = foldText('a㈠ﬁＢ');
  assert.equal(folded.text, 'a(一)fib');
  assert.deepEqual(folded.origin, [0, 1, -1, -1, 2, -1, 3, 4]);
  // A letter and its combining accent are one character, composed by NFKC.
  const accented = foldText('Cafe\u0301!');
  assert.equal(accented.text, 'café!');
  assert.deepEqual(accented.origin, [0, 1, 2, 3, 5, 6]);
});

test('“xx” finds XX, ＸＸ and xx; “(” finds （; ××× is found as typed', () => {
  const d = doc(heading('一、存在问题（XX）'), paragraph('在ＸＸ方面，xx同志×××的问题。'));
  assert.deepEqual(found(d, 'xx'), ['XX', 'ＸＸ', 'xx']);
  assert.deepEqual(found(d, 'ＸＸ'), ['XX', 'ＸＸ', 'xx']);
  assert.deepEqual(found(d, '('), ['（']);
  assert.deepEqual(found(d, '×××'), ['×××']);
  assert.deepEqual(found(d, '问题'), ['问题', '问题']);
});

test('matches are in document order, do not overlap, and their positions are those of the document', () => {
  const d = doc(paragraph('XXXXX'), paragraph('ab'));
  // The first paragraph's text starts at 1; the second paragraph's at 1 + 5 + 2.
  assert.deepEqual(findMatches(d, 'xx'), [
    { from: 1, to: 3 },
    { from: 3, to: 5 },
  ]);
  assert.deepEqual(findMatches(d, 'B'), [{ from: 9, to: 10 }]);
});

test('a match spans text nodes with different marks', () => {
  const d = doc(paragraph('请填写', text('Ｘ', [bold]), text('x', [italic]), '的情况'));
  assert.deepEqual(found(d, 'xx'), ['Ｘx']);
  const [m] = findMatches(d, '写xx的');
  assert.deepEqual(m, { from: 3, to: 7 });
});

test('a match never spans two blocks, nor two list items', () => {
  const list = schema.node('bulletList', null, [
    schema.node('listItem', null, [paragraph('第一项X')]),
    schema.node('listItem', null, [paragraph('X第二项')]),
  ]);
  const d = doc(paragraph('结尾是X'), paragraph('X开头'), list);
  assert.deepEqual(found(d, 'xx'), []);
  assert.deepEqual(found(d, 'x'), ['X', 'X', 'X', 'X']);
});

test('only whole characters match: a part of what one character folds to is not a match', () => {
  const d = doc(paragraph('㈠和(一)'));
  assert.deepEqual(found(d, '(一)'), ['㈠', '(一)']);
  assert.deepEqual(found(d, '一'), ['一']);
});

test('an empty query finds nothing, nor does one that is longer than the text', () => {
  const d = doc(paragraph('XX'));
  assert.deepEqual(findMatches(d, ''), []);
  assert.deepEqual(findMatches(d, 'XXX'), []);
});
