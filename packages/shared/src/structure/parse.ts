import { htmlLines, markdownLines, type MarkRange, type SourceLine, sliceLine, textLines, trimLine } from './lines.js';
import {
  HEADING_END,
  HEADING_TEXT_MAX,
  HEADING_TRAILING,
  isClosingParagraph,
  isJunkLine,
  LEVEL1_NUMBER,
  LEVEL2_NUMBER,
  numberedLevel,
  POINT_START,
  TITLE_MAX,
} from './patterns.js';
import { signOffPageStart } from './sign-off.js';

export type SourceKind = 'txt' | 'md' | 'html';

export interface ReportBlock {
  type: 'heading' | 'paragraph';
  /** Headings only: 1 for `一、…`, 2 for `（一）…`. */
  level?: 1 | 2;
  text: string;
  /** Bold and italic ranges of a paragraph (headings carry none). */
  marks?: MarkRange[];
  /** Paragraphs before the first heading are the preamble; the closing paragraph follows the last section. */
  role?: 'preamble' | 'closing';
}

export interface ParsedReport {
  /** The title line, when the document starts with one. */
  title: string | null;
  blocks: ReportBlock[];
  /** The text ended with the sign-off page of the app's own export, which was left out (sign-off.ts). */
  signOffPage: boolean;
}

/**
 * Reads a report's structure from its text: the title line, the preamble, level-1 headings
 * (`一、…`; in Markdown also `**一、…**` or `# …`), level-2 headings (`（一）…` with any mix of
 * full- and half-width parentheses, a whole line or leading a paragraph), points (`一是…`, left in
 * their paragraphs) and the closing paragraph. Junk lines (an edit password, page numbers) are
 * dropped. `html` is the subset that mammoth writes for a .docx.
 *
 * A level-2 (or level-1) number that leads a paragraph is split off as a heading up to the first
 * `。`, `：`, `！` or `？`; the rest of the line becomes a paragraph. When that first sentence is
 * longer than HEADING_TEXT_MAX characters, the line is a numbered paragraph instead, unless it is
 * an aspect heading (isAspectHeading). Headings keep their number and drop closing punctuation
 * (`（一）理论学习方面。` → `（一）理论学习方面`).
 *
 * The sign-off page that the app's export puts after an approved report is left out.
 */
export function parseReport(text: string, kind: SourceKind): ParsedReport {
  const source = kind === 'md' ? markdownLines(text) : kind === 'html' ? htmlLines(text) : textLines(text);
  const lines = source.filter((l) => l.text !== '' && !isJunkLine(l.text));
  const signOff = signOffPageStart(lines.map((l) => l.text));
  if (signOff !== undefined) lines.splice(signOff);

  let title: string | null = null;
  const first = lines[0];
  if (first && lines.length > 1 && isTitleLine(first, lines)) {
    title = first.text.replace(HEADING_TRAILING, '');
    lines.shift();
  }

  // Unnumbered explicit headings (`## 存在问题`) take their level from their depth, counted from
  // the shallowest heading after the title, so `## … / ### …` under a `# title` reads as 1 and 2.
  const depths = lines.filter((l) => l.depth !== undefined).map((l) => l.depth as number);
  const baseDepth = depths.length > 0 ? Math.min(...depths) : 1;

  const blocks: ReportBlock[] = [];
  lines.forEach((line, at) => blocks.push(...blocksOf(line, baseDepth, isAspectHeading(lines, at))));
  assignRoles(blocks);
  return { title, blocks, signOffPage: signOff !== undefined };
}

function isTitleLine(first: SourceLine, lines: SourceLine[]): boolean {
  const text = first.text;
  if (numberedLevel(text) !== undefined || POINT_START.test(text)) return false;
  if (first.depth !== undefined) {
    // `# 标题` is the title unless other unnumbered headings of the same depth make it a section.
    return !lines.slice(1).some((l) => l.depth === first.depth && numberedLevel(l.text) === undefined);
  }
  return text.length <= TITLE_MAX && !text.includes('。') && !/[，,；;：:、！!？?]$/.test(text);
}

