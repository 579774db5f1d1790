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
 * longer than HEADING_TEXT_MAX characters, the line is a numbered paragraph instead. Headings keep
 * their number and drop closing punctuation (`（一）理论学习方面。` → `（一）理论学习方面`).
 */
export function parseReport(text: string, kind: SourceKind): ParsedReport {
  const source = kind === 'md' ? markdownLines(text) : kind === 'html' ? htmlLines(text) : textLines(text);
  const lines = source.filter((l) => l.text !== '' && !isJunkLine(l.text));

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
  for (const line of lines) blocks.push(...blocksOf(line, baseDepth));
  assignRoles(blocks);
  return { title, blocks };
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

function blocksOf(line: SourceLine, baseDepth: number): ReportBlock[] {
  const numbered = numberedLevel(line.text);
  const explicit = line.depth !== undefined;
  if (numbered === undefined && !explicit) return [paragraph(line)];
  const level: 1 | 2 = numbered ?? (Math.min(2, Math.max(1, (line.depth as number) - baseDepth + 1)) as 1 | 2);

  const numberLength = numberPrefixLength(line.text);
  const end = line.text.slice(numberLength).search(HEADING_END);
  const headEnd = end === -1 ? line.text.length : numberLength + end;
  const head = line.text.slice(0, headEnd).replace(HEADING_TRAILING, '');
  if (!explicit && head.length - numberLength > HEADING_TEXT_MAX) return [paragraph(line)];

  const blocks: ReportBlock[] = [{ type: 'heading', level, text: head }];
  if (end !== -1) {
    const rest = trimLine(sliceLine(line, headEnd + 1));
    if (rest.text !== '' && !/^[。：！？\s]+$/.test(rest.text)) blocks.push(paragraph(rest));
  }
  return blocks;
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
