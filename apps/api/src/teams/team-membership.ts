import { Injectable } from '@nestjs/common';
import type { TeamRole } from '@review/shared';
import { DataSource } from 'typeorm';

/**
 * Who belongs to a team and in which role: the one query behind every membership check, used by
 * TeamsService and by the collaboration server (which TeamsService itself depends on).
 */
@Injectable()
export class TeamMembership {
  constructor(private readonly db: DataSource) {}

  /** The user's role in the team, or undefined when not a member. */
  async roleOf(teamId: string, userId: string): Promise<TeamRole | undefined> {
    const rows: { role: TeamRole }[] = await this.db.query(
      'SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2',
      [teamId, userId],
    );
    return rows[0]?.role;
  }
}
