/// <reference types="node" />
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type CheckedBlock, checkReport, checkTitle, checkWholeReport, findPlaceholders, TITLE_BLOCK } from './checks.js';
import { parseReport } from './parse.js';

/** The sample reports kept with the tests (test/fixtures/reports/README.md says what each one shows). */
const SAMPLES = new URL('../../../../test/fixtures/reports/', import.meta.url);
const sample = (name: string) => parseReport(readFileSync(new URL(name, SAMPLES), 'utf8'), name.endsWith('.md') ? 'md' : 'txt').blocks;

const h = (level: number, text: string): CheckedBlock => ({ type: 'heading', level, text });
const p = (text: string): CheckedBlock => ({ type: 'paragraph', text });

test('placeholders: **, * between Chinese characters, XX, ×××; not bold leftovers, products or Latin words', () => {
  const found = (text: string) => findPlaceholders(text).map((m) => m.text);
  assert.deepEqual(found('查处了**万人，破解XX工作，党委领导*工作，×××同志，填写____'), ['**', 'XX', '*', '×××', '____']);
  assert.deepEqual(found('xx同志与ＸＸ单位'), ['xx', 'ＸＸ']);
  assert.deepEqual(found('×同志'), ['×']);
  // Ordinary text: a product, a footnote star, a leading bullet star, sizes and Latin words.
  assert.deepEqual(found('面积3×4米，5*3=15，注*：见附件，* 列表项，XXL号，Xbox，2 × 3，A*B'), []);
  const at = findPlaceholders('案件**万件');
  assert.deepEqual(at, [{ text: '**', start: 2, end: 4 }]);
});

test('the samples: placeholders point at their blocks; complete sections and measures pass', () => {
  const study = sample('study-and-inspection.txt');
  const problems = checkReport(study);
  assert.ok(problems.every((x) => x.kind === 'placeholder' && x.text === '**'), JSON.stringify(problems));
  assert.equal(problems.length, 3);
  assert.deepEqual([...new Set(problems.map((x) => x.block))], [5, 8]);
  for (const x of problems) assert.equal(study[x.block]?.text.slice(x.start, x.end), '**');
  assert.match(study[5]?.text ?? '', /群众诉求\*\*条，办结率达到\*\*%/);

  // XX in the preamble, ××× in a point, a form blank ____ in a measure.
  const democratic = sample('democratic-life-meeting-outline.txt');
  const found = checkReport(democratic);
  assert.deepEqual(found.map((x) => [x.kind, x.text]), [['placeholder', 'XX'], ['placeholder', '×××'], ['placeholder', '____']]);
  const around = (x: (typeof found)[number] | undefined) => democratic[x?.block ?? -1]?.text.slice((x?.start ?? 0) - 2, (x?.end ?? 0) + 1);
  assert.deepEqual(found.map(around), ['建议XX条', '例如×××村', '争在____年']);
  assert.equal(found[0]?.block, 0, 'the preamble is checked too');

  // Markdown: the form blanks, a lone ** (not bold) and a * between two Chinese characters.
  const md = sample('self-examination.md');
  assert.deepEqual(checkReport(md).map((x) => [x.text, md[x.block]?.text.slice(0, 4)]), [
    ['________', '填报单位'],
    ['________', '填报单位'],
    ['**', '一是下基'],
    ['*', '二是办事'],
  ]);

  assert.deepEqual(checkReport(sample('party-spirit-analysis.txt')), []);
});

test('empty sections: no text before the next heading of the same or a higher level', () => {
  const blocks = [
    p('按照要求，现作对照检查如下：'),
    h(1, '一、存在问题'),
    h(2, '（一）理论学习方面'),
    p('一是学习不深。'),
    h(2, '（二）工作作风方面'),
    p('   '),
    h(1, '二、原因剖析'),
    h(1, '三、整改措施'),
    p('以上发言，不妥之处，请批评指正。'),
  ];
  assert.deepEqual(checkReport(blocks), [
    { kind: 'empty_section', text: '（二）工作作风方面', block: 4 },
    { kind: 'empty_section', text: '二、原因剖析', block: 6 },
    // The closing paragraph is not the last section's text.
    { kind: 'empty_section', text: '三、整改措施', block: 7 },
  ]);
  // A section whose text is in its sub-sections is not empty; a heading at the very end is.
  assert.deepEqual(checkReport([h(1, '一、思想认识'), h(2, '（一）学习'), p('内容'), h(1, '二、整改措施')]), [
    { kind: 'empty_section', text: '二、整改措施', block: 3 },
  ]);
});

test('a problems section needs a measures section', () => {
  const withoutMeasures = [h(1, '一、存在问题'), p('一是学习不深。'), h(1, '二、原因剖析'), p('思想上重视不够。')];
  assert.deepEqual(checkReport(withoutMeasures), [{ kind: 'missing_measures', text: '一、存在问题', block: 0 }]);
  assert.deepEqual(checkReport([h(1, '一、主要问题'), p('内容'), h(1, '二、改进措施'), p('内容')]), []);
  assert.deepEqual(checkReport([h(1, '三、存在不足'), p('内容'), h(1, '四、整改措施'), p('内容')]), []);
  // Words in a paragraph are no section.
  assert.deepEqual(checkReport([p('存在问题'), p('内容')]), []);
});

test('the title’s placeholders are problems too, before those of the text', () => {
  assert.deepEqual(checkTitle('×××同志2026年度民主生活会对照检查材料'), [
    { kind: 'placeholder', text: '×××', block: TITLE_BLOCK, start: 0, end: 3 },
  ]);
  assert.deepEqual(checkTitle('张明同志2026年度民主生活会对照检查材料'), []);
  const problems = checkWholeReport('XX支部××××年度自查报告', [{ type: 'paragraph', text: '查处了**万人' }]);
  assert.deepEqual(
    problems.map((p) => [p.block, p.text]),
    [
      [TITLE_BLOCK, 'XX'],
      [TITLE_BLOCK, '××××'],
      [0, '**'],
    ],
  );
});
