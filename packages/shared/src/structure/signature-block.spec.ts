/// <reference types="node" />
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type CheckedBlock, checkReport } from './checks.js';
import { parseReport } from './parse.js';
import {
  beijingDate,
  isCompleteDate,
  isDateLine,
  signatureBlock,
  signatureIndents,
  signedSignature,
  type SignableBlock,
} from './signature-block.js';

const SAMPLES = new URL('../../../../test/fixtures/reports/', import.meta.url);

const h = (level: number, text: string): CheckedBlock => ({ type: 'heading', level, text });
const p = (text: string): SignableBlock => ({ type: 'paragraph', text });

/** The end of a report of the usual shape, written for this test. */
const TEXT = [
  p('按照要求，现作对照检查如下：'),
  h(1, '一、存在问题'),
  p('一是学习不够深入。二是调研不够扎实。'),
  h(1, '二、整改措施'),
  p('一是加强学习。二是改进作风。'),
  p('以上对照检查，不妥之处，恳请同志们批评指正。'),
];

test('date lines: written, in Chinese numerals, or blank; nothing else', () => {
  for (const line of ['2026年12月7日', '2026年 12 月 7 日', '二〇二六年十二月七日', '２０２６年１２月７日']) {
    assert.ok(isDateLine(line) && isCompleteDate(line), line);
  }
  for (const line of ['××××年××月××日', 'XXXX年XX月XX日', '____年__月__日', '　　　　年　　月　　日', '2026年××月××日', '  年  月  日 ']) {
    assert.ok(isDateLine(line) && !isCompleteDate(line), line);
  }
  for (const line of ['于2026年12月7日召开', '2026年12月', '（2026年12月7日）', '12月7日', '2026-12-07', '日期：2026年12月7日']) {
    assert.ok(!isDateLine(line), line);
  }
});

test('the 落款: name and date, unit and name and date, or the date alone, after the text', () => {
  assert.deepEqual(signatureBlock([...TEXT, p('×××'), p('××××年××月××日')]), { signers: [6], date: 7 });
  assert.deepEqual(signatureBlock([...TEXT, p('中共××县委组织部'), p('张明'), p('2026年12月7日')]), { signers: [6, 7], date: 8 });
  assert.deepEqual(signatureBlock([...TEXT, p('2026年12月7日')]), { signers: [], date: 6 });
  // Empty paragraphs around and inside it, and spaces to push it right by hand, change nothing.
  assert.deepEqual(signatureBlock([...TEXT, p(''), p('　　　　　　张明'), p(' '), p('　　二〇二六年十二月七日'), p('')]), {
    signers: [7],
    date: 9,
  });
  assert.deepEqual(signatureBlock([...TEXT, p('发言人：×××'), p('××××年××月××日')]), { signers: [6], date: 7 });
  // Two name lines at most: a third short line is the text it signs.
  assert.deepEqual(signatureBlock([p('正文。'), p('一行'), p('二行'), p('三行'), p('2026年12月7日')]), { signers: [2, 3], date: 4 });
});

test('no 落款: no date at the end, a date in a sentence or a heading, or nothing before it', () => {
  assert.equal(signatureBlock(TEXT), undefined);
  assert.equal(signatureBlock([...TEXT, p('×××'), p('××××年××月××日'), p('附件：整改清单')]), undefined);
  assert.equal(signatureBlock([...TEXT, p('会议于2026年12月7日召开。')]), undefined);
  assert.equal(signatureBlock([...TEXT, { type: 'heading', text: '2026年12月7日' }]), undefined);
  assert.equal(signatureBlock([...TEXT, { type: 'bulletItem', text: '2026年12月7日' }]), undefined);
  assert.equal(signatureBlock([p('×××'), p('××××年××月××日')]), undefined, 'a 落款 signs a text');
  assert.equal(signatureBlock([]), undefined);
  // What stands before the date is the text, not a name, when it is a sentence, a heading or a closing.
  for (const before of [p('一是加强学习。'), p('以上报告，请审阅'), p('三是改进作风'), h(1, '三、整改措施')]) {
    assert.deepEqual(signatureBlock([...TEXT, before, p('2026年12月7日')]), { signers: [], date: TEXT.length + 1 }, before.text);
  }
  assert.deepEqual(signatureBlock([...TEXT, p('一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一'), p('2026年12月7日')]), {
    signers: [],
    date: TEXT.length + 1,
  });
});

test('the samples end without a 落款, and none is read into them', () => {
  for (const name of ['democratic-life-meeting-outline.txt', 'study-and-inspection.txt', 'party-spirit-analysis.txt', 'self-examination.md', 'leading-by-example-inspection.txt']) {
    const blocks = parseReport(readFileSync(new URL(name, SAMPLES), 'utf8'), name.endsWith('.md') ? 'md' : 'txt').blocks;
    assert.equal(signatureBlock(blocks), undefined, name);
  }
});

