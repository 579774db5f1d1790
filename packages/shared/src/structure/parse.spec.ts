/// <reference types="node" />
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseReport, reportOutline } from './parse.js';
import { HEADING_TEXT_MAX } from './patterns.js';

/** The sample reports kept with the tests (test/fixtures/reports/README.md says what each one shows). */
const SAMPLES = new URL('../../../../test/fixtures/reports/', import.meta.url);
const sample = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');

/** The six 方面 of the 对照检查材料 template, which the democratic-life-meeting sample follows. */
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
  { level: 1, text: '一、存在的主要问题' },
  { level: 1, text: '二、产生问题的根源' },
  { level: 1, text: '三、今后的改进措施' },
];

const STUDY_OUTLINE = [
  { level: 1, text: '一、学习体会' },
  { level: 1, text: '二、整改情况' },
  { level: 1, text: '三、存在不足' },
  { level: 2, text: '（一）理论学习方面' },
  { level: 2, text: '(二)调查研究方面' },
  { level: 2, text: '（三)服务群众方面' },
  { level: 2, text: '(四）廉洁自律方面' },
  { level: 1, text: '四、改进措施' },
];

test('democratic-life-meeting-outline.txt: title, preamble, six 方面 sub-sections, points kept, closing, junk dropped', () => {
  const parsed = parseReport(sample('democratic-life-meeting-outline.txt'), 'txt');
  assert.equal(parsed.title, '2024年度专题民主生活会个人对照检查材料');
  assert.deepEqual(reportOutline(parsed.blocks), DEMOCRATIC_OUTLINE);

  const [preamble] = parsed.blocks;
  assert.equal(preamble?.type, 'paragraph');
  assert.equal(preamble?.role, 'preamble');
  assert.match(preamble?.text ?? '', /^根据党委关于开好本年度专题民主生活会的部署.*现作对照检查如下：$/);
  // Sixteen point paragraphs under the six sub-sections (the three points of （二） share one),
  // three causes, four measures and the closing paragraph.
  assert.equal(parsed.blocks.filter((b) => b.type === 'paragraph').length, 1 + 16 + 3 + 4 + 1);
  const afterFirstSub = parsed.blocks[3];
  assert.equal(afterFirstSub?.type, 'paragraph');
  assert.match(afterFirstSub?.text ?? '', /^一是学习的系统性不够。/);
  // A whole-line heading without closing punctuation, and points that share one paragraph.
  const second = parsed.blocks.findIndex((b) => b.text === '（二）政治素养方面');
  assert.equal(parsed.blocks[second]?.type, 'heading');
  assert.match(parsed.blocks[second + 1]?.text ?? '', /^一是政治敏锐性有待提高。.+二是请示报告.+三是执行上级决策部署/);
  assert.equal(parsed.blocks[second + 2]?.text, '（三）能力本领方面');

  assert.ok(!parsed.blocks.some((b) => b.text.includes('密码')), 'the edit password line is dropped');
  const closing = parsed.blocks.at(-1);
  assert.match(closing?.text ?? '', /^以上对照检查，如有不妥之处.*批评指正。$/);
  assert.equal(closing?.role, 'closing');
  assert.match(parsed.blocks.at(-2)?.text ?? '', /^四是从严落实廉洁自律要求。/);
  assert.equal(parsed.blocks.at(-2)?.role, undefined);
});

test('party-spirit-analysis.txt: no title line, indented lines, sections without sub-sections, page numbers dropped', () => {
  const parsed = parseReport(sample('party-spirit-analysis.txt'), 'txt');
  assert.equal(parsed.title, null);
  assert.deepEqual(reportOutline(parsed.blocks), PARTY_SPIRIT_OUTLINE);
  assert.equal(parsed.blocks[0]?.role, 'preamble');
  // The ideographic spaces that indent each line are trimmed.
  assert.match(parsed.blocks[0]?.text ?? '', /^按照市委党校秋季中青年干部培训班的教学安排/);
  assert.equal(parsed.blocks.length, 1 + 3 + 5 + 4 + 4);
  assert.ok(parsed.blocks.every((b) => !b.text.startsWith('　') && !/第\s*\d+\s*页/.test(b.text)));
  // Every point is a paragraph of its own; the report ends with its last point, not a closing.
  assert.match(parsed.blocks.at(-1)?.text ?? '', /^四是严守纪律规矩，永葆清正本色。/);
  assert.equal(parsed.blocks.at(-1)?.role, undefined);
});

