import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { queryFlag, text } from './common.js';

const anchorPosition = z
  .string()
  .min(1)
  .max(LIMITS.anchorMax)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

export const createThreadSchema = z.strictObject({
  anchor: z.strictObject({ start: anchorPosition, end: anchorPosition }),
  quote: text(LIMITS.commentQuoteMax),
  body: text(LIMITS.commentBodyMax),
});
export type CreateThreadInput = z.infer<typeof createThreadSchema>;

export const commentBodySchema = z.strictObject({
  body: text(LIMITS.commentBodyMax),
});
export type CommentBodyInput = z.infer<typeof commentBodySchema>;

export const THREAD_FILTERS = ['open', 'resolved', 'outdated'] as const;
export const listThreadsQuery = z.strictObject({
  status: z.enum(THREAD_FILTERS).optional(),
});
export type ListThreadsQuery = z.infer<typeof listThreadsQuery>;

export const listNotificationsQuery = z.strictObject({
  unread: queryFlag.optional(),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

/**
 * Candidate usernames of `@username` mentions in a comment body, lower-cased. A trailing `.` or
 * `-` may be punctuation, so the name is offered with and without it; the server keeps only
 * names of team members.
 */
export function mentionedUsernames(body: string): string[] {
  const names = new Set<string>();
  for (const m of body.matchAll(/(?:^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{1,32})/g)) {
    const raw = (m[1] ?? '').toLowerCase();
    names.add(raw);
    names.add(raw.replace(/[.-]+$/, ''));
  }
  return [...names].filter((n) => n.length >= 2);
}
