import { IMPORT_EXTENSIONS, LIMITS } from '@review/shared';
import type { Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ApiError } from '../../lib/api';

/** What the file picker offers: the kinds the server reads. */
export const IMPORT_ACCEPT = IMPORT_EXTENSIONS.join(',');

/** Why a file cannot be imported, in the terms the user is told. */
export type ImportFileProblem =
  | 'required'
  | 'type'
  | 'oldDoc'
  | 'empty'
  | 'noText'
  | 'tooLarge'
  | 'unpacked'
  | 'binary'
  | 'encoding'
  | 'notDocx'
  | 'damaged';

const PROBLEM_KEY: Record<ImportFileProblem, MessageKey> = {
  required: 'content.import.error.required',
  type: 'content.import.error.type',
  oldDoc: 'content.import.error.oldDoc',
  empty: 'content.import.error.empty',
  noText: 'content.import.error.noText',
  tooLarge: 'content.import.error.tooLarge',
  unpacked: 'content.import.error.unpacked',
  binary: 'content.import.error.binary',
  encoding: 'content.import.error.encoding',
  notDocx: 'content.import.error.notDocx',
  damaged: 'content.import.error.damaged',
};

/** 2 MB, 12.5 KB, 300 bytes — in the user's number format. */
export function formatFileSize(bytes: number, t: Translate, locale: string): string {
  const n = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return t('content.size.bytes', { n: n(bytes) });
  if (bytes < 1024 * 1024) return t('content.size.kb', { n: n(bytes / 1024) });
  return t('content.size.mb', { n: n(bytes / 1024 / 1024) });
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** What can be told before uploading: the kind (by extension, as the server decides it), empty, too large. */
export function fileProblemBeforeUpload(file: File | null): ImportFileProblem | null {
  if (!file) return 'required';
  const ext = extensionOf(file.name);
  if (ext === '.doc') return 'oldDoc';
  if (!IMPORT_EXTENSIONS.some((e) => e === ext)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > LIMITS.importFileBytes) return 'tooLarge';
  return null;
}

/**
 * The server explains a refused file in English for developers (apps/api content/report-file.ts);
 * these are its reasons, recognised by their wording, so that the user reads them in their
 * language. A reason not listed here is shown as the server wrote it, inside a localised sentence.
 */
const SERVER_REASONS: [RegExp, ImportFileProblem][] = [
  [/unpacks to more than/i, 'unpacked'],
  [/larger than/i, 'tooLarge'],
  [/Word 97/i, 'oldDoc'],
  [/cannot be imported: only/i, 'type'],
  [/" is empty$/i, 'empty'],
  [/contains no text/i, 'noText'],
  [/not a text file|is a binary file/i, 'binary'],
  [/not text in UTF-8/i, 'encoding'],
  [/is not a Word \.docx document/i, 'notDocx'],
  [/is damaged/i, 'damaged'],
  [/multipart field "file"/i, 'required'],
];

/** The file's problem in a refused import; undefined when the refusal is about something else. */
export function fileProblemFromServer(err: unknown): ImportFileProblem | { detail: string } | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.status === 413 || err.code === 'payload_too_large') return 'tooLarge';
  const issue = err.issues.find((i) => i.path === 'file');
  if (!issue) return undefined;
  return SERVER_REASONS.find(([re]) => re.test(issue.message))?.[1] ?? { detail: issue.message };
}

export function fileProblemText(problem: ImportFileProblem | { detail: string }, t: Translate, locale: string): string {
  if (typeof problem !== 'string') return t('content.import.error.other', { detail: problem.detail });
  const limit = formatFileSize(problem === 'unpacked' ? LIMITS.importUnpackedBytes : LIMITS.importFileBytes, t, locale);
  return t(PROBLEM_KEY[problem], { limit });
}
