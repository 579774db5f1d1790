import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { TEAM_ROLES } from '../workflow.js';
import { nameField, uuid } from './common.js';

export const createTeamSchema = z.strictObject({
  name: nameField(LIMITS.teamNameMax),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const teamRole = z.enum(TEAM_ROLES);

export const addMemberSchema = z.strictObject({
  userId: uuid,
  role: teamRole,
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;
