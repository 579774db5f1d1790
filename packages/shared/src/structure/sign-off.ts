/**
 * The sign-off page that the Word export puts after an approved report
 * (apps/api/src/documents/official-docx.ts writes it with these words), and how an import knows
 * it again: a file exported from the app and imported as a new draft must not carry the old
 * approval along as ordinary paragraphs.
 */

/** The page's heading and the labels of its lines, in the order the export writes them. */
export const SIGN_OFF = {
  heading: '签批',
  signer: '签批人：',
  signedAt: '签批时间：',
  meaning: '签批含义：',
  version: '版本号：',
  contentHash: '内容哈希（SHA-256）：',
  anchor: '审计锚点：',
  headHash: '审计链头哈希：',
  signature: '服务器签名（Ed25519）：',
  /** The first sentence of the note that ends the page. */
  note: '本页依据系统中的电子签批记录生成；内容哈希与签批时的报告内容一致。',
} as const;

type LineShape = (line: string) => boolean;

/** A label and, on the same line, a value of the given shape (empty when the value has a line of its own). */
const labelled =
  (label: string, value: RegExp): LineShape =>
  (line) =>
    line.startsWith(label) && value.test(line.slice(label.length).trim());
const whole =
  (shape: RegExp): LineShape =>
  (line) =>
    shape.test(line);

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** What every sign-off page has: the heading, who signed when, what and which version, and the content hash. */
const PAGE: LineShape[] = [
  (line) => line === SIGN_OFF.heading,
  labelled(SIGN_OFF.signer, /^\S/),
  labelled(SIGN_OFF.signedAt, /^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}:\d{2}/),
  labelled(SIGN_OFF.meaning, /^\S/),
  labelled(SIGN_OFF.version, /^第 ?\d+ ?版$/),
  labelled(SIGN_OFF.contentHash, /^$/),
  whole(SHA256_HEX),
];

/** The audit anchor that follows on approvals made since anchors exist. */
const ANCHOR: LineShape[] = [
  labelled(SIGN_OFF.anchor, /^第 ?\d+ ?条审计记录/),
  labelled(SIGN_OFF.headHash, /^$/),
  whole(SHA256_HEX),
  labelled(SIGN_OFF.signature, /^$/),
  whole(/^[A-Za-z0-9+/]{16,}={0,2}$/),
];

function fits(lines: readonly string[], from: number, shapes: readonly LineShape[]): boolean {
  return shapes.every((shape, i) => {
    const line = lines[from + i];
    return line !== undefined && shape(line);
  });
}

/**
 * Where the app's sign-off page starts in a document's lines (trimmed, without empty lines), or
 * undefined. Only the whole page at the end counts: the heading `签批` alone on its line, the
 * labelled lines in the export's order with values of the export's shapes, the optional anchor
 * and closing note, and nothing after them. A report that merely mentions 签批, or quotes a line
 * or two of such a page, keeps its text.
 */
export function signOffPageStart(lines: readonly string[]): number | undefined {
  const start = lines.lastIndexOf(SIGN_OFF.heading);
  if (start === -1 || !fits(lines, start, PAGE)) return undefined;
  let end = start + PAGE.length;
  if (fits(lines, end, ANCHOR)) end += ANCHOR.length;
  if (lines[end]?.startsWith(SIGN_OFF.note)) end += 1;
  return end === lines.length ? start : undefined;
}
