import { isClosingParagraph, numberedLevel, POINT_START } from './patterns.js';

/**
 * The 落款 that ends a report: the signer's name or unit (署名, at most two short lines) and the
 * date (成文日期) below them, after the last paragraph of the text. The checks, the Word export
 * and the editor read it the same way from here:
 *
 *     以上对照检查，不妥之处，恳请同志们批评指正。
 *                                            ×××
 *                                  ××××年××月××日
 *
 * The date line is what marks a 落款: a paragraph that is nothing but a date, written
 * (`2026年12月7日`, `二〇二六年十二月七日`) or still blank (`××××年××月××日`, `XXXX年XX月XX日`,
 * `____年__月__日`, `　　年　月　日`), and the last one of the text. The one or two paragraphs
 * before it are its name and unit lines when they are short and hold no sentence (no `。，；`…),
 * no heading number, no point and no closing (`以上…批评指正`). Empty paragraphs in between do not
 * count. A 落款 signs a text: there must be something before it.
 *
 * The date is filled in when the report is approved (signedSignature): a blank date is no problem
 * for the checks, a blank name still is.
 */

/** What the recognition reads of a block: contentBlocks(doc), parsed blocks, or the editor's nodes. */
export interface SignableBlock {
  type: string;
  text: string;
}

export interface SignatureBlock {
  /** The name and unit lines (署名), in document order; none when the date stands alone. */
  signers: number[];
  /** The date line (成文日期): the last block that is not empty. */
  date: number;
}

/** Characters that stand for a blank in a 落款: `×××`, `XX`, `**`, `___` (checks.ts finds the same). */
const BLANK = '×XxＸｘ*＊_＿';
/** A field of a date, written or blank: digits, Chinese numerals, blanks and spaces. */
const DATE_FIELD = `[0-9０-９〇零○Ｏ一二三四五六七八九十${BLANK}\\s]`;
const DATE_LINE = new RegExp(`^${DATE_FIELD}{0,8}年${DATE_FIELD}{0,6}月${DATE_FIELD}{0,6}日$`, 'u');
/** A date with nothing left to fill in. */
const COMPLETE_DATE =
  /^(?:[0-9]{4}|[０-９]{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日$/u;
/** A name line that is only a blank, after an optional label (`发言人：×××`). */
const BLANK_NAME = new RegExp(`^(.*[：:]\\s*)?[${BLANK}][${BLANK}\\s]*$`, 'u');
/** Punctuation of sentences, which a name or unit line does not have. */
const SENTENCE = /[。！？!?；;，,、…]/;

/** Longest name or unit line, in characters (a unit's full name: `中共××市××区委员会办公室`). */
export const SIGNER_MAX = 30;
/** At most this many name and unit lines above the date. */
const SIGNERS_MAX = 2;

/** A paragraph that is only a date, written or still blank. */
export function isDateLine(text: string): boolean {
  return DATE_LINE.test(text.trim());
}

/** A date line with every field written out (`2026年12月7日`); anything else is filled at approval. */
export function isCompleteDate(text: string): boolean {
  return COMPLETE_DATE.test(text.trim());
}

function isSignerLine(block: SignableBlock): boolean {
  const text = block.text.trim();
  return (
    block.type === 'paragraph' &&
    text !== '' &&
    Array.from(text).length <= SIGNER_MAX &&
    !SENTENCE.test(text) &&
    numberedLevel(text) === undefined &&
    !POINT_START.test(text) &&
    !isClosingParagraph(text) &&
    !isDateLine(text)
  );
}

/** The last block at or before `from` that is not empty, or -1. */
function lastFilled(blocks: readonly SignableBlock[], from: number): number {
  let i = from;
  while (i >= 0 && (blocks[i] as SignableBlock).text.trim() === '') i -= 1;
  return i;
}

/**
 * The 落款 at the end of `blocks`, or undefined. Reads from the end: the trailing empty blocks and
 * at most four others (the date, two name or unit lines, and one before them), so that a caller
 * may pass only the tail of a long document (indices are then those of the tail).
 */
export function signatureBlock(blocks: readonly SignableBlock[]): SignatureBlock | undefined {
  const date = lastFilled(blocks, blocks.length - 1);
  const last = blocks[date];
  if (!last || last.type !== 'paragraph' || !isDateLine(last.text)) return undefined;
  const signers: number[] = [];
  let at = lastFilled(blocks, date - 1);
  while (at >= 0 && signers.length < SIGNERS_MAX && isSignerLine(blocks[at] as SignableBlock)) {
    signers.unshift(at);
    at = lastFilled(blocks, at - 1);
  }
  return at >= 0 ? { signers, date } : undefined;
}

/** Every line of the 落款, in document order. */
export function signatureLines(signature: SignatureBlock): number[] {
  return [...signature.signers, signature.date];
}

/** A date in Beijing time as GB/T 9704 writes 成文日期: Arabic numerals, no leading zeros (`2026年12月7日`). */
export function beijingDate(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}年${parts.month}月${parts.day}日`;
}

/**
 * The lines of the 落款 that an approved report prints otherwise than they are written, by index:
 * a date that is not complete becomes the day of the approval (Beijing time), and the last name
 * line that is only a blank (`×××`, or `发言人：×××`) becomes the author's name. A date or name
 * written out stays as it is.
 */
export function signedSignature(
  blocks: readonly SignableBlock[],
  signature: SignatureBlock,
  by: { signedAt: Date; name: string },
): Map<number, string> {
  const filled = new Map<number, string>();
  const date = (blocks[signature.date] as SignableBlock).text;
  if (!isCompleteDate(date)) filled.set(signature.date, beijingDate(by.signedAt));
  const blank = signature.signers.filter((i) => BLANK_NAME.test((blocks[i] as SignableBlock).text.trim())).at(-1);
  if (blank !== undefined) {
    const label = BLANK_NAME.exec((blocks[blank] as SignableBlock).text.trim())?.[1] ?? '';
    filled.set(blank, `${label}${by.name}`);
  }
  return filled;
}

/**
 * A line's width in characters: half for Latin-1 (digits, Latin and `×`, which Word sets in the
 * Latin font), whole for the rest.
 */
function widthOf(text: string): number {
  let width = 0;
  for (const ch of text.trim()) width += ch <= '\u00ff' ? 0.5 : 1;
  return width;
}

/**
 * Where the lines of a 落款 sit, as GB/T 9704-2012 (7.3.5) places an unsealed signature: the
 * space to the right of each line, in characters. The name or unit lines stand two characters
 * from the right edge and the date starts two characters to the right of where they start; when
 * the date is the longer, it stands two characters from the edge and the names move left to keep
 * that. Name lines start together. `signers` and `date` are the texts as they will be shown.
 */
export function signatureIndents(signers: readonly string[], date: string): { signers: number[]; date: number } {
  const dateWidth = widthOf(date);
  const widest = Math.max(0, ...signers.map(widthOf));
  // How far from the right edge the date starts; the names start two characters further left.
  const dateStart = Math.max(dateWidth + 2, widest);
  return { signers: signers.map((s) => dateStart + 2 - widthOf(s)), date: dateStart - dateWidth };
}
