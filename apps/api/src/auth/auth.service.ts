import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { LoginInput, MeDto, TeamRole } from '@review/shared';
import { DataSource, IsNull, MoreThan, Repository } from 'typeorm';
import { invalidCredentials } from '../common/app-error.js';
import type { AuthUser } from '../common/auth-context.js';
import { DomainEvents, SessionsRevoked } from '../common/domain-events.js';
import { AppConfig } from '../config/app-config.js';
import { SessionEntity } from '../database/entities/session.entity.js';
import { TeamEntity } from '../database/entities/team.entity.js';
import { TeamMemberEntity } from '../database/entities/team-member.entity.js';
import { UserEntity } from '../database/entities/user.entity.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordService } from './password.service.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: MeDto;
}

/**
 * Sessions and passwords: sign-in and sign-out, the session behind a cookie, the password
 * re-entry that signs an approval, and ending sessions (which closes their sockets everywhere).
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly events: DomainEvents,
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
    await this.events.publishAndWait(new SessionsRevoked({ sessionId }));
  }

  /** Ends every session of the user (password reset, deactivation); their sockets close on every node. */
  async revokeAllSessions(userId: string): Promise<void> {
    await this.sessions.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.events.publishAndWait(new SessionsRevoked({ userId }));
  }

  /** Of the given sessions, those still valid: not revoked, not expired, their user active. */
  async validSessions(sessionIds: string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [sessionIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  hashPassword(password: string): Promise<string> {
    return this.passwords.hash(password);
  }

  /**
   * Step-up authentication of a signed-in user (the password re-entry that signs an approval),
   * throttled per session, apart from sign-ins; true when the password is right.
   */
  async verifyPassword(user: AuthUser, password: string): Promise<boolean> {
    const attempt = await this.throttle.beginStepUp(user.sessionId);
    const rows: { password_hash: string }[] = await this.db.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    const ok = await this.passwords.verify(rows[0]?.password_hash, password);
    if (ok) await this.throttle.succeeded(attempt);
    return ok;
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
      sessionExpiresAt: session.expiresAt.getTime(),
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