/** `aspect`: a level-2 line that is a heading whatever its length (isAspectHeading). */
function blocksOf(line: SourceLine, baseDepth: number, aspect: boolean): ReportBlock[] {
  const numbered = numberedLevel(line.text);
  const explicit = line.depth !== undefined;
  if (numbered === undefined && !explicit) return [paragraph(line)];
  const level: 1 | 2 = numbered ?? (Math.min(2, Math.max(1, (line.depth as number) - baseDepth + 1)) as 1 | 2);

  const { head, headEnd, end } = leadingHeading(line.text);
  if (!explicit && !aspect && isTooLong(line.text)) return [paragraph(line)];

  const blocks: ReportBlock[] = [{ type: 'heading', level, text: head }];
  if (end !== -1) {
    const rest = trimLine(sliceLine(line, headEnd + 1));
    if (!isOnlyPunctuation(rest.text)) blocks.push(paragraph(rest));
  }
  return blocks;
}

/**
 * The heading that a numbered line starts with: up to the first HEADING_END (`end`, -1 when the
 * line has none), without closing punctuation.
 */
function leadingHeading(text: string): { head: string; headEnd: number; end: number } {
  const numberLength = numberPrefixLength(text);
  const end = text.slice(numberLength).search(HEADING_END);
  const headEnd = end === -1 ? text.length : numberLength + end;
  return { head: text.slice(0, headEnd).replace(HEADING_TRAILING, ''), headEnd, end };
}

/** A numbered line whose first sentence is too long for a heading. */
function isTooLong(text: string): boolean {
  return leadingHeading(text).head.length - numberPrefixLength(text) > HEADING_TEXT_MAX;
}

const isOnlyPunctuation = (text: string) => /^[。：！？\s]*$/.test(text);

/**
 * Some reports name each aspect in a `（一）` paragraph of its own, one long sentence of 60–110
 * characters (the 五个带头 of 对照检查材料: `（一）带头坚定理想信念，…方面。`), with the body in
 * the paragraphs that follow. Such a line is a heading whatever its length: a level-2 line that is
 * one sentence standing alone, followed by body text (a paragraph that is neither numbered nor a
 * closing). A long numbered line that follows another is an item of a numbered list (measures
 * `（一）…（二）…（三）…`, each a paragraph of prose): it stays a paragraph even where body text
 * follows the list.
 */
function isAspectHeading(lines: readonly SourceLine[], at: number): boolean {
  const line = lines[at] as SourceLine;
  if (!isLongNumbered(line) || !isOnlyPunctuation(line.text.slice(leadingHeading(line.text).headEnd))) return false;
  const previous = lines[at - 1];
  const next = lines[at + 1];
  return !(previous && isLongNumbered(previous)) && next !== undefined && isBodyText(next);
}

/** A `（一）` line of running text (not a Markdown or Word heading) whose first sentence is too long for a heading. */
function isLongNumbered(line: SourceLine): boolean {
  return line.depth === undefined && numberedLevel(line.text) === 2 && isTooLong(line.text);
}

function isBodyText(line: SourceLine): boolean {
  return line.depth === undefined && numberedLevel(line.text) === undefined && !isClosingParagraph(line.text);
}

function numberPrefixLength(text: string): number {
  return (LEVEL1_NUMBER.exec(text) ?? LEVEL2_NUMBER.exec(text))?.[0].length ?? 0;
}

function paragraph(line: SourceLine): ReportBlock {
  const block: ReportBlock = { type: 'paragraph', text: line.text };
  if (line.marks.length > 0) block.marks = line.marks;
  return block;
}

function assignRoles(blocks: ReportBlock[]): void {
  const firstHeading = blocks.findIndex((b) => b.type === 'heading');
  if (firstHeading === -1) return;
  for (let i = 0; i < firstHeading; i += 1) (blocks[i] as ReportBlock).role = 'preamble';
  for (let i = blocks.length - 1; i > firstHeading; i -= 1) {
    const b = blocks[i] as ReportBlock;
    if (b.type !== 'paragraph' || !isClosingParagraph(b.text)) break;
    b.role = 'closing';
  }
}

/** The headings of a report, in order: what tests and the audit trail call its outline. */
export function reportOutline(blocks: readonly { type: string; level?: number; text: string }[]): { level: number; text: string }[] {
  return blocks.filter((b) => b.type === 'heading').map((b) => ({ level: b.level ?? 1, text: b.text }));
}
