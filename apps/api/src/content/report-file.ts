import path from 'node:path';
import { LIMITS, type ParsedReport, parseReport } from '@review/shared';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { validationFailed } from '../common/app-error.js';
import { unzipCapped } from './zip-entries.js';

/** The part of a multer upload that an import reads. */
export interface UploadedReportFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export type ReportFileKind = 'txt' | 'md' | 'docx';

const KIND_BY_EXTENSION: Record<string, ReportFileKind> = { '.txt': 'txt', '.md': 'md', '.markdown': 'md', '.docx': 'docx' };

/** Signatures of files that are often renamed or picked by mistake. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an Office document)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'a Word 97–2003 or other old Office document' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7z archive' },
];

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const fileProblem = (message: string) => validationFailed([{ path: 'file', message }], message);

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((b, i) => buffer[i] === b);
}

export function kindOf(fileName: string): ReportFileKind {
  const kind = KIND_BY_EXTENSION[path.extname(fileName).toLowerCase()];
  if (!kind) throw fileProblem(`"${fileName}" cannot be imported: only .txt, .md and .docx files can`);
  return kind;
}

/**
 * Text of a .txt or .md file: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (what
 * Chinese Windows saves as "ANSI"). Anything that is not text is refused: known binary
 * signatures, bytes that decode in none of these, NUL bytes or many control characters.
 */
export function decodeText(buffer: Buffer, fileName: string): string {
  const binary = SIGNATURES.find((s) => startsWith(buffer, s.bytes));
  if (binary) throw fileProblem(`"${fileName}" is ${binary.what}, not a text file`);
  let text: string | undefined;
  if (startsWith(buffer, [0xff, 0xfe])) text = new TextDecoder('utf-16le').decode(buffer.subarray(2));
  else if (startsWith(buffer, [0xfe, 0xff])) text = new TextDecoder('utf-16be').decode(buffer.subarray(2));
  else {
    for (const encoding of ['utf-8', 'gb18030']) {
      try {
        text = new TextDecoder(encoding, { fatal: true }).decode(buffer);
        break;
      } catch {
        // try the next encoding
      }
    }
  }
  if (text === undefined) throw fileProblem(`"${fileName}" is not text in UTF-8, UTF-16 or GB18030`);
  const controls = text.match(CONTROL)?.length ?? 0;
  if (text.includes('\u0000') || controls > text.length / 100) throw fileProblem(`"${fileName}" is a binary file, not text`);
  return text.replace(CONTROL, '');
}

/** A .docx as the HTML mammoth makes of it (headings from the heading styles, bold runs). */
async function docxHtml(buffer: Buffer, fileName: string): Promise<string> {
  if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw fileProblem(`"${fileName}" is a Word 97–2003 document; save it as .docx and import that`);
  }
  if (!startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) throw fileProblem(`"${fileName}" is not a Word .docx document`);
  const unzipped = await unzipCapped(buffer, LIMITS.importUnpackedBytes);
  if ('problem' in unzipped) {
    throw fileProblem(
      unzipped.problem === 'too_large'
        ? `"${fileName}" unpacks to more than ${LIMITS.importUnpackedBytes / 1024 / 1024} MiB`
        : `"${fileName}" is damaged: it is not a readable .docx`,
    );
  }
  // mammoth reads a ZIP again: it gets one of exactly the entries inflated above, stored
  // uncompressed, so that nothing it unpacks can be larger than what was counted.
  const stored = new JSZip();
  for (const [name, content] of unzipped.entries) stored.file(name, content);
  const safe = await stored.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  try {
    const result = await mammoth.convertToHtml(
      { buffer: safe },
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    return result.value;
  } catch {
    throw fileProblem(`"${fileName}" is damaged or not a Word document: it cannot be read`);
  }
}

/** Reads an uploaded report; every way it can be unusable is a 400 that says why. */
export async function readReportFile(file: UploadedReportFile): Promise<{ kind: ReportFileKind; parsed: ParsedReport }> {
  const name = file.originalname;
  const kind = kindOf(name);
  if (file.size === 0) throw fileProblem(`"${name}" is empty`);
  if (file.size > LIMITS.importFileBytes) {
    throw fileProblem(`"${name}" is larger than ${LIMITS.importFileBytes / 1024 / 1024} MiB`);
  }
  const parsed =
    kind === 'docx'
      ? parseReport((await docxHtml(file.buffer, name)).replace(CONTROL, ''), 'html')
      : parseReport(decodeText(file.buffer, name), kind);
  if (parsed.blocks.length === 0 && parsed.title === null) throw fileProblem(`"${name}" contains no text`);
  return { kind, parsed };
}
