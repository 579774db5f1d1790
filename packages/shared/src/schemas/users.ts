import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { nameField } from './common.js';

export const username = z
  .string()
  .trim()
  .min(2)
  .max(LIMITS.usernameMax)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'letters, digits, _ . - only');

export const password = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);

export const createUserSchema = z.strictObject({
  username,
  displayName: nameField(LIMITS.displayNameMax),
  password,
  isAdmin: z.boolean().optional(),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    displayName: nameField(LIMITS.displayNameMax).optional(),
    password: password.optional(),
    isAdmin: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
