/// <reference types="node" />
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseReport, reportOutline } from './parse.js';

const SAMPLES = new URL('../../../../../shared/fixtures/reports/', import.meta.url);
const sample = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');

const DEMOCRATIC_OUTLINE = [
  { level: 1, text: '一、存在问题' },
  { level: 2, text: '（一）理论学习方面' },
  { level: 2, text: '（二）政治素养方面' },
  { level: 2, text: '（三）能力本领方面' },
  { level: 2, text: '（四）担当作为方面' },
  { level: 2, text: '（五）工作作风方面' },
  { level: 2, text: '（六）廉洁自律方面' },
  { level: 1, text: '二、原因剖析' },
  { level: 1, text: '三、整改措施' },
];

const PARTY_SPIRIT_OUTLINE = [
  { level: 1, text: '一、主要问题' },
  { level: 1, text: '二、根源症结' },
  { level: 1, text: '三、改进措施' },
];

const STUDY_OUTLINE = [
  { level: 1, text: '一、思想认识' },
  { level: 1, text: '二、整改情况' },
  { level: 1, text: '三、存在不足' },
  { level: 2, text: '（一）理论学习的钻研还不够深入' },
  { level: 2, text: '（二）站在全局角度思考谋划长远工作有待进一步提高' },
  { level: 2, text: '（三）为群众排忧解难还不够及时' },
  { level: 2, text: '（四）激活队伍活力方面仍有差距' },
  { level: 1, text: '四、改进措施' },
];

test('democratic-life-meeting-outline.txt: title, preamble, six 方面 sub-sections, points kept, junk dropped', () => {
  const parsed = parseReport(sample('democratic-life-meeting-outline.txt'), 'txt');
  assert.equal(parsed.title, '2023年主题教育民主生活会领导干部个人对照检查发言提纲');
  assert.deepEqual(reportOutline(parsed.blocks), DEMOCRATIC_OUTLINE);

  const [preamble] = parsed.blocks;
  assert.equal(preamble?.type, 'paragraph');
  assert.equal(preamble?.role, 'preamble');
  assert.match(preamble?.text ?? '', /^按照本次主题教育专题民主生活会的要求.*现作对照检查如下：$/);
  // Six sub-sections of three points each, then three causes and four measures: all paragraphs.
  assert.equal(parsed.blocks.filter((b) => b.type === 'paragraph').length, 1 + 18 + 3 + 4);
  const afterFirstSub = parsed.blocks[3];
  assert.equal(afterFirstSub?.type, 'paragraph');
  assert.match(afterFirstSub?.text ?? '', /^一是理论学习缺深度。/);
  assert.ok(!parsed.blocks.some((b) => b.text.includes('密码')), 'the edit password line is dropped');
  assert.match(parsed.blocks.at(-1)?.text ?? '', /^四是优化转变作风，树立实干导向。/);
  assert.equal(parsed.blocks.at(-1)?.role, undefined);
});

test('party-spirit-analysis.txt: no title line, sections without sub-sections', () => {
  const parsed = parseReport(sample('party-spirit-analysis.txt'), 'txt');
  assert.equal(parsed.title, null);
  assert.deepEqual(reportOutline(parsed.blocks), PARTY_SPIRIT_OUTLINE);
  assert.equal(parsed.blocks[0]?.role, 'preamble');
  assert.match(parsed.blocks[0]?.text ?? '', /^按照组织安排，我今年在市委党校/);
  assert.equal(parsed.blocks.length, 1 + 3 + 5 + 4 + 4);
});

test('study-and-inspection.txt: level-2 headings that lead a paragraph are split at the first 。', () => {
  const parsed = parseReport(sample('study-and-inspection.txt'), 'txt');
  assert.equal(parsed.title, '领导干部主题教育阶段性学习体会及问题检视');
  assert.deepEqual(reportOutline(parsed.blocks), STUDY_OUTLINE);
  const sub = parsed.blocks.findIndex((b) => b.text === '（一）理论学习的钻研还不够深入');
  assert.equal(parsed.blocks[sub + 1]?.type, 'paragraph');
  assert.match(parsed.blocks[sub + 1]?.text ?? '', /^今年来，肩上的责任更重/);
  // The placeholders stay in the text for the checks to find.
  assert.match(parsed.blocks.find((b) => b.text.startsWith('去年本人'))?.text ?? '', /共检视出\*\*项问题/);
});

test('CRLF, indentation with ideographic spaces, half-width and mixed parentheses', () => {
  const text = [
    '关于某某工作的自查报告',
    '',
    '　　根据要求，现将自查情况报告如下。',
    '  一、存在问题',
    '(一)理论学习方面',
    '　　一是学习不深。二是运用不够。',
    '(二）工作作风方面。一是调研不多。',
    '（三) 廉洁自律方面：一是要求不严。',
    '二、整改措施',
    '一是加强学习。',
    '以上报告，请批评指正。',
  ].join('\r\n');
  const parsed = parseReport(text, 'txt');
  assert.equal(parsed.title, '关于某某工作的自查报告');
  assert.deepEqual(reportOutline(parsed.blocks), [
    { level: 1, text: '一、存在问题' },
    { level: 2, text: '(一)理论学习方面' },
    { level: 2, text: '(二）工作作风方面' },
    { level: 2, text: '（三) 廉洁自律方面' },
    { level: 1, text: '二、整改措施' },
  ]);
  assert.deepEqual(
    parsed.blocks.map((b) => [b.type, b.text, b.role ?? '']),
    [
      ['paragraph', '根据要求，现将自查情况报告如下。', 'preamble'],
      ['heading', '一、存在问题', ''],
      ['heading', '(一)理论学习方面', ''],
      ['paragraph', '一是学习不深。二是运用不够。', ''],
      ['heading', '(二）工作作风方面', ''],
      ['paragraph', '一是调研不多。', ''],
      ['heading', '（三) 廉洁自律方面', ''],
      ['paragraph', '一是要求不严。', ''],
      ['heading', '二、整改措施', ''],
      ['paragraph', '一是加强学习。', ''],
      ['paragraph', '以上报告，请批评指正。', 'closing'],
    ],
  );
});

