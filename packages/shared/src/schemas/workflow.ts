import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { WORKFLOW_ACTIONS } from '../workflow.js';
import { nameField, text, uuid } from './common.js';

export const contentHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

export const transitionSchema = z.strictObject({
  action: z.enum(WORKFLOW_ACTIONS),
  expectedRevision: z.number().int().min(0),
  contentHash: contentHashSchema.optional(),
  password: z.string().min(1).max(LIMITS.passwordMax).optional(),
  message: text(LIMITS.transitionMessageMax).optional(),
  overrideReason: text(LIMITS.transitionMessageMax).optional(),
});
export type TransitionInput = z.infer<typeof transitionSchema>;

export const createVersionSchema = z.strictObject({
  label: nameField(LIMITS.versionLabelMax),
});
export type CreateVersionInput = z.infer<typeof createVersionSchema>;

export const diffQuery = z.strictObject({
  from: uuid,
  to: z.union([uuid, z.literal('current')]).default('current'),
});
export type DiffQuery = z.infer<typeof diffQuery>;
