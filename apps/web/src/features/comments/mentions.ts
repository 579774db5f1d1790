import type { MeDto, TeamMemberDto } from '@review/shared';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../lib/api';
import { teamKeys } from '../teams/teams.api';

/** An `@name` being typed just before the caret: where it starts and what has been typed so far. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(?:^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{0,32})$/.exec(before);
  if (!m) return null;
  const query = m[1] ?? '';
  return { start: caret - query.length - 1, query };
}

export type BodyPart = { text: string; mention?: undefined } | { text: string; mention: string };

/** A comment body split into plain text and `@username` mentions of known people. */
export function splitMentions(body: string, usernames: ReadonlySet<string>): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const m of body.matchAll(/(^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{1,32})/g)) {
    const name = (m[2] ?? '').replace(/[.-]+$/, '');
    if (!usernames.has(name.toLowerCase())) continue;
    const at = (m.index ?? 0) + (m[1] ?? '').length;
    if (at > last) parts.push({ text: body.slice(last, at) });
    parts.push({ text: `@${name}`, mention: name.toLowerCase() });
    last = at + 1 + name.length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** The text with `@username` of known people written as `@name`, e.g. for a one-line excerpt. */
export function mentionsAsNames(body: string, names: ReadonlyMap<string, string>): string {
  return splitMentions(body, new Set(names.keys()))
    .map((part) => (part.mention ? `@${names.get(part.mention) ?? part.mention}` : part.text))
    .join('');
}

const allMembers = (results: { data?: TeamMemberDto[] }[]): TeamMemberDto[] => results.flatMap((r) => r.data ?? []);

/** Display names by lower-cased username: the user and the members of the given teams. */
export function useMentionNames(me: MeDto, teamIds: readonly string[]): { names: ReadonlyMap<string, string>; members: TeamMemberDto[] } {
  const unique = [...new Set(teamIds)].sort();
  // Combined once per change of the member lists (the function is stable), so the map below is too.
  const members = useQueries({
    queries: unique.map((teamId) => ({
      queryKey: teamKeys.members(teamId),
      queryFn: () => api<TeamMemberDto[]>('GET', `/teams/${teamId}/members`),
      staleTime: 30_000,
    })),
    combine: allMembers,
  });
  return useMemo(() => {
    const names = new Map<string, string>([[me.username.toLowerCase(), me.displayName]]);
    for (const m of members) names.set(m.username.toLowerCase(), m.displayName);
    return { names, members };
  }, [me.username, me.displayName, members]);
}
