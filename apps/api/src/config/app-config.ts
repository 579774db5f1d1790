import path from 'node:path';
import { LIMITS } from '@review/shared';
import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));

const postgresUrl = z
  .string()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a URL like postgres://user:password@host:5432/database');

const redisUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'redis:' || u.protocol === 'rediss:';
  } catch {
    return false;
  }
}, 'must be a URL like redis://host:6379');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: redisUrl.optional(),
  SEED_DEMO: flag(true),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(256).optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(168),
  COOKIE_SECURE: flag(false),
  TRUST_PROXY: flag(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  COLLAB_IDLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  HTTP_WRITE_BURST: z.coerce.number().int().min(1).max(1_000_000).default(LIMITS.httpWriteBurst),
  HTTP_WRITES_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(LIMITS.httpWritesPerSecond),
  HTTP_HEAVY_READ_BURST: z.coerce.number().int().min(1).max(1_000_000).default(LIMITS.httpHeavyReadBurst),
  HTTP_HEAVY_READS_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(LIMITS.httpHeavyReadsPerSecond),
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  AUDIT_TRUSTED_KEYS_FILE: z.string().min(1).optional(),
  DOC_MAX_CHARS: z.coerce.number().int().min(1_000).max(100_000_000).default(LIMITS.documentChars),
  DOC_MAX_BYTES: z.coerce.number().int().min(64 * 1024).max(1024 * 1024 * 1024).default(LIMITS.documentBytes),
  DOCUMENT_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  DOCUMENT_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64),
  AUDIT_INTEGRITY_CHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
});

export class ConfigError extends Error {}

/** Environment parsed and validated once at boot; read through typed fields afterwards. */
export class AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly seedDemo: boolean;
  readonly demoPassword: string | undefined;
  readonly allowedOrigins: readonly string[];
  readonly sessionTtlMs: number;
  readonly cookieSecure: boolean;
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly webDist: string;
  /** How long a room stays in memory after its last client left. */
  readonly collabIdleMs: number;
  /** Per user: state-changing HTTP requests in a burst, and refilled per second. */
  readonly httpWriteBurst: number;
  readonly httpWritesPerSecond: number;
  /** Per user: heavy reads (content, checks, export, diff, verify) in a burst, and refilled per second. */
  readonly httpHeavyReadBurst: number;
  readonly httpHeavyReadsPerSecond: number;
  /** The Ed25519 private key (PEM) that signs each report's audit chain head; made on first start. */
  readonly auditKeyFile: string;
  /** Public keys (PEM) of earlier signing keys, still trusted when verifying (key rotation). */
  readonly auditTrustedKeysFile: string | undefined;
  /** The largest document the server keeps: characters of text, bytes of Yjs state. */
  readonly documentMaxChars: number;
  readonly documentMaxBytes: number;
  /** Worker threads for whole-document work (content, checks, export, diff), and memory for its results. */
  readonly documentWorkers: number;
  readonly documentCacheBytes: number;
  /** How often the server re-checks that the audit trail's append-only triggers are in place. */
  readonly auditIntegrityCheckMs: number;

  constructor(env: NodeJS.ProcessEnv) {
    const parsed = envSchema.safeParse(
      Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
    );
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
      throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
    }
    const e = parsed.data;
    this.nodeEnv = e.NODE_ENV;
    this.port = e.PORT;
    this.host = e.HOST;
    this.databaseUrl = e.DATABASE_URL;
    this.dataDir = path.resolve(e.DATA_DIR);
    this.redisUrl = e.REDIS_URL;
    this.seedDemo = e.SEED_DEMO;
    this.demoPassword = e.DEMO_PASSWORD;
    this.allowedOrigins = e.ALLOWED_ORIGINS
      ? e.ALLOWED_ORIGINS.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean)
      : [`http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`];
    this.sessionTtlMs = e.SESSION_TTL_HOURS * 3600 * 1000;
    this.cookieSecure = e.COOKIE_SECURE;
    this.trustProxy = e.TRUST_PROXY;
    this.logLevel = e.LOG_LEVEL;
    this.collabIdleMs = e.COLLAB_IDLE_MS;
    this.httpWriteBurst = e.HTTP_WRITE_BURST;
    this.httpWritesPerSecond = e.HTTP_WRITES_PER_SECOND;
    this.httpHeavyReadBurst = e.HTTP_HEAVY_READ_BURST;
    this.httpHeavyReadsPerSecond = e.HTTP_HEAVY_READS_PER_SECOND;
    this.auditIntegrityCheckMs = e.AUDIT_INTEGRITY_CHECK_MS;
    this.documentMaxChars = e.DOC_MAX_CHARS;
    this.documentMaxBytes = e.DOC_MAX_BYTES;
    this.documentWorkers = e.DOCUMENT_WORKERS;
    this.documentCacheBytes = e.DOCUMENT_CACHE_MB * 1024 * 1024;
    this.auditKeyFile = path.resolve(e.AUDIT_SIGNING_KEY_FILE ?? path.join(this.dataDir, 'audit-signing-key.pem'));
    this.auditTrustedKeysFile = e.AUDIT_TRUSTED_KEYS_FILE ? path.resolve(e.AUDIT_TRUSTED_KEYS_FILE) : undefined;
    this.webDist = path.resolve(e.WEB_DIST ?? path.join(import.meta.dirname, '../../../web/dist'));
  }

  get embeddedDatabase(): boolean {
    return this.databaseUrl === undefined;
  }

  isAllowedOrigin(origin: string): boolean {
    return this.allowedOrigins.includes(origin.replace(/\/$/, ''));
  }
}
