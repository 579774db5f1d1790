import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { REPORT_STATES } from '../workflow.js';
import { nameField, queryFlag, uuid } from './common.js';

export const reportState = z.enum(REPORT_STATES);

export const createReportSchema = z.strictObject({
  teamId: uuid,
  title: nameField(LIMITS.reportTitleMax),
  template: z.string().max(64).optional(),
  reviewerId: uuid.optional(),
});
export type CreateReportInput = z.infer<typeof createReportSchema>;

export const listReportsQuery = z.strictObject({
  state: reportState.optional(),
  q: z.string().trim().max(LIMITS.searchQueryMax).optional(),
  mine: queryFlag.optional(),
  reviewing: queryFlag.optional(),
  /** Only reports waiting for the user's review: in review, with the user as the reviewer. */
  awaiting: queryFlag.optional(),
  teamId: uuid.optional(),
});
export type ListReportsQuery = z.infer<typeof listReportsQuery>;

export const idParam = uuid;

/**
 * One page of a report's audit trail, oldest first: the latest `limit` events, or with `before`
 * (the seq of the oldest event already shown) the `limit` events before it.
 */
export const auditPageQuery = z.strictObject({
  before: z.coerce.number().int().min(1).max(2 ** 31 - 1).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.auditPageMax).optional(),
});
export type AuditPageQuery = z.infer<typeof auditPageQuery>;

export const updateReportSchema = z
  .strictObject({
    expectedRevision: z.number().int().min(0),
    title: nameField(LIMITS.reportTitleMax).optional(),
    reviewerId: uuid.nullable().optional(),
  })
  .refine((v) => v.title !== undefined || v.reviewerId !== undefined, 'change the title or the reviewer');
export type UpdateReportInput = z.infer<typeof updateReportSchema>;