test('study-and-inspection.txt: level-2 numbers of every parenthesis width that lead a paragraph are split at the first 。 or ：', () => {
  const parsed = parseReport(sample('study-and-inspection.txt'), 'txt');
  assert.equal(parsed.title, '关于加强作风建设的学习体会及问题检视');
  assert.deepEqual(reportOutline(parsed.blocks), STUDY_OUTLINE);
  assert.equal(parsed.blocks[0]?.role, 'preamble');
  assert.match(parsed.blocks[0]?.text ?? '', /现将学习体会和问题检视情况报告如下。$/);

  const after = (heading: string) => {
    const at = parsed.blocks.findIndex((b) => b.text === heading);
    assert.equal(parsed.blocks[at]?.type, 'heading', heading);
    assert.equal(parsed.blocks[at + 1]?.type, 'paragraph', heading);
    return parsed.blocks[at + 1]?.text ?? '';
  };
  // Full-width, with two points in the paragraph that follows.
  assert.match(after('（一）理论学习方面'), /^一是学习时间保障不够，.*；二是学习方法比较单一/);
  // Half-width, mixed (ended by ：), mixed the other way.
  assert.match(after('(二)调查研究方面'), /^一是调研的针对性不强/);
  assert.match(after('（三)服务群众方面'), /^对群众反映的问题，有时满足于按程序转办交办/);
  assert.match(after('(四）廉洁自律方面'), /^对分管领域工程项目的监督以听取汇报为主/);

  // Under 四、改进措施 the numbered lines' first sentences are longer than HEADING_TEXT_MAX:
  // numbered paragraphs, kept whole.
  const measures = parsed.blocks.slice(parsed.blocks.findIndex((b) => b.text === '四、改进措施') + 1, -1);
  assert.deepEqual(
    measures.map((b) => [b.type, b.text.slice(0, 3)]),
    [['paragraph', '（一）'], ['paragraph', '（二）'], ['paragraph', '（三）'], ['paragraph', '（四）']],
  );
  for (const b of measures) assert.ok(b.text.slice(3).search(/[。：！？]/) > HEADING_TEXT_MAX, b.text);
  assert.match(measures[0]?.text ?? '', /^（一）进一步加强理论学习，.*。同时，结合分管工作每季度开展一次专题研讨/);

  // The page numbers of a PDF (`— 2 —`, a bare `3`) are dropped.
  assert.ok(!parsed.blocks.some((b) => /^[—\s\d]+$/.test(b.text)));
  // The placeholders stay in the text for the checks to find.
  assert.match(parsed.blocks.find((b) => b.text.startsWith('针对上一次'))?.text ?? '', /查摆出的\*\*个方面问题/);
  assert.equal(parsed.blocks.at(-1)?.role, 'closing');
  assert.match(parsed.blocks.at(-1)?.text ?? '', /^以上是我的学习体会和检视情况/);
});

