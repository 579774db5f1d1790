/**
 * How the reports number and word their parts (samples of each shape: test/fixtures/reports/README.md).
 * Shared by the parser (import, templates) and the checks (editor and submit gate).
 */

/** `一、存在问题` (also `一．` / `一.`): a level-1 heading. */
export const LEVEL1_NUMBER = /^[一二三四五六七八九十百零〇]+[、．.]/;

/** `（一）理论学习方面`, with full-, half- or mixed-width parentheses: a level-2 heading. */
export const LEVEL2_NUMBER = /^[（(]\s*[一二三四五六七八九十百零〇]+\s*[）)]/;

/** `一是…`: a point; it stays inside its paragraph. */
export const POINT_START = /^[一二三四五六七八九十]+是/;

/**
 * A heading that leads a paragraph ends at the first of these; whatever follows on the line is
 * the paragraph's text.
 */
export const HEADING_END = /[。：！？]/;

/** Punctuation that a heading does not keep at its end (`（一）理论学习方面。` → `（一）理论学习方面`). */
export const HEADING_TRAILING = /[\s。：:；;，,、！!？?]+$/;

/**
 * Longest heading text after its number. A numbered line whose first sentence is longer is a
 * numbered paragraph, not a heading, unless it is a `（一）` aspect standing alone before its body
 * (parse.ts, isAspectHeading).
 */
export const HEADING_TEXT_MAX = 40;

/** Longest title line; a title has no sentence inside and no closing punctuation. */
export const TITLE_MAX = 60;

/** `以上发言，不妥之处，恳请批评指正。`: the closing paragraph after the last section. */
export const CLOSING = /^(以上|上述)[^。]{0,30}(报告|发言|材料|剖析|检查|检视|汇报|情况)|批评指正|特此报告|请予审(阅|议|定)/;

/** The section that lists problems, and the one with the measures that answer them. */
export const PROBLEMS_SECTION = /(存在|主要|突出)的?(问题|不足)|问题(查摆|检视|清单)|(查摆|检视)问题/;
export const MEASURES_SECTION = /(整改|改进|改正)(措施|方向|举措|计划|打算|思路)|努力方向|下一步(打算|工作|措施)|今后(努力|打算)/;

/**
 * Lines that are not part of the report: the edit password that copies from document sites
 * carry, and page numbers (`— 3 —`, `第 3 页 共 9 页`) from text extracted out of PDFs.
 */
export const JUNK_LINE = [
  /^(本文档|文档)?的?(编辑|修改|打开)?密码\s*[:：]/,
  /^[-—–\s]*\d{1,4}[-—–\s]*$/,
  /^第\s*\d+\s*页([\s,，/]*共\s*\d+\s*页)?$/,
];

export function numberedLevel(text: string): 1 | 2 | undefined {
  if (LEVEL1_NUMBER.test(text)) return 1;
  if (LEVEL2_NUMBER.test(text)) return 2;
  return undefined;
}

export function isJunkLine(text: string): boolean {
  return JUNK_LINE.some((re) => re.test(text));
}

export function isClosingParagraph(text: string): boolean {
  return CLOSING.test(text.trim());
}
