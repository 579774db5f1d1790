import { isClosingParagraph, MEASURES_SECTION, PROBLEMS_SECTION } from './patterns.js';
import { type SignatureBlock, signatureBlock, signatureLines } from './signature-block.js';

export const CONTENT_PROBLEM_KINDS = ['placeholder', 'empty_section', 'missing_measures'] as const;
export type ContentProblemKind = (typeof CONTENT_PROBLEM_KINDS)[number];

export interface ContentProblem {
  kind: ContentProblemKind;
  /** The placeholder as written, or the heading of the section concerned. */
  text: string;
  /** Index into contentBlocks(doc); TITLE_BLOCK (-1) for the report's title. */
  block: number;
  /** Placeholders: where in the block's text, [start, end). */
  start?: number;
  end?: number;
}

/** What checkReport reads: contentBlocks(doc) or parsed blocks. */
export interface CheckedBlock {
  type: string;
  level?: number;
  text: string;
}

/**
 * Blanks left for the author:
 * - `**` (two or more asterisks): after an import, Markdown bold is already a mark, so what is
 *   left is a blank (`查处了**万人`);
 * - a single `*` between two Chinese characters (`党委领导*工作`); a `*` elsewhere (`5*3`,
 *   a footnote `注*`, a leading bullet) is ordinary text;
 * - `XX` / `xx` / `ＸＸ` not inside a Latin word (`破解XX工作`, but not `XXL`);
 * - `×××` (two or more), or a single `×` that is not between numbers or letters (`3×4` is a product);
 * - a run of three or more underscores, the blank of printed forms.
 */
const PLACEHOLDER =
  /\*{2,}|(?<=\p{Script=Han})\*(?=\p{Script=Han})|(?<![A-Za-z0-9Ａ-Ｚａ-ｚ])[XxＸｘ]{2,}(?![A-Za-z0-9Ａ-Ｚａ-ｚ])|×{2,}|(?<![0-9A-Za-z０-９\s×])×(?![0-9A-Za-z０-９\s×])|_{3,}|＿{2,}/gu;

export function findPlaceholders(text: string): { text: string; start: number; end: number }[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** The `block` of a problem in the report's title, which comes before every block. */
export const TITLE_BLOCK = -1;

/**
 * The title is part of what is reviewed and signed, and templates suggest one with blanks
 * (`×××同志××××年度…`): its placeholders are problems like those of the text.
 */
export function checkTitle(title: string): ContentProblem[] {
  return findPlaceholders(title).map((p) => ({ kind: 'placeholder', text: p.text, block: TITLE_BLOCK, start: p.start, end: p.end }));
}

/** The title's problems, then the text's: what must pass before a report is submitted. */
export function checkWholeReport(title: string, blocks: readonly CheckedBlock[]): ContentProblem[] {
  return [...checkTitle(title), ...checkReport(blocks)];
}

/**
 * The checks a report's text must pass before it is submitted (unless the author gives a reason):
 * unfilled placeholders, empty sections (a heading with neither text nor sub-headings before the
 * next heading of the same or a higher level; a closing paragraph and the 落款 at the very end do
 * not count as the last section's text), and a problems section (存在问题 / 主要问题 …) without a
 * measures section (整改措施 / 改进措施 …). Problems come in document order. The date of the 落款
 * is filled in at approval (signature-block.ts), so its blanks are none; a blank name is.
 */
export function checkReport(blocks: readonly CheckedBlock[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const signature = signatureBlock(blocks);
  const closing = closingTail(blocks, signature);

  blocks.forEach((b, i) => {
    if (i !== signature?.date) {
      for (const p of findPlaceholders(b.text)) problems.push({ kind: 'placeholder', text: p.text, block: i, start: p.start, end: p.end });
    }
    if (b.type === 'heading' && isEmptySection(blocks, i, closing)) problems.push({ kind: 'empty_section', text: b.text, block: i });
  });

  const headings = blocks.map((b, i) => ({ b, i })).filter(({ b }) => b.type === 'heading');
  if (!headings.some(({ b }) => MEASURES_SECTION.test(b.text))) {
    for (const { b, i } of headings) {
      if (PROBLEMS_SECTION.test(b.text)) problems.push({ kind: 'missing_measures', text: b.text, block: i });
    }
  }
  return problems.sort((a, b) => a.block - b.block || (a.start ?? -1) - (b.start ?? -1));
}

/** Indexes of the 落款 and of the closing paragraphs before it, after the last heading. */
function closingTail(blocks: readonly CheckedBlock[], signature: SignatureBlock | undefined): Set<number> {
  const lines = signature ? signatureLines(signature) : [];
  const tail = new Set<number>(lines);
  for (let i = (lines[0] ?? blocks.length) - 1; i >= 0; i -= 1) {
    const b = blocks[i] as CheckedBlock;
    if (b.type === 'heading') break;
    if (b.text.trim() === '') continue;
    if (!isClosingParagraph(b.text)) break;
    tail.add(i);
  }
  return tail;
}

function isEmptySection(blocks: readonly CheckedBlock[], at: number, closing: Set<number>): boolean {
  const level = blocks[at]?.level ?? 1;
  for (let j = at + 1; j < blocks.length; j += 1) {
    const b = blocks[j] as CheckedBlock;
    if (b.type === 'heading') return (b.level ?? 1) <= level;
    if (b.text.trim() !== '' && !closing.has(j)) return false;
  }
  return true;
}
