import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/index.js';
import { AppConfig } from '../config/app-config.js';
import { TeamEntity } from '../database/entities/team.entity.js';
import { TeamMemberEntity } from '../database/entities/team-member.entity.js';
import { UserEntity } from '../database/entities/user.entity.js';

/** Advisory-lock key so that two nodes starting on an empty database seed once. */
const SEED_LOCK_KEY = 748_201_312;

const DEMO_USERS = [
  { username: 'admin', displayName: '系统管理员', isAdmin: true, role: undefined },
  { username: 'drafter', displayName: '张明', isAdmin: false, role: 'drafter' },
  { username: 'supervisor', displayName: '李华', isAdmin: false, role: 'supervisor' },
] as const;

/** First start on an empty database: team Demo with admin, drafter and supervisor (docs/protocol.md). */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly auth: AuthService,
  ) {}

  async seedIfEmpty(): Promise<void> {
    if (!this.config.seedDemo) return;
    const password = this.config.demoPassword ?? randomBytes(9).toString('base64url');
    const hash = await this.auth.hashPassword(password);
    const seeded = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      if ((await tx.count(UserEntity)) > 0) return false;
      const team = await tx.save(tx.create(TeamEntity, { name: 'Demo' }));
      for (const u of DEMO_USERS) {
        const user = await tx.save(
          tx.create(UserEntity, {
            username: u.username,
            displayName: u.displayName,
            isAdmin: u.isAdmin,
            active: true,
            passwordHash: hash,
          }),
        );
        if (u.role) await tx.insert(TeamMemberEntity, { teamId: team.id, userId: user.id, role: u.role });
      }
      return true;
    });
    if (!seeded) return;
    if (this.config.demoPassword) {
      this.logger.log('Created team Demo with users admin, drafter and supervisor (password from DEMO_PASSWORD)');
    } else {
      // Printed once, on the console only: it is not stored anywhere in clear.
      process.stdout.write(
        `\n  Demo users created: admin, drafter, supervisor\n  Their password (shown once): ${password}\n\n`,
      );
    }
  }
}
