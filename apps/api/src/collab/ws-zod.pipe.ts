import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { InvalidMessageError } from './pipeline/update-validation.js';

/** Validates a socket event's arguments with a schema from packages/shared; a mismatch closes the socket. */
export class WsZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new InvalidMessageError(result.error.issues[0]?.message ?? 'malformed event');
    return result.data;
  }
}
