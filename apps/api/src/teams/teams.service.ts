import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AddMemberInput, CreateTeamInput, TeamDto, TeamMemberDto, TeamRole } from '@review/shared';
import { Repository } from 'typeorm';
import { conflict, notFound } from '../common/app-error.js';
import type { AuthUser } from '../common/auth-context.js';
import { DomainEvents, TeamMembershipChanged } from '../common/domain-events.js';
import { TeamEntity } from '../database/entities/team.entity.js';
import { TeamMemberEntity } from '../database/entities/team-member.entity.js';
import { UserEntity } from '../database/entities/user.entity.js';

const toTeamDto = (t: TeamEntity): TeamDto => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString() });

/** Teams, who belongs to them and in which role. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectRepository(TeamEntity) private readonly teams: Repository<TeamEntity>,
    @InjectRepository(TeamMemberEntity) private readonly members: Repository<TeamMemberEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly events: DomainEvents,
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
  async roleOf(teamId: string, userId: string): Promise<TeamRole | undefined> {
    const member = await this.members.findOne({ where: { teamId, userId }, select: { role: true } });
    return member?.role;
  }

  /** Adds a member, or changes the role of an existing one. */
  async addMember(teamId: string, input: AddMemberInput): Promise<TeamMemberDto> {
    if (!(await this.teams.existsBy({ id: teamId }))) throw notFound('Team');
    const user = await this.users.findOne({ where: { id: input.userId } });
    if (!user) throw notFound('User');
    await this.members.upsert({ teamId, userId: input.userId, role: input.role }, ['teamId', 'userId']);
    // A new role (or membership) changes access in the team's open reports at once.
    await this.events.publishAndWait(new TeamMembershipChanged(teamId));
    return { userId: user.id, username: user.username, displayName: user.displayName, role: input.role };
  }

  async removeMember(teamId: string, userId: string): Promise<void> {
    const result = await this.members.delete({ teamId, userId });
    if (!result.affected) throw notFound('Membership');
    await this.events.publishAndWait(new TeamMembershipChanged(teamId));
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
