import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { nameField, uuid } from './common.js';

/** A form field left empty is a field not given. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The text fields of POST /reports/import (multipart/form-data); the file comes as `file`. */
export const importReportSchema = z.strictObject({
  teamId: uuid,
  title: optional(nameField(LIMITS.reportTitleMax)),
  reviewerId: optional(uuid),
});
export type ImportReportInput = z.infer<typeof importReportSchema>;

/** Kinds of file an import reads, by extension. */
export const IMPORT_EXTENSIONS = ['.txt', '.md', '.markdown', '.docx'] as const;
