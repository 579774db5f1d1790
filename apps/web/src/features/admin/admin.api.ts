import type {
  AddMemberInput,
  CreateTeamInput,
  CreateUserInput,
  TeamDto,
  TeamMemberDto,
  UpdateUserInput,
  UserDto,
} from '@review/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { meQueryKey } from '../auth/session';
import { teamKeys, usersKey } from '../teams/teams.api';

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => api<UserDto>('POST', '/users', input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateUserInput }) => api<UserDto>('PATCH', `/users/${id}`, input),
    // Member lists leave out inactive users, so they change too.
    onSuccess: () => void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === usersKey[0] || q.queryKey[0] === teamKeys.all[0] }),
  });
}

export function useCreateTeam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTeamInput) => api<TeamDto>('POST', '/teams', input),
    onSuccess: (team) => {
      // Shown at once, so that the new team can be selected before the list reloads.
      qc.setQueryData<TeamDto[]>(teamKeys.all, (old) =>
        [...(old ?? []), team].sort((a, b) => a.name.localeCompare(b.name)),
      );
      void qc.invalidateQueries({ queryKey: teamKeys.all });
    },
  });
}

export function useAddMember(teamId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AddMemberInput) => api<TeamMemberDto>('POST', `/teams/${teamId}/members`, input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: teamKeys.members(teamId) });
      // The admin may have added themself; their own team list then changes.
      void qc.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useRemoveMember(teamId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<void>('DELETE', `/teams/${teamId}/members/${userId}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: teamKeys.members(teamId) });
      void qc.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