test('self-examination.md: `# title`, `**一、…**` and `# 二、…`, a bold number leading a paragraph, lone ** and * kept', () => {
  const parsed = parseReport(sample('self-examination.md'), 'md');
  assert.equal(parsed.title, '个人检视剖析材料');
  assert.deepEqual(reportOutline(parsed.blocks), [
    { level: 1, text: '一、检视出的主要问题' },
    { level: 2, text: '（一）学习方面' },
    { level: 2, text: '（二）作风方面' },
    { level: 1, text: '二、原因剖析' },
    { level: 1, text: '三、整改措施' },
  ]);
  assert.deepEqual(
    parsed.blocks.slice(0, 2).map((b) => [b.text.slice(0, 13), b.role]),
    [['填报单位：________', 'preamble'], ['按照机关党委的统一部署，我', 'preamble']],
  );
  const learning = parsed.blocks[4];
  assert.match(learning?.text ?? '', /^对新知识、新业务的学习不够及时，/);
  assert.deepEqual(learning?.marks, [{ type: 'bold', start: 11, end: 15 }]);
  assert.equal(parsed.blocks[3]?.marks, undefined, 'headings carry no marks');
  assert.match(parsed.blocks[6]?.text ?? '', /^一是下基层的次数不多，.*走访共\*\*户/);
  assert.equal(parsed.blocks[6]?.marks, undefined);
  assert.match(parsed.blocks[7]?.text ?? '', /^二是办事效率不够高，推进\*项目/);
  assert.ok(!parsed.blocks.some((b) => b.text === '---' || b.text === ''), 'the thematic break is dropped');
  assert.deepEqual([parsed.blocks.at(-1)?.text, parsed.blocks.at(-1)?.role], ['以上材料如有不妥，请批评指正。', 'closing']);
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

/** The 五个带头 aspects of the leading-by-example sample, each a paragraph of its own of 65–98 characters. */
const LEADING_ASPECTS = [
  '（一）带头坚定理想信念，始终把学习贯彻党的创新理论作为首要政治任务，做到学思用贯通、知信行统一，不断提高政治判断力、政治领悟力、政治执行力方面',
  '（二）带头坚持和加强党的全面领导，严格执行请示报告制度，自觉在思想上政治上行动上同党中央保持高度一致，确保各项决策部署在分管领域落地见效方面',
  '（三）带头担当作为、真抓实干，坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，在推动乡村振兴、优化营商环境、防范化解重大风险和应对突发自然灾害中敢于碰硬、善于破题，以实绩实效检验工作成效方面',
  '（四）带头践行以人民为中心的发展思想，坚持问需于民、问计于民，聚焦群众急难愁盼问题办实事、解难题，切实把好事办好、把实事办实方面',
  '（五）带头落实全面从严治党政治责任，严格执行中央八项规定及其实施细则精神，管好自己、管好家属、管好身边工作人员，始终保持清正廉洁的政治本色方面',
];

test('leading-by-example-inspection.txt: long （一）…方面。 paragraphs followed by body text are level-2 headings; the measures list stays paragraphs', () => {
  const parsed = parseReport(sample('leading-by-example-inspection.txt'), 'txt');
  assert.equal(parsed.title, '市农业农村局党组书记2023年度民主生活会个人对照检查材料');
  assert.deepEqual(reportOutline(parsed.blocks), [
    { level: 1, text: '一、存在的突出问题' },
    ...LEADING_ASPECTS.map((text) => ({ level: 2, text })),
    { level: 1, text: '二、问题产生的原因' },
    { level: 1, text: '三、整改措施' },
  ]);
  for (const aspect of LEADING_ASPECTS) {
    assert.ok(aspect.length - 3 > HEADING_TEXT_MAX, aspect);
    const at = parsed.blocks.findIndex((b) => b.text === aspect);
    assert.equal(parsed.blocks[at + 1]?.type, 'paragraph', aspect);
  }
  // The body stays as written: the points under （一）, the one paragraph under （二）.
  const first = parsed.blocks.findIndex((b) => b.text === LEADING_ASPECTS[0]);
  assert.deepEqual(
    parsed.blocks.slice(first + 1, first + 5).map((b) => b.text.slice(0, 6)),
    ['对照检查，我', '一是学习的深', '二是学习的连', '三是学用结合'],
  );

  // Under 三、整改措施 the （一）（二）（三） are one long sentence each, like the aspects, but follow
  // one another: a numbered list, kept whole, although a body paragraph (总之…) follows the list.
  const measures = parsed.blocks.slice(parsed.blocks.findIndex((b) => b.text === '三、整改措施') + 1);
  assert.deepEqual(
    measures.map((b) => [b.type, b.text.slice(0, 3), b.role ?? '']),
    [
      ['paragraph', '（一）', ''],
      ['paragraph', '（二）', ''],
      ['paragraph', '（三）', ''],
      ['paragraph', '总之，', ''],
      ['paragraph', '以上对', 'closing'],
    ],
  );
  assert.match(measures[2]?.text ?? '', /^（三）坚持把群众满意作为工作标准，.*让农民群众得到实实在在的实惠。$/);
});

test('a long （n） paragraph is a heading only when it stands alone as one sentence and body text follows it', () => {
  const aspect = `（一）带头${'在推动高质量发展中对新发展理念的理解和把握'.repeat(5)}方面。`;
  const second = `（二）带头${'在防范化解重大风险中敢于斗争善于斗争'.repeat(4)}方面。`;
  const asHeading = (line: string) => line.replace(/。$/, '');
  const outline = (lines: string[], kind: 'txt' | 'html' = 'txt') =>
    reportOutline(parseReport(kind === 'html' ? lines.map((l) => `<p>${l}</p>`).join('') : lines.join('\n'), kind).blocks);
  assert.ok(aspect.length > 100);

  // Standing alone and followed by body text (a paragraph, a point), in text and in a .docx's HTML.
  for (const kind of ['txt', 'html'] as const) {
    assert.deepEqual(outline(['一、存在问题', aspect, '学习不够深入。', second, '一是斗争本领不强。'], kind), [
      { level: 1, text: '一、存在问题' },
      { level: 2, text: asHeading(aspect) },
      { level: 2, text: asHeading(second) },
    ]);
  }
  // Not alone: more text after its first sentence. A numbered paragraph, as before.
  assert.deepEqual(outline(['一、存在问题', `${aspect}一是学习不够。`, '二是运用不够。']), [{ level: 1, text: '一、存在问题' }]);
  // Nothing of its own follows: the next heading, the closing, the end of the text.
  assert.deepEqual(outline(['一、存在问题', aspect, '二、整改措施', '加强学习。']), [
    { level: 1, text: '一、存在问题' },
    { level: 1, text: '二、整改措施' },
  ]);
  assert.deepEqual(outline(['一、存在问题', aspect, '以上发言，请批评指正。']), [{ level: 1, text: '一、存在问题' }]);
  assert.deepEqual(outline(['一、存在问题', aspect]), [{ level: 1, text: '一、存在问题' }]);
  // A list of long items, each one sentence: every item stays a paragraph, the last one too
  // although body text follows it.
  const parsed = parseReport(['三、整改措施', aspect, second, '总之，要持之以恒抓好整改。'].join('\n'), 'txt');
  assert.deepEqual(
    parsed.blocks.map((b) => [b.type, b.text]),
    [
      ['heading', '三、整改措施'],
      ['paragraph', aspect],
      ['paragraph', second],
      ['paragraph', '总之，要持之以恒抓好整改。'],
    ],
  );
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
