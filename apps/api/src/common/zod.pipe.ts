import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { fromZodError } from './app-error.js';

/** Validates a body, query or param with a schema from packages/shared. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw fromZodError(result.error);
    return result.data;
  }
}