test('a numbered line whose first sentence is long is a numbered paragraph, not a heading', () => {
  const long = `（一）${'在推动高质量发展的过程中对新发展理念的理解和把握还不够全面深入系统'.repeat(2)}，需要进一步加强。`;
  const parsed = parseReport(`一、存在问题\n${long}\n二、整改措施\n加强学习。`, 'txt');
  assert.deepEqual(reportOutline(parsed.blocks), [
    { level: 1, text: '一、存在问题' },
    { level: 1, text: '二、整改措施' },
  ]);
  assert.equal(parsed.blocks[1]?.text, long);
});

test('the first line is no title when it is a sentence, a heading or a point', () => {
  assert.equal(parseReport('一、存在问题\n内容。', 'txt').title, null);
  assert.equal(parseReport('一是学习不够。\n二是作风不实。', 'txt').title, null);
  assert.equal(parseReport('各位领导、同志们：\n一、存在问题', 'txt').title, null);
  assert.equal(parseReport('只有一行', 'txt').title, null);
  assert.deepEqual(parseReport('只有一行', 'txt').blocks, [{ type: 'paragraph', text: '只有一行' }]);
});

test('Markdown: `# title`, `**一、…**` and `# …` headings, bold kept as marks, lone ** kept as a placeholder', () => {
  const md = [
    '# 个人对照检查材料',
    '',
    '按照要求，现作对照检查如下：',
    '',
    '**一、存在问题**',
    '',
    '**（一）理论学习方面。**一是**学习不深**，查处了**万人。',
    '',
    '## （二）工作作风方面',
    '',
    '- 二是调研不多，党委领导*工作。',
    '',
    '# 二、整改措施',
    '',
    '一是加强学习，\\*\\*号照抄。',
    '',
    '---',
  ].join('\n');
  const parsed = parseReport(md, 'md');
  assert.equal(parsed.title, '个人对照检查材料');
  assert.deepEqual(reportOutline(parsed.blocks), [
    { level: 1, text: '一、存在问题' },
    { level: 2, text: '（一）理论学习方面' },
    { level: 2, text: '（二）工作作风方面' },
    { level: 1, text: '二、整改措施' },
  ]);
  const point = parsed.blocks[3];
  assert.equal(point?.text, '一是学习不深，查处了**万人。');
  assert.deepEqual(point?.marks, [{ type: 'bold', start: 2, end: 6 }]);
  assert.equal(parsed.blocks[2]?.marks, undefined, 'headings carry no marks');
  assert.equal(parsed.blocks[5]?.text, '二是调研不多，党委领导*工作。');
  assert.equal(parsed.blocks[7]?.text, '一是加强学习，**号照抄。');
  assert.equal(parsed.blocks[7]?.marks, undefined);
});

test('Markdown with unnumbered `##` sections under a `#` title takes the levels from the depth', () => {
  const parsed = parseReport('# 学习体会\n## 存在问题\n### 理论学习\n内容\n## 整改措施\n内容', 'md');
  assert.equal(parsed.title, '学习体会');
  assert.deepEqual(reportOutline(parsed.blocks), [
    { level: 1, text: '存在问题' },
    { level: 2, text: '理论学习' },
    { level: 1, text: '整改措施' },
  ]);
  // Several unnumbered `#` sections: the first one is a section, not the title.
  assert.equal(parseReport('# 存在问题\n内容\n# 整改措施\n内容', 'md').title, null);
});

test('HTML as mammoth writes it: headings, bold runs, entities, footnotes and images left out', () => {
  const html =
    '<p><strong>关于A&amp;B的对照检查</strong></p>' +
    '<p>按照要求，现作对照检查如下：</p>' +
    '<h1>一、存在问题</h1>' +
    '<p><strong>（一）理论学习方面。</strong>一是<em>学习</em>不深<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup>。</p>' +
    '<p><img src="data:image/png;base64,AAAA" /></p>' +
    '<h2>存在的不足&lt;二&gt;</h2>' +
    '<ul><li>条目一</li><li>条目二</li></ul>' +
    '<table><tr><td><p>表格里的话</p></td></tr></table>' +
    '<h1>二、整改措施</h1><p>一是加强学习。<br />二是改进作风。</p>' +
    '<ol><li id="footnote-1"><p>脚注内容 <a href="#footnote-ref-1">↑</a></p></li></ol>';
  const parsed = parseReport(html, 'html');
  assert.equal(parsed.title, '关于A&B的对照检查');
  assert.deepEqual(reportOutline(parsed.blocks), [
    { level: 1, text: '一、存在问题' },
    { level: 2, text: '（一）理论学习方面' },
    { level: 2, text: '存在的不足<二>' },
    { level: 1, text: '二、整改措施' },
  ]);
  assert.deepEqual(
    parsed.blocks.filter((b) => b.type === 'paragraph').map((b) => b.text),
    ['按照要求，现作对照检查如下：', '一是学习不深。', '条目一', '条目二', '表格里的话', '一是加强学习。', '二是改进作风。'],
  );
  assert.deepEqual(parsed.blocks[3]?.marks, [{ type: 'italic', start: 2, end: 4 }]);
});
