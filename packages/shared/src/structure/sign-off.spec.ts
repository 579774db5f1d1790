/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReport, reportOutline } from './parse.js';
import { signOffPageStart } from './sign-off.js';

/** A short approved report as the Word export lays it out (title, text, then the sign-off page), line by line. */
const REPORT = ['关于2024年度组织生活会的个人对照检查', '一、存在问题', '学习不够深入。', '二、整改措施', '一是加强学习。'];
const HASH = 'a3f1c2'.padEnd(64, '0');
const PAGE = [
  '签批',
  '签批人：李华',
  '签批时间：2025年3月1日 14:05:09（北京时间）',
  '签批含义：批准',
  '版本号：第 2 版',
  '内容哈希（SHA-256）：',
  HASH,
];
const ANCHOR = [
  '审计锚点：第 7 条审计记录 · 密钥 0123456789abcdef',
  '审计链头哈希：',
  'b'.repeat(64),
  '服务器签名（Ed25519）：',
  `${'QUJD'.repeat(21)}ZA==`,
];
const NOTE_ANCHORED =
  '本页依据系统中的电子签批记录生成；内容哈希与签批时的报告内容一致。审计锚点由服务器密钥签名，可用系统公开的公钥（/api/audit/keys）核对，审计记录日后若被改写即不再相符。';
const NOTE = '本页依据系统中的电子签批记录生成；内容哈希与签批时的报告内容一致。';

test('the sign-off page at the end is found, with or without the audit anchor and the note', () => {
  const start = REPORT.length;
  assert.equal(signOffPageStart([...REPORT, ...PAGE, ...ANCHOR, NOTE_ANCHORED]), start);
  assert.equal(signOffPageStart([...REPORT, ...PAGE, NOTE]), start, 'an approval from before anchors existed');
  assert.equal(signOffPageStart([...REPORT, ...PAGE]), start, 'the note deleted');
});

test('parseReport leaves the page out, in text and in a .docx’s HTML, and says so', () => {
  const lines = [...REPORT, ...PAGE, ...ANCHOR, NOTE_ANCHORED];
  for (const [source, kind] of [
    [lines.join('\n'), 'txt'],
    [lines.map((l, i) => (i === 0 ? `<p><strong>${l}</strong></p>` : `<p>${l}</p>`)).join(''), 'html'],
  ] as const) {
    const parsed = parseReport(source, kind);
    assert.equal(parsed.signOffPage, true, kind);
    assert.equal(parsed.title, REPORT[0]);
    assert.deepEqual(parsed.blocks.map((b) => b.text), REPORT.slice(1), kind);
    assert.deepEqual(reportOutline(parsed.blocks), [
      { level: 1, text: '一、存在问题' },
      { level: 1, text: '二、整改措施' },
    ]);
  }
  const plain = parseReport(REPORT.join('\n'), 'txt');
  assert.equal(plain.signOffPage, false);
  assert.equal(plain.blocks.length, REPORT.length - 1);
});

test('text that only looks like a sign-off is kept: 签批 in a sentence, a part of the page, a page with text after it', () => {
  const kept = (lines: string[]) => {
    assert.equal(signOffPageStart(lines), undefined, lines.join(' | '));
    const parsed = parseReport(lines.join('\n'), 'txt');
    assert.equal(parsed.signOffPage, false);
    assert.equal(parsed.blocks.length + (parsed.title === null ? 0 : 1), lines.length, lines.join(' | '));
  };
  // An ordinary paragraph or heading about sign-offs.
  kept([...REPORT, '整改方案报请主要负责同志签批后印发执行。']);
  kept([...REPORT, '签批', '整改方案经党组会议研究后，由主要负责同志签批。']);
  kept(['一、存在问题', '签批流程不规范。', '签批人：各科室负责人', '二、整改措施', '一是规范签批。']);
  // The page cut short, out of order, or with values of another shape.
  kept([...REPORT, ...PAGE.slice(0, -1)]);
  kept([...REPORT, ...PAGE.filter((l) => !l.startsWith('版本号'))]);
  kept([...REPORT, PAGE[0] as string, PAGE[2] as string, PAGE[1] as string, ...PAGE.slice(3)]);
  kept([...REPORT, ...PAGE.slice(0, -1), 'not-a-hash']);
  kept([...REPORT, ...PAGE.map((l) => l.replace('第 2 版', '最终版'))]);
  kept([...REPORT, ...PAGE.map((l) => l.replace('2025年3月1日 14:05:09（北京时间）', '三月一日'))]);
  // Text after the page: it is not the end of the document.
  kept([...REPORT, ...PAGE, NOTE, '附件：整改清单']);
  kept([...REPORT, ...PAGE, ...ANCHOR.slice(0, 3)]);
});
