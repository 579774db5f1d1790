import { Injectable, Logger } from '@nestjs/common';
import {
  AUDIT_GENESIS,
  type AuditAction,
  type AuditDetailsOf,
  type AuditEventDto,
  auditEventHash,
  type AuditVerifyDto,
  LIMITS,
  signatureHash,
} from '@review/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_LOCK_SPACE, reportLockKey } from '../common/locks.js';


interface AuditRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: AuditAction;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/**
 * The append-only audit trail, hash-chained per report. Appending takes a per-report advisory
 * lock for the rest of the transaction, so concurrent writers (on any node) extend the chain
 * one after the other.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly db: DataSource) {}

  /** Appends inside the caller's transaction: the event commits or rolls back with the change. */
  async append<A extends AuditAction>(
    manager: EntityManager,
    reportId: string,
    actorId: string | null,
    action: A,
    details: AuditDetailsOf[A],
  ): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [AUDIT_LOCK_SPACE, reportLockKey(reportId)]);
    const last: { seq: number; hash: string }[] = await manager.query(
      'SELECT seq, hash FROM audit_events WHERE report_id = $1 ORDER BY seq DESC LIMIT 1',
      [reportId],
    );
    const prevHash = last[0]?.hash ?? AUDIT_GENESIS;
    const seq = (last[0]?.seq ?? 0) + 1;
    // Milliseconds only, so that the time read back from the database hashes the same.
    const at = new Date(Math.floor(Date.now()));
    const clean = JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
    const hash = await auditEventHash(prevHash, { reportId, seq, at: at.toISOString(), actor: actorId, action, details: clean });
    await manager.query(
      `INSERT INTO audit_events (report_id, seq, at, actor_id, action, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [reportId, seq, at, actorId, action, JSON.stringify(clean), prevHash, hash],
    );
  }

  /** Appends in a transaction of its own (refusals, which must be kept although the request fails). */
  async record<A extends AuditAction>(reportId: string, actorId: string | null, action: A, details: AuditDetailsOf[A]): Promise<void> {
    await this.db.transaction((tx) => this.append(tx, reportId, actorId, action, details));
  }

  /** Like `record`, for callers that must not fail because the audit could not be written. */
  recordInBackground<A extends AuditAction>(reportId: string, actorId: string | null, action: A, details: AuditDetailsOf[A]): void {
    this.record(reportId, actorId, action, details).catch((err: unknown) =>
      this.logger.error(`recording ${action} on ${reportId} failed: ${String(err)}`),
    );
  }

  async list(reportId: string): Promise<AuditEventDto[]> {
    const rows: AuditRow[] = await this.db.query(
      `SELECT a.seq, a.at, a.actor_id, u.display_name AS actor_name, a.action, a.details, a.prev_hash, a.hash
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
        WHERE a.report_id = $1 ORDER BY a.seq DESC LIMIT $2`,
      [reportId, LIMITS.auditPageMax],
    );
    return rows.reverse().map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actor: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      details: r.details,
      hash: r.hash,
      prevHash: r.prev_hash,
    }));
  }

  /**
   * Recomputes the chain from the first event and checks every signature against its version.
   * Reports the first event whose link or hash does not match.
   */
  async verify(reportId: string, manager: EntityManager = this.db.manager): Promise<AuditVerifyDto> {
    const rows: AuditRow[] = await manager.query(
      `SELECT seq, at, actor_id, action, details, prev_hash, hash
         FROM audit_events WHERE report_id = $1 ORDER BY seq`,
      [reportId],
    );
    let prevHash = AUDIT_GENESIS;
    let expectedSeq = 1;
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return { ok: false, events: rows.length, brokenAt: r.seq, problem: `event ${expectedSeq} is missing` };
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, events: rows.length, brokenAt: r.seq, problem: 'the link to the previous event does not match' };
      }
      const hash = await auditEventHash(prevHash, {
        reportId,
        seq: r.seq,
        at: r.at.toISOString(),
        actor: r.actor_id,
        action: r.action,
        details: r.details,
      });
      if (hash !== r.hash) {
        return { ok: false, events: rows.length, brokenAt: r.seq, problem: 'the event was changed after it was recorded' };
      }
      prevHash = r.hash;
      expectedSeq += 1;
    }
    const signatureProblem = await this.verifySignatures(reportId, manager, rows);
    if (signatureProblem) return { ok: false, events: rows.length, problem: signatureProblem };
    return { ok: true, events: rows.length };
  }

  /**
   * Each signature must be bound (binding hash) to this report, its version and that version's
   * content, and must have been recorded in the chain by its approve event.
   */
  private async verifySignatures(reportId: string, manager: EntityManager, events: AuditRow[]): Promise<string | undefined> {
    const sigs: {
      id: string;
      report_id: string;
      version_id: string;
      signer_id: string;
      meaning: string;
      signed_at: Date;
      content_hash: string;
      binding_hash: string;
      title: string | null;
      superseded_at: Date | null;
      version_report: string | null;
      version_hash: string | null;
      report_title: string;
      report_state: string;
    }[] = await manager.query(
      `SELECT s.id, s.report_id, s.version_id, s.signer_id, s.meaning, s.signed_at, s.content_hash, s.binding_hash,
              s.title, s.superseded_at, v.report_id AS version_report, v.content_hash AS version_hash,
              r.title AS report_title, r.state AS report_state
         FROM signatures s LEFT JOIN report_versions v ON v.id = s.version_id JOIN reports r ON r.id = s.report_id
        WHERE s.report_id = $1 ORDER BY s.signed_at`,
      [reportId],
    );
    const signedInChain = new Map<string, unknown>();
    for (const e of events) {
      const sig = e.details.signature as { id?: string; bindingHash?: string } | undefined;
      if (e.action === 'approve' && sig?.id) signedInChain.set(sig.id, sig.bindingHash);
    }
    for (const s of sigs) {
      const binding = await signatureHash({
        reportId,
        versionId: s.version_id,
        signer: s.signer_id,
        meaning: s.meaning,
        signedAt: s.signed_at.toISOString(),
        contentHash: s.content_hash,
        title: s.title,
      });
      if (binding !== s.binding_hash || s.version_report !== reportId || s.version_hash !== s.content_hash) {
        return `signature ${s.id} does not belong to this report's version and content`;
      }
      if (signedInChain.get(s.id) !== s.binding_hash) {
        return `signature ${s.id} is not the one recorded in the audit trail`;
      }
      // The approval in force signed the title the report carries.
      if (s.superseded_at === null && s.report_state === 'approved' && s.title !== null && s.title !== s.report_title) {
        return `the report's title changed after signature ${s.id} approved it`;
      }
    }
    return undefined;
  }
}
