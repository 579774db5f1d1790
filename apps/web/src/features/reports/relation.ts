import { type Actor, type MeDto, type ReportParties, type ReportRelation, relationOf } from '@review/shared';

/**
 * The signed-in user as the shared permission rules (`permissions.ts` in @review/shared) see
 * them for one report: with their role in its team, none when they are not a member.
 */
export function actorFor(me: Pick<MeDto, 'id' | 'isAdmin' | 'teams'>, report: { teamId: string }): Actor {
  return { id: me.id, isAdmin: me.isAdmin, role: me.teams.find((team) => team.id === report.teamId)?.role };
}

/**
 * How the user stands towards a report, exactly as the server decides it (a named reviewer who
 * is no longer a supervisor of the team is a plain member), for the texts that say what comes
 * next or why something is not possible. Someone outside the team reads as a member.
 */
export function myRelation(report: ReportParties & { teamId: string }, me: Pick<MeDto, 'id' | 'isAdmin' | 'teams'>): ReportRelation {
  return relationOf(report, actorFor(me, report)) ?? 'member';
}
