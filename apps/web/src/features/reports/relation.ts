import { type MeDto, type ReportParties, type ReportRelation, relationTo } from '@review/shared';

/**
 * How the signed-in user stands towards a report, with their team role, exactly as the server
 * decides it: a named reviewer who is no longer a supervisor of the team is a plain member.
 */
export function myRelation(report: ReportParties & { teamId: string }, me: Pick<MeDto, 'id' | 'teams'>): ReportRelation {
  return relationTo(report, me.id, me.teams.find((t) => t.id === report.teamId)?.role);
}
