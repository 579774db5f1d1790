import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { LoginInput, MeDto, TeamRole } from '@review/shared';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { invalidCredentials } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import { TeamMemberEntity } from '../teams/team-member.entity.js';
import { TeamEntity } from '../teams/team.entity.js';
import { UserEntity } from '../users/user.entity.js';
import type { AuthUser } from './auth.decorators.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordService } from './password.service.js';
import { SessionEntity } from './session.entity.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: MeDto;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottle,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(TeamMemberEntity) private readonly members: Repository<TeamMemberEntity>,
  ) {}

  async login(input: LoginInput, ip: string, userAgent: string | undefined): Promise<LoginResult> {
    const attempt = await this.throttle.begin(input.username, ip);
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username: input.username })
      .getOne();
    const ok = await this.passwords.verify(user?.active ? user.passwordHash : undefined, input.password);
    if (!user || !ok) throw invalidCredentials();
    await this.throttle.succeeded(attempt);

    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlMs);
    await this.sessions.insert({
      userId: user.id,
      tokenHash: hashSessionToken(token),
      expiresAt,
      revokedAt: null,
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, expiresAt, user: await this.me(user) };
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** The signed-in user for a cookie token, or undefined if the session is unknown, expired or revoked. */
  async authenticate(token: string | undefined): Promise<AuthUser | undefined> {
    if (!token || token.length > 200) return undefined;
    const session = await this.sessions.findOne({
      where: { tokenHash: hashSessionToken(token), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
    if (!session) return undefined;
    const user = await this.users.findOne({ where: { id: session.userId, active: true } });
    if (!user) return undefined;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      isAdmin: user.isAdmin,
      sessionId: session.id,
    };
  }

  async me(user: Pick<UserEntity, 'id' | 'username' | 'displayName' | 'isAdmin'>): Promise<MeDto> {
    const teams = await this.members
      .createQueryBuilder('m')
      .innerJoin(TeamEntity, 't', 't.id = m.team_id')
      .select(['t.id AS id', 't.name AS name', 'm.role AS role'])
      .where('m.user_id = :userId', { userId: user.id })
      .orderBy('t.name')
      .getRawMany<{ id: string; name: string; role: TeamRole }>();
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      isAdmin: user.isAdmin,
      teams,
    };
  }
}
