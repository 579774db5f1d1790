/// <reference types="node" />
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type CheckedBlock, checkReport, findPlaceholders } from './checks.js';
import { parseReport } from './parse.js';

const SAMPLES = new URL('../../../../../shared/fixtures/reports/', import.meta.url);
const sample = (name: string) => parseReport(readFileSync(new URL(name, SAMPLES), 'utf8'), 'txt').blocks;

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
  assert.deepEqual([...new Set(problems.map((x) => x.block))], [3, 5, 8, 11]);
  for (const x of problems) assert.equal(study[x.block]?.text.slice(x.start, x.end), '**');

  const democratic = sample('democratic-life-meeting-outline.txt');
  const xx = checkReport(democratic);
  assert.deepEqual(xx.map((x) => [x.kind, x.text]), [['placeholder', 'XX'], ['placeholder', 'XX']]);
  assert.match(democratic[xx[0]?.block ?? -1]?.text ?? '', /破解XX工作/);

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
