import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { ReportEntity } from './entities/report.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { TeamEntity } from './entities/team.entity.js';
import { TeamMemberEntity } from './entities/team-member.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { InitialSchema1732200000000 } from './migrations/1732200000000-initial-schema.js';
import { CollabLog1732300000000 } from './migrations/1732300000000-collab-log.js';
import { WorkflowAudit1732400000000 } from './migrations/1732400000000-workflow-audit.js';
import { Comments1732500000000 } from './migrations/1732500000000-comments.js';
import { LoginAttempts1732600000000 } from './migrations/1732600000000-login-attempts.js';
import { ReportClients1732700000000 } from './migrations/1732700000000-report-clients.js';
import { SignedTitle1732800000000 } from './migrations/1732800000000-signed-title.js';
import { AuditHeads1732900000000 } from './migrations/1732900000000-audit-heads.js';
import { VersionTitle1733000000000 } from './migrations/1733000000000-version-title.js';
import { ChecksOverride1733100000000 } from './migrations/1733100000000-checks-override.js';
import { migrationContext } from './migration-context.js';
import { AuditSigner } from '../common/audit-signer.js';

export const ENTITIES = [UserEntity, SessionEntity, TeamEntity, TeamMemberEntity, ReportEntity];
export const MIGRATIONS = [
  InitialSchema1732200000000,
  CollabLog1732300000000,
  WorkflowAudit1732400000000,
  Comments1732500000000,
  LoginAttempts1732600000000,
  ReportClients1732700000000,
  SignedTitle1732800000000,
  AuditHeads1732900000000,
  VersionTitle1733000000000,
  ChecksOverride1733100000000,
];

/** Any fixed number works: it only has to be the same on every node. */
const MIGRATION_LOCK_KEY = 748_201_311;

export interface Database {
  dataSource: DataSource;
  embedded: EmbeddedPostgres | undefined;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

function describeTarget(config: AppConfig): string {
  if (!config.databaseUrl) return `embedded PGlite in ${config.dataDir}`;
  const u = new URL(config.databaseUrl);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/**
 * Opens the database (embedded or external), runs pending migrations under an advisory lock
 * so that several nodes starting together migrate once, and returns the initialised DataSource.
 */
export async function openDatabase(config: AppConfig): Promise<Database> {
  migrationContext.auditSigner = AuditSigner.load(config.auditKeyFile, config.auditTrustedKeysFile);
  const embedded = config.embeddedDatabase ? await EmbeddedPostgres.start(config.dataDir) : undefined;
  const base = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: 'review-api',
  };
  const options: DataSourceOptions = embedded
    ? { ...base, ...embedded.connection, poolSize: 1 }
    : { ...base, url: config.databaseUrl, poolSize: 10, connectTimeoutMS: 10_000 };

  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (err) {
    await embedded?.stop();
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(`Cannot connect to ${describeTarget(config)}: ${reason}`);
  }

  try {
    if (embedded) {
      await dataSource.runMigrations({ transaction: 'each' });
    } else {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await dataSource.runMigrations({ transaction: 'each' });
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        await runner.release();
      }
    }
  } catch (err) {
    await dataSource.destroy();
    await embedded?.stop();
    throw err;
  }

  return {
    dataSource,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
