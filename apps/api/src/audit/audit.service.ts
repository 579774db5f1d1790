import { Injectable, Logger } from '@nestjs/common';
import {
  AUDIT_GENESIS,
  type AuditAction,
  type AuditDetailsOf,
  type AuditEventDto,
  type AuditKeysDto,
  auditEventHash,
  type AuditVerifyDto,
  LIMITS,
  signatureHash,
} from '@review/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditSigner, type SignedHead } from '../common/audit-signer.js';
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

  constructor(
    private readonly db: DataSource,
    private readonly signer: AuditSigner,
  ) {}

  /**
   * Appends inside the caller's transaction: the event commits or rolls back with the change.
   * Returns the chain's new head as the server signed it.
   */
  async append<A extends AuditAction>(
    manager: EntityManager,
    reportId: string,
    actorId: string | null,
    action: A,
    details: AuditDetailsOf[A],
  ): Promise<SignedHead> {
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
    const head = this.signer.sign({ reportId, events: seq, headHash: hash });
    // The event and the chain's new signed head, in one statement.
    await manager.query(
      `WITH event AS (
         INSERT INTO audit_events (report_id, seq, at, actor_id, action, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       )
       INSERT INTO audit_heads (report_id, events, head_hash, key_id, signature, signed_at) VALUES ($1, $2, $8, $9, $10, $3)
       ON CONFLICT (report_id) DO UPDATE SET events = EXCLUDED.events, head_hash = EXCLUDED.head_hash,
         key_id = EXCLUDED.key_id, signature = EXCLUDED.signature, signed_at = EXCLUDED.signed_at`,
      [reportId, seq, at, actorId, action, JSON.stringify(clean), prevHash, hash, head.keyId, head.signature],
    );
    return head;
  }

  /** The server's signing key and the earlier ones it still trusts (public halves), for checking printed anchors. */
  keys(): AuditKeysDto {
    return this.signer.keys();
  }

  /** The report's chain head as the server signed it last (undefined for a report without events). */
  async signedHead(reportId: string, manager: EntityManager = this.db.manager): Promise<SignedHead | undefined> {
    const [row]: { events: number; head_hash: string; key_id: string; signature: string }[] = await manager.query(
      'SELECT events, head_hash, key_id, signature FROM audit_heads WHERE report_id = $1',
      [reportId],
    );
    return row ? { reportId, events: Number(row.events), headHash: row.head_hash, keyId: row.key_id, signature: row.signature } : undefined;
  }

  /**
   * Appends in a transaction of its own (refusals, which must be kept although the request fails;
   * edit sessions). The report's row is locked first (KEY SHARE, as the event's foreign key would
   * lock it later): writers hold the row (FOR UPDATE) before the audit lock, so taking them the
   * other way round would deadlock with them.
   */
  async record<A extends AuditAction>(reportId: string, actorId: string | null, action: A, details: AuditDetailsOf[A]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM reports WHERE id = $1 FOR KEY SHARE', [reportId]);
      await this.append(tx, reportId, actorId, action, details);
    });
  }

  /** Like `record`, for callers that must not fail because the audit could not be written. */
  recordInBackground<A extends AuditAction>(reportId: string, actorId: string | null, action: A, details: AuditDetailsOf[A]): void {
    this.record(reportId, actorId, action, details).catch((err: unknown) =>
      this.logger.error(`recording ${action} on ${reportId} failed: ${String(err)}`),
    );
  }

  /**
   * One page of the trail, oldest first: the latest `limit` events, or the latest before event
   * `before` (a cursor: the first seq of the page already shown).
   */
  async list(reportId: string, page: { before?: number; limit?: number } = {}): Promise<AuditEventDto[]> {
    const rows: AuditRow[] = await this.db.query(
      `SELECT a.seq, a.at, a.actor_id, u.display_name AS actor_name, a.action, a.details, a.prev_hash, a.hash
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
        WHERE a.report_id = $1 AND ($3::integer IS NULL OR a.seq < $3) ORDER BY a.seq DESC LIMIT $2`,
      [reportId, Math.min(page.limit ?? LIMITS.auditPageMax, LIMITS.auditPageMax), page.before ?? null],
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
    const headProblem = this.verifyHead(await this.signedHead(reportId, manager), rows);
    if (headProblem) return { ok: false, events: rows.length, problem: headProblem };
    const rowsProblem = await this.verifyDescribedRows(reportId, manager, rows);
    if (rowsProblem) return { ok: false, events: rows.length, ...rowsProblem };
    const signatureProblem = await this.verifySignatures(reportId, manager, rows);
    if (signatureProblem) return { ok: false, events: rows.length, problem: signatureProblem };
    return { ok: true, events: rows.length };
  }

  /**
   * The chain must end where the server last signed it: same count, same last hash, a signature
   * by a key the server trusts. A chain rewritten and re-hashed, or with its tail cut off,
   * does not; nor does one whose signed head was removed.
   */
  private verifyHead(head: SignedHead | undefined, rows: AuditRow[]): string | undefined {
    const last = rows[rows.length - 1];
    if (!head) return last ? 'the trail has no head signed by the server' : undefined;
    const checked = this.signer.check(head);
    if (checked === 'unknown_key') return `the trail's head is signed with a key this server does not trust (${head.keyId})`;
    if (!checked) return "the trail's head signature does not match it";
    if (!last || head.events !== rows.length || head.headHash !== last.hash) {
      return `the trail does not end where the server signed it (signed: ${head.events} events; found: ${rows.length})`;
    }
    return undefined;
  }

  /**
   * Events against the rows they describe: each version an event names exists for this report
   * with the content hash the event recorded, and an approval's actor is its signature's signer.
   */
  private async verifyDescribedRows(
    reportId: string,
    manager: EntityManager,
    events: AuditRow[],
  ): Promise<{ brokenAt: number; problem: string } | undefined> {
    const versions = new Map(
      (
        (await manager.query('SELECT id, content_hash FROM report_versions WHERE report_id = $1', [reportId])) as {
          id: string;
          content_hash: string;
        }[]
      ).map((v) => [v.id, v.content_hash]),
    );
    const signers = new Map(
      (
        (await manager.query('SELECT id, signer_id FROM signatures WHERE report_id = $1', [reportId])) as { id: string; signer_id: string }[]
      ).map((s) => [s.id, s.signer_id]),
    );
    for (const e of events) {
      const versionId = typeof e.details.versionId === 'string' ? e.details.versionId : undefined;
      if (versionId && ['submit', 'approve', 'version', 'restore'].includes(e.action)) {
        const hash = versions.get(versionId);
        if (hash === undefined) return { brokenAt: e.seq, problem: `the version the event names (${versionId}) does not exist` };
        if (e.action !== 'restore' && typeof e.details.contentHash === 'string' && e.details.contentHash !== hash) {
          return { brokenAt: e.seq, problem: 'the version the event names has other content than it recorded' };
        }
      }
      const signature = e.details.signature as { id?: string } | undefined;
      if (e.action === 'approve' && signature?.id && signers.get(signature.id) !== e.actor_id) {
        return { brokenAt: e.seq, problem: 'the approval was recorded for someone other than its signer' };
      }
    }
    return undefined;
  }

  /**
   * An approval's anchor (what its sign-off page prints): the head its approve event made, signed
   * by the server. Approvals from before anchors existed have none.
   */
  private checkAnchor(
    reportId: string,
    s: { anchor_events: number | null; anchor_head_hash: string | null; anchor_key_id: string | null; anchor_signature: string | null },
    approveEvent: AuditRow,
  ): string | undefined {
    if (s.anchor_events === null && s.anchor_head_hash === null && s.anchor_key_id === null && s.anchor_signature === null) {
      return undefined;
    }
    if (s.anchor_events === null || s.anchor_head_hash === null || s.anchor_key_id === null || s.anchor_signature === null) {
      return 'its anchor is incomplete';
    }
    const anchor = { reportId, events: Number(s.anchor_events), headHash: s.anchor_head_hash, keyId: s.anchor_key_id, signature: s.anchor_signature };
    const checked = this.signer.check(anchor);
    if (checked === 'unknown_key') return `its anchor is signed with a key this server does not trust (${anchor.keyId})`;
    if (!checked) return 'its anchor signature does not match';
    if (anchor.events !== approveEvent.seq || anchor.headHash !== approveEvent.hash) {
      return 'its anchor is not where the approval stands in the trail';
    }
    return undefined;
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
      anchor_events: number | null;
      anchor_head_hash: string | null;
      anchor_key_id: string | null;
      anchor_signature: string | null;
      version_report: string | null;
      version_hash: string | null;
      report_title: string;
      report_state: string;
    }[] = await manager.query(
      `SELECT s.id, s.report_id, s.version_id, s.signer_id, s.meaning, s.signed_at, s.content_hash, s.binding_hash,
              s.title, s.superseded_at, s.anchor_events, s.anchor_head_hash, s.anchor_key_id, s.anchor_signature,
              v.report_id AS version_report, v.content_hash AS version_hash,
              r.title AS report_title, r.state AS report_state
         FROM signatures s LEFT JOIN report_versions v ON v.id = s.version_id JOIN reports r ON r.id = s.report_id
        WHERE s.report_id = $1 ORDER BY s.signed_at`,
      [reportId],
    );
    const signedInChain = new Map<string, { bindingHash: unknown; event: AuditRow }>();
    for (const e of events) {
      const sig = e.details.signature as { id?: string; bindingHash?: string } | undefined;
      if (e.action === 'approve' && sig?.id) signedInChain.set(sig.id, { bindingHash: sig.bindingHash, event: e });
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
      const approval = signedInChain.get(s.id);
      if (!approval || approval.bindingHash !== s.binding_hash) {
        return `signature ${s.id} is not the one recorded in the audit trail`;
      }
      const anchorProblem = this.checkAnchor(reportId, s, approval.event);
      if (anchorProblem) return `signature ${s.id}: ${anchorProblem}`;
      // The approval in force signed the title the report carries.
      if (s.superseded_at === null && s.report_state === 'approved' && s.title !== null && s.title !== s.report_title) {
        return `the report's title changed after signature ${s.id} approved it`;
      }
    }
    return undefined;
  }
}
