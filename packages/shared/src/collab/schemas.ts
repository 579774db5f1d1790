/**
 * The payloads of the Socket.IO events (events.ts), as zod schemas: the server validates what
 * clients send with them, and any client may check what the server sends.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { REPORT_STATES } from '../workflow.js';

/** A report id as sent; whether it is a UUID is the join's to answer (`invalid`). */
const reportIdField = z.string().max(64);

/** Binary payloads arrive as Buffer (a Uint8Array) in Node and ArrayBuffer in browsers. */
export const binaryPayloadSchema = z
  .union([z.instanceof(Uint8Array), z.instanceof(ArrayBuffer)], { error: 'payload must be binary' })
  .transform((b) => (b instanceof Uint8Array ? b : new Uint8Array(b)))
  .refine((b) => b.byteLength <= LIMITS.collabMessageBytes, { error: 'payload too large' });

// ---- client → server

export const joinRequestSchema = z.object({ reportId: z.unknown() }).transform(({ reportId }) => ({
  reportId: typeof reportId === 'string' ? reportId : '',
}));
export const leaveRequestSchema = z.object({ reportId: reportIdField });
/** `sync`: the report, then exactly one y-protocols sync message. */
export const syncArgsSchema = z.tuple([reportIdField, binaryPayloadSchema]);
/** `awareness`: the report, then one y-protocols awareness update. */
export const awarenessArgsSchema = z.tuple([reportIdField, binaryPayloadSchema]);

// ---- server → client

const accessSchema = z.enum(['edit', 'comment', 'view']);
const stateSchema = z.enum(REPORT_STATES);

export const joinAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), access: accessSchema, state: stateSchema }),
  z.object({ ok: z.literal(false), error: z.enum(['not_found', 'invalid', 'unavailable', 'too_many_rooms', 'rate_limited']) }),
]);
export const savedInfoSchema = z.object({ count: z.number().int().nonnegative() });
export const deniedInfoSchema = z.object({ reason: z.enum(['no_edit_access', 'state_changed', 'foreign_items', 'too_large', 'unavailable']) });
export const stateInfoSchema = z.object({ state: stateSchema, revision: z.number().int(), access: accessSchema });
