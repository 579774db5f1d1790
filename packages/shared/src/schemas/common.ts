import { z } from 'zod';

export const uuid = z.uuid();

/** Trimmed, non-empty text of bounded length without control characters. */
export function text(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters');
}

/** A query-string flag: `true`/`1` or `false`/`0`. */
export const queryFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
