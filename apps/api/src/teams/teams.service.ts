import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AddMemberInput, CreateTeamInput, TeamDto, TeamMemberDto, TeamRole } from '@review/shared';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { CollabService } from '../collab/collab.service.js';
import { conflict, notFound } from '../common/app-error.js';
import { UserEntity } from '../users/user.entity.js';
import { TeamMembership } from './team-membership.js';
import { TeamMemberEntity } from './team-member.entity.js';
import { TeamEntity } from './team.entity.js';

const toTeamDto = (t: TeamEntity): TeamDto => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString() });

@Injectable()
export class TeamsService {
  constructor(
    @InjectRepository(TeamEntity) private readonly teams: Repository<TeamEntity>,
    @InjectRepository(TeamMemberEntity) private readonly members: Repository<TeamMemberEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly collab: CollabService,
    private readonly membership: TeamMembership,
  ) {}

  async create(input: CreateTeamInput): Promise<TeamDto> {
    const taken = await this.teams
      .createQueryBuilder('t')
      .where('lower(t.name) = lower(:name)', { name: input.name })
      .getExists();
    if (taken) throw conflict(`A team named "${input.name}" already exists`);
    return toTeamDto(await this.teams.save(this.teams.create({ name: input.name })));
  }

  /** Admins see every team; everyone else the teams they belong to. */
  async listFor(user: AuthUser): Promise<TeamDto[]> {
    const qb = this.teams.createQueryBuilder('t').orderBy('t.name');
    if (!user.isAdmin) {
      qb.innerJoin(TeamMemberEntity, 'm', 'm.team_id = t.id AND m.user_id = :userId', { userId: user.id });
    }
    return (await qb.getMany()).map(toTeamDto);
  }

  /** The user's role in the team, or undefined if not a member. */
  roleOf(teamId: string, userId: string): Promise<TeamRole | undefined> {
    return this.membership.roleOf(teamId, userId);
  }

  /** Adds a member, or changes the role of an existing one. */
  async addMember(teamId: string, input: AddMemberInput): Promise<TeamMemberDto> {
    if (!(await this.teams.existsBy({ id: teamId }))) throw notFound('Team');
    const user = await this.users.findOne({ where: { id: input.userId } });
    if (!user) throw notFound('User');
    await this.members.upsert({ teamId, userId: input.userId, role: input.role }, ['teamId', 'userId']);
    // A new role (or membership) changes access in the team's open reports at once.
    await this.collab.announceTeam(teamId);
    return { userId: user.id, username: user.username, displayName: user.displayName, role: input.role };
  }

  async removeMember(teamId: string, userId: string): Promise<void> {
    const result = await this.members.delete({ teamId, userId });
    if (!result.affected) throw notFound('Membership');
    await this.collab.announceTeam(teamId);
  }

  /** Members of a team, visible to its members and to admins; 404 to anyone else. */
  async membersFor(teamId: string, user: AuthUser): Promise<TeamMemberDto[]> {
    if (!user.isAdmin && !(await this.roleOf(teamId, user.id))) throw notFound('Team');
    if (!(await this.teams.existsBy({ id: teamId }))) throw notFound('Team');
    return this.members
      .createQueryBuilder('m')
      .innerJoin(UserEntity, 'u', 'u.id = m.user_id')
      .select(['u.id AS "userId"', 'u.username AS username', 'u.display_name AS "displayName"', 'm.role AS role'])
      .where('m.team_id = :teamId', { teamId })
      .andWhere('u.active')
      .orderBy('m.role')
      .addOrderBy('u.username')
      .getRawMany<TeamMemberDto>();
  }
}
