import { z } from 'zod';

export const uuid = z.uuid();

/**
 * Control characters (C0 and C1) and Unicode's invisible direction controls (bidi overrides,
 * embeddings, isolates, marks): a name holding them can show as something else than it is
 * (`报告\u202Excod.exe` reads as "报告exe.docx").
 */
export const NAME_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A name without what NAME_UNSAFE matches (for names taken from files, not typed). */
export function cleanName(name: string): string {
  return name.replace(NAME_UNSAFE, '');
}

/** Trimmed, non-empty text of bounded length without control characters (line breaks and tabs allowed). */
export function text(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(s), 'must not contain control characters');
}

/** A name (title, display name, team name, label): one line, no control or direction characters. */
export function nameField(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !new RegExp(NAME_UNSAFE.source).test(s), 'must not contain control or text-direction characters');
}

/** A query-string flag: `true`/`1` or `false`/`0`. */
export const queryFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
