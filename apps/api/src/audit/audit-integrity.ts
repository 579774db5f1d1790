import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { AuditSigner } from '../common/audit-signer.js';
import { AppConfig } from '../config/app-config.js';

/** The triggers that keep audit_events append-only, each with what it must fire on. */
const TRIGGERS = {
  audit_events_append_only: 'UPDATE OR DELETE',
  audit_events_no_truncate: 'TRUNCATE',
} as const;

/**
 * Watches the database's own protection of the audit trail: both append-only triggers present,
 * enabled, and calling the function that refuses; and every signed chain head under a key this
 * node trusts (a node started with a key of its own must not sign beside the others). Checked at start-up and every
 * `auditIntegrityCheckMs`; while something is missing the server reports unhealthy
 * (GET /api/health 503) and refuses every write (HTTP 503 `unavailable`, collab `denied` with
 * reason `unavailable`), so nothing is recorded into a trail that could be rewritten in place.
 * The signed chain heads catch what was done meanwhile; this stops it from going on.
 */
@Injectable()
export class AuditIntegrity implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditIntegrity');
  private problem: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly signer: AuditSigner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.auditIntegrityCheckMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** What is wrong with the trail's protection, as last checked; undefined when it is intact. */
  get fault(): string | undefined {
    return this.problem;
  }

  /** Throws 503 `unavailable` while the protection is broken. */
  assertWritable(): void {
    if (this.problem) throw new AppError('unavailable', 503, `Changes are refused until an operator repairs the audit trail: ${this.problem}`);
  }

  /** Re-checks now; returns the problem found, if any. */
  async check(): Promise<string | undefined> {
    let problem: string | undefined;
    try {
      problem = await this.findProblem();
    } catch (err) {
      // The database not answering is the health check's to report, not a broken trail.
      this.logger.warn(`checking the audit trail's triggers failed: ${String(err)}`);
      return this.problem;
    }
    if (problem && problem !== this.problem) this.logger.error(`audit trail unprotected, refusing writes: ${problem}`);
    if (!problem && this.problem) this.logger.warn('audit trail protected again, accepting writes');
    this.problem = problem;
    return problem;
  }

  private async findProblem(): Promise<string | undefined> {
    const rows: { name: string; enabled: string; type: number; source: string }[] = await this.db.query(
      `SELECT t.tgname AS name, t.tgenabled AS enabled, t.tgtype AS type, p.prosrc AS source
         FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = 'audit_events'::regclass AND NOT t.tgisinternal`,
    );
    for (const [name, events] of Object.entries(TRIGGERS)) {
      const trigger = rows.find((r) => r.name === name);
      if (!trigger) return `the trigger ${name} is missing`;
      // 'O' fires normally, 'A' always; 'D' is disabled and 'R' fires only on replicas.
      if (trigger.enabled !== 'O' && trigger.enabled !== 'A') return `the trigger ${name} is disabled`;
      if (!firesOn(trigger.type, events)) return `the trigger ${name} no longer fires on ${events}`;
      if (!/RAISE\s+EXCEPTION/i.test(trigger.source)) return `the trigger ${name} no longer refuses the change`;
    }
    // A node with a key of its own would sign heads that every other node rejects.
    const keys: { key_id: string }[] = await this.db.query('SELECT DISTINCT key_id FROM audit_heads');
    const unknown = keys.map((k) => k.key_id).filter((id) => !this.signer.trusts(id));
    if (unknown.length > 0) {
      return (
        `chain heads are signed with keys this node does not trust (${unknown.join(', ')}): ` +
        'give every node the same AUDIT_SIGNING_KEY_FILE, or list earlier keys in AUDIT_TRUSTED_KEYS_FILE'
      );
    }
    return undefined;
  }
}

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const TYPE_BEFORE = 1 << 1;
const TYPE_DELETE = 1 << 3;
const TYPE_UPDATE = 1 << 4;
const TYPE_TRUNCATE = 1 << 5;

function firesOn(type: number, events: string): boolean {
  if (!(type & TYPE_BEFORE)) return false;
  if (events === 'TRUNCATE') return Boolean(type & TYPE_TRUNCATE);
  return Boolean(type & TYPE_UPDATE) && Boolean(type & TYPE_DELETE);
}
