import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffBlocks, diffSequences, diffText } from './diff.js';

const apply = (segments: { op: string; text: string }[], side: 'before' | 'after') =>
  segments.filter((s) => s.op === 'equal' || s.op === (side === 'before' ? 'delete' : 'insert')).map((s) => s.text).join('');

test('character diff of Chinese text marks exactly the changed characters', () => {
  const segments = diffText('一是理论学习不够深入', '一是理论学习还不够系统深入');
  assert.deepEqual(segments, [
    { op: 'equal', text: '一是理论学习' },
    { op: 'insert', text: '还' },
    { op: 'equal', text: '不够' },
    { op: 'insert', text: '系统' },
    { op: 'equal', text: '深入' },
  ]);
});

test('segments rebuild both sides, for random edits', () => {
  const alphabet = Array.from('学习整改措施问题原因剖析😀ab');
  const rand = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  for (let i = 0; i < 200; i++) {
    const a = rand(Math.floor(Math.random() * 40));
    const b = rand(Math.floor(Math.random() * 40));
    const segments = diffText(a, b);
    assert.equal(apply(segments, 'before'), a);
    assert.equal(apply(segments, 'after'), b);
  }
});

test('the edit script is minimal', () => {
  const runs = diffSequences(Array.from('abcabba'), Array.from('cbabac'));
  const edits = runs.filter((r) => r.op !== 'equal').reduce((n, r) => n + r.items.length, 0);
  assert.equal(edits, 5);
});

test('blocks: unchanged, changed, inserted and deleted blocks are told apart', () => {
  const before = [
    { type: 'heading', level: 1, text: '一、存在问题' },
    { type: 'paragraph', text: '一是理论学习不够深入。' },
    { type: 'paragraph', text: '这一段会被删除，内容完全不同。' },
    { type: 'heading', level: 1, text: '二、原因剖析' },
  ];
  const after = [
    { type: 'heading', level: 1, text: '一、存在问题' },
    { type: 'paragraph', text: '一是理论学习还不够深入。' },
    { type: 'heading', level: 1, text: '二、原因剖析' },
    { type: 'paragraph', text: '新增的段落。' },
  ];
  const blocks = diffBlocks(before, after);
  assert.deepEqual(
    blocks.map((b) => b.op),
    ['equal', 'change', 'delete', 'equal', 'insert'],
  );
  assert.deepEqual(blocks[1]?.segments, [
    { op: 'equal', text: '一是理论学习' },
    { op: 'insert', text: '还' },
    { op: 'equal', text: '不够深入。' },
  ]);
  assert.equal(blocks[0]?.level, 1);
});

test('identical documents give only equal blocks; empty against full gives inserts', () => {
  const doc = [{ type: 'paragraph', text: '甲' }, { type: 'paragraph', text: '乙' }];
  assert.ok(diffBlocks(doc, doc).every((b) => b.op === 'equal'));
  assert.deepEqual(diffBlocks([], doc).map((b) => b.op), ['insert', 'insert']);
});
