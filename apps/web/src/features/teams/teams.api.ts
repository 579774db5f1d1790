import type { TeamDto, TeamMemberDto, UserDto } from '@review/shared';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../lib/api';

export const teamKeys = {
  all: ['teams'] as const,
  members: (teamId: string) => ['teams', teamId, 'members'] as const,
};

export const usersKey = ['users'] as const;

/** Teams the user may see: all of them for an admin, otherwise the user's own. */
export function useTeams() {
  return useQuery({ queryKey: teamKeys.all, queryFn: () => api<TeamDto[]>('GET', '/teams'), staleTime: 60_000 });
}

export function useTeamMembers(teamId: string | undefined) {
  return useQuery({
    queryKey: teamKeys.members(teamId ?? ''),
    queryFn: () => api<TeamMemberDto[]>('GET', `/teams/${teamId}/members`),
    enabled: Boolean(teamId),
    staleTime: 30_000,
  });
}

/** Every user (admins only). */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: usersKey, queryFn: () => api<UserDto[]>('GET', '/users'), enabled });
}

/** Names by id; `pending` while the lists they come from are still loading. */
export interface NameLookup {
  get(id: string): string | undefined;
  pending: boolean;
}

/** The name, or `unknown` once loading is over; blank while loading, so nothing flickers. */
export function nameOr(lookup: NameLookup, id: string, unknown: string): string {
  return lookup.get(id) ?? (lookup.pending ? '' : unknown);
}

/**
 * Display names of the people in the given teams. Reports carry only ids, so names come from
 * the member lists (and, for an admin, the user list, which also knows people who have left
 * a team).
 */
export function usePeopleNames(teamIds: readonly string[], isAdmin: boolean): NameLookup {
  const unique = [...new Set(teamIds)].sort();
  const members = useQueries({
    queries: unique.map((teamId) => ({
      queryKey: teamKeys.members(teamId),
      queryFn: () => api<TeamMemberDto[]>('GET', `/teams/${teamId}/members`),
      staleTime: 30_000,
    })),
  });
  const users = useUsers(isAdmin);
  const names = new Map<string, string>();
  for (const u of users.data ?? []) names.set(u.id, u.displayName);
  for (const m of members) for (const member of m.data ?? []) names.set(member.userId, member.displayName);
  return {
    get: (userId) => names.get(userId),
    pending: members.some((m) => m.isPending) || (isAdmin && users.isPending),
  };
}

/** Team names by id; `pending` while the list loads. */
export function useTeamNames(): NameLookup {
  const teams = useTeams();
  const names = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  return { get: (teamId) => names.get(teamId), pending: teams.isPending };
}
