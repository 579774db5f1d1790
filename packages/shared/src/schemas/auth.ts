import { z } from 'zod';
import { LIMITS } from '../limits.js';

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(LIMITS.usernameMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
});
export type LoginInput = z.infer<typeof loginSchema>;