test('checks: a blank date in the 落款 is no problem, a blank name is; the 落款 is no section’s text', () => {
  const template = [...TEXT, p('×××'), p('××××年××月××日')];
  assert.deepEqual(checkReport(template), [{ kind: 'placeholder', text: '×××', block: 6, start: 0, end: 3 }]);
  assert.deepEqual(checkReport([...TEXT, p('张明'), p('XXXX年XX月XX日')]), []);
  // The same blanks elsewhere are problems as before.
  assert.deepEqual(
    checkReport([p('××××年××月××日'), ...TEXT.slice(1)]).map((x) => x.text),
    ['××××', '××', '××'],
  );
  assert.deepEqual(checkReport([...TEXT, p('××××年××月××日'), p('附件')]).map((x) => [x.block, x.text]), [
    [6, '××××'],
    [6, '××'],
    [6, '××'],
  ]);

  // The last section's text is neither its closing nor its 落款: with nothing else, it is empty.
  const empty = [h(1, '一、存在问题'), p('内容。'), h(1, '二、整改措施'), p('以上报告，请批评指正。'), p('张明'), p('2026年12月7日')];
  assert.deepEqual(checkReport(empty), [{ kind: 'empty_section', text: '二、整改措施', block: 2 }]);
  assert.deepEqual(checkReport([h(1, '一、存在问题'), p('内容。'), h(1, '二、整改措施'), p('张明'), p('2026年12月7日')]), [
    { kind: 'empty_section', text: '二、整改措施', block: 2 },
  ]);
  assert.deepEqual(checkReport([h(1, '一、存在问题'), p('内容。'), h(1, '二、整改措施'), p('一是加强学习。'), p('张明'), p('2026年12月7日')]), []);
});

test('at approval: a blank date becomes the day of the approval in Beijing time, a blank name the author’s', () => {
  // 17:30 UTC on 6 December is 01:30 on 7 December in Beijing.
  const signedAt = new Date('2026-12-06T17:30:00Z');
  assert.equal(beijingDate(signedAt), '2026年12月7日');
  assert.equal(beijingDate(new Date('2026-01-05T03:00:00Z')), '2026年1月5日', 'no leading zeros');
  const by = { signedAt, name: '张明' };
  const fill = (blocks: SignableBlock[]) => {
    const signature = signatureBlock(blocks);
    assert.ok(signature);
    return Object.fromEntries(signedSignature(blocks, signature, by));
  };

  assert.deepEqual(fill([...TEXT, p('×××'), p('××××年××月××日')]), { 6: '张明', 7: '2026年12月7日' });
  assert.deepEqual(fill([...TEXT, p('发言人：XXX'), p('2026年××月××日')]), { 6: '发言人：张明', 7: '2026年12月7日' });
  assert.deepEqual(fill([...TEXT, p('　　年　月　日')]), { 6: '2026年12月7日' });
  // Written out, they stay: the author chose them.
  assert.deepEqual(fill([...TEXT, p('李华'), p('2026年11月30日')]), {});
  assert.deepEqual(fill([...TEXT, p('×××'), p('二〇二六年十一月三十日')]), { 6: '张明' });
  // A unit still blank is no name: only the last blank line is; a unit never becomes a person.
  assert.deepEqual(fill([...TEXT, p('××单位'), p('×××'), p('××××年××月××日')]), { 7: '张明', 8: '2026年12月7日' });
  assert.deepEqual(fill([...TEXT, p('×××'), p('×××'), p('××××年××月××日')]), { 7: '张明', 8: '2026年12月7日' });
});

test('placement: names two characters from the edge, the date starting two characters right of them', () => {
  // 2026年12月7日 is 6.5 characters wide (digits are half): longer than the name, so the date
  // stands two from the edge and the name moves left until it starts two before the date.
  assert.deepEqual(signatureIndents(['张明同志'], '2026年12月7日'), { signers: [6.5], date: 2 });
  // A unit name longer than the date stands two from the edge; the date moves left.
  assert.deepEqual(signatureIndents(['中共某某市某某区委员会办公室'], '2026年12月7日'), { signers: [2], date: 7.5 });
  // Several lines start together; the date alone stands two from the edge.
  assert.deepEqual(signatureIndents(['某某单位', '张明'], '2026年12月7日'), { signers: [6.5, 8.5], date: 2 });
  assert.deepEqual(signatureIndents([], '二〇二六年十二月七日'), { signers: [], date: 2 });
  // Where each line starts, from the right edge, is its right space plus its width: 7 for the blank
  // date, whose × are Latin-1 like the digits.
  const { signers, date } = signatureIndents(['×××'], '××××年××月××日');
  assert.equal((signers[0] ?? 0) + 1.5, date + 7 + 2);
});
