import assert from 'node:assert/strict';
import type { MeDto, ReportDto, TeamDto, TeamRole, UserDto } from '@review/shared';
import { ApiClient, loginAs } from './http.js';

/** Factories that build test data through the public API, as an admin would. */
export class Fixtures {
  private counter = 0;

  private constructor(
    readonly baseUrl: string,
    readonly admin: ApiClient,
  ) {}

  static async create(baseUrl: string): Promise<Fixtures> {
    return new Fixtures(baseUrl, await loginAs(baseUrl, 'admin'));
  }

  unique(prefix: string): string {
    this.counter += 1;
    return `${prefix}${Date.now().toString(36)}${this.counter}`;
  }

  async newUser(opts: { isAdmin?: boolean; displayName?: string } = {}): Promise<{ user: UserDto; client: ApiClient }> {
    const username = this.unique('u');
    const password = `pw-${username}`;
    const res = await this.admin.post<UserDto>('/users', {
      username,
      displayName: opts.displayName ?? username,
      password,
      isAdmin: opts.isAdmin ?? false,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { user: res.body, client: await loginAs(this.baseUrl, username, password) };
  }

  async newTeam(): Promise<TeamDto> {
    const res = await this.admin.post<TeamDto>('/teams', { name: this.unique('Team ') });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async addMember(teamId: string, userId: string, role: TeamRole): Promise<void> {
    const res = await this.admin.post(`/teams/${teamId}/members`, { userId, role });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }

  /** A team with a drafter and a supervisor, both signed in. */
  async newTeamWithMembers(): Promise<{ team: TeamDto; drafter: Member; supervisor: Member; viewer: Member }> {
    const team = await this.newTeam();
    const drafter = await this.newUser();
    const supervisor = await this.newUser();
    const viewer = await this.newUser();
    await this.addMember(team.id, drafter.user.id, 'drafter');
    await this.addMember(team.id, supervisor.user.id, 'supervisor');
    await this.addMember(team.id, viewer.user.id, 'drafter');
    return { team, drafter, supervisor, viewer };
  }

  /**
   * The people around a report: its author (a drafter), its reviewer (a supervisor), a team
   * member who is neither, and an outsider who is in no team.
   */
  async newReviewTeam(): Promise<{ team: TeamDto; author: Member; reviewer: Member; viewer: Member; outsider: Member }> {
    const { team, drafter, supervisor, viewer } = await this.newTeamWithMembers();
    const outsider = await this.newUser();
    return { team, author: drafter, reviewer: supervisor, viewer, outsider };
  }

  async newReport(client: ApiClient, teamId: string, body: Partial<{ title: string; reviewerId: string; template: string }> = {}) {
    const res = await client.post<ReportDto>('/reports', { teamId, title: this.unique('报告 '), ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }
}

export interface Member {
  user: UserDto;
  client: ApiClient;
}

export async function me(client: ApiClient): Promise<MeDto> {
  return (await client.get<MeDto>('/auth/me')).body;
}
