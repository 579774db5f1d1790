import { Injectable } from '@nestjs/common';
import {
  type Actor,
  checkWholeReport,
  contentBlocks,
  contentHash,
  relationOf,
  type ReportDto,
  type SignatureDto,
  type AuditAnchorDto,
  signatureHash,
  TRANSITIONS,
  type TransitionDetails,
  type TransitionInput,
  type WorkflowAction,
} from '@review/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { AuthService } from '../auth/index.js';
import { CollabService } from '../collab/index.js';
import {
  AppError,
  checksFailed,
  contentChanged,
  forbidden,
  invalidCredentials,
  invalidTransition,
  staleRevision,
  validationFailed,
} from '../common/app-error.js';
import type { AuthUser } from '../common/auth-context.js';
import { DomainEvents, ReportAccessChanged, ReportEditsClosing } from '../common/domain-events.js';
import { returnedRows, txQuery } from '../common/sql.js';
import { NotificationsService } from '../notifications/index.js';
import { lockForAccess, type ReportAccessRow, ReportsService } from '../reports/index.js';
import { VersionsService } from '../versions/index.js';

export const SIGNATURE_MEANING = 'approved';

/** The signature in force, as the Word export's sign-off page shows it. */
export interface SignatureInForce {
  signerName: string;
  signedAt: Date;
  versionNumber: number;
  contentHash: string;
  anchor: AuditAnchorDto | null;
}

interface AnchorColumns {
  anchor_events: number | null;
  anchor_head_hash: string | null;
  anchor_key_id: string | null;
  anchor_signature: string | null;
}

const ANCHOR_COLUMNS = 's.anchor_events, s.anchor_head_hash, s.anchor_key_id, s.anchor_signature';

function anchorOf(r: AnchorColumns): AuditAnchorDto | null {
  if (r.anchor_events === null || r.anchor_head_hash === null || r.anchor_key_id === null || r.anchor_signature === null) return null;
  return { events: Number(r.anchor_events), headHash: r.anchor_head_hash, keyId: r.anchor_key_id, signature: r.anchor_signature };
}

/**
 * Workflow transitions, with the signed approval. Every transition runs in one transaction that
 * holds the report's row lock, the same lock the update writer takes, so an edit either commits
 * before a transition (and is part of what is checked and signed) or is checked against the new
 * state and refused.
 */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly collab: CollabService,
    private readonly versions: VersionsService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly notifications: NotificationsService,
    private readonly events: DomainEvents,
  ) {}

  async transition(reportId: string, input: TransitionInput, user: AuthUser): Promise<ReportDto> {
    const { report, role } = await this.reports.standing(reportId, user);
    const actor: Actor = { id: user.id, isAdmin: user.isAdmin, role };
    const relation = relationOf(report, actor);
    const action = input.action;
    const rule = TRANSITIONS[action];
    const byRole = (relation !== null && rule.by.includes(relation)) || (user.isAdmin && rule.by.includes('admin'));
    if (!byRole || (action === 'approve' && report.authorId === user.id)) {
      await this.audit.record(reportId, user.id, 'denied', { attempt: action, reason: 'forbidden', via: 'http' });
      throw forbidden(
        action === 'approve' && report.authorId === user.id
          ? 'The author cannot approve their own report'
          : `Only the ${rule.by.join(' or ')} may ${action.replace('_', ' ')} this report`,
      );
    }
    this.requireInput(input);
    if (action === 'approve' && !(await this.auth.verifyPassword(user, input.password ?? ''))) {
      await this.audit.record(reportId, user.id, 'denied', { attempt: 'approve', reason: 'invalid_credentials', via: 'http' });
      throw invalidCredentials('The password is not correct');
    }

    // Edits made until now are closed into their sessions, so that the trail reads in order.
    await this.events.publishAndWait(new ReportEditsClosing(reportId));
    let notify: string[] = [];
    await this.db.transaction(async (tx) => {
      const { report: locked } = await lockForAccess(txQuery(tx), reportId, user.id);
      if (locked.revision !== input.expectedRevision) throw staleRevision(locked.revision);
      if (!rule.from.includes(locked.state)) {
        throw invalidTransition(`A report that is ${locked.state.replace('_', ' ')} cannot be ${pastTense(action)}`);
      }
      if (action === 'submit' && !locked.reviewerId) {
        throw invalidTransition('Choose a reviewer before submitting the report');
      }
      const details: TransitionDetails = { from: locked.state, to: rule.to };
      if (input.message) details.message = input.message;
      if (input.overrideReason) details.overrideReason = input.overrideReason;
      let newHash: string | undefined;

      if (action === 'submit' || action === 'approve') {
        await this.collab.withStoredDocument(
          reportId,
          async (doc) => {
            if (action === 'submit') {
              const problems = checkWholeReport(locked.title, contentBlocks(doc));
              if (problems.length > 0 && !input.overrideReason) throw checksFailed(problems);
              if (problems.length > 0) details.overriddenProblems = problems.length;
            }
            newHash = await contentHash(doc);
            if (action === 'approve' && newHash !== input.contentHash) throw contentChanged(newHash);
            if (action === 'approve') await this.refuseOpenThreads(tx, reportId);
            const version = await this.versions.record(tx, locked, user.id, doc, action, null);
            details.versionId = version.id;
            details.versionNumber = version.number;
            details.contentHash = version.contentHash;
            if (action === 'approve') details.signature = await this.sign(tx, locked, user.id, version.id, version.contentHash);
          },
          tx,
        );
      }
      if (action === 'reopen') {
        const superseded = returnedRows<{ id: string }>(
          await tx.query(`UPDATE signatures SET superseded_at = now() WHERE report_id = $1 AND superseded_at IS NULL RETURNING id`, [
            reportId,
          ]),
        );
        details.supersededSignatures = superseded.map((s) => s.id);
      }
      // Each submission says afresh whether it overrode failed checks, and why: the reviewer reads it with the report.
      const overridden = details.overriddenProblems ? { reason: details.overrideReason, problems: details.overriddenProblems } : null;
      await tx.query(
        `UPDATE reports SET state = $2, revision = revision + 1, updated_at = now(),
                content_hash = COALESCE($3, content_hash),
                override_reason = CASE WHEN $4::boolean THEN $5::text ELSE override_reason END,
                overridden_problems = CASE WHEN $4::boolean THEN $6::integer ELSE overridden_problems END
          WHERE id = $1`,
        [reportId, rule.to, newHash ?? null, action === 'submit', overridden?.reason ?? null, overridden?.problems ?? null],
      );
      const head = await this.audit.append(tx, reportId, user.id, action, details);
      const signatureId = (details.signature as { id?: string } | undefined)?.id;
      if (signatureId) {
        // The approval's anchor: the chain as it stands with the approve event, signed by the server.
        await tx.query(
          `UPDATE signatures SET anchor_events = $2, anchor_head_hash = $3, anchor_key_id = $4, anchor_signature = $5 WHERE id = $1`,
          [signatureId, head.events, head.headHash, head.keyId, head.signature],
        );
      }
      // The author hears of every move of their report; the reviewer of a submission.
      const told = new Set([locked.authorId, ...(action === 'submit' && locked.reviewerId ? [locked.reviewerId] : [])]);
      told.delete(user.id);
      notify = await this.notifications.create(
        tx,
        [...told].map((userId) => ({ userId, kind: 'state', reportId, actorId: user.id, text: rule.to })),
      );
    });
    // Every open copy of the report, on every node, learns its new access at once.
    await this.events.publishAndWait(new ReportAccessChanged(reportId));
    await this.notifications.deliver(notify);
    return this.reports.get(reportId, user);
  }

  async signatures(reportId: string, user: AuthUser): Promise<SignatureDto[]> {
    await this.reports.findVisible(reportId, user);
    const rows: (AnchorColumns & {
      id: string;
      signer_id: string;
      signer_name: string;
      meaning: 'approved';
      signed_at: Date;
      version_id: string;
      number: number;
      content_hash: string;
      superseded_at: Date | null;
    })[] = await this.db.query(
      `SELECT s.id, s.signer_id, u.display_name AS signer_name, s.meaning, s.signed_at, s.version_id, v.number,
              s.content_hash, s.superseded_at, ${ANCHOR_COLUMNS}
         FROM signatures s JOIN users u ON u.id = s.signer_id JOIN report_versions v ON v.id = s.version_id
        WHERE s.report_id = $1 ORDER BY s.signed_at DESC`,
      [reportId],
    );
    return rows.map((r) => ({
      id: r.id,
      signer: r.signer_id,
      signerName: r.signer_name,
      meaning: r.meaning,
      signedAt: r.signed_at.toISOString(),
      versionId: r.version_id,
      versionNumber: r.number,
      contentHash: r.content_hash,
      superseded: r.superseded_at !== null,
      supersededAt: r.superseded_at?.toISOString() ?? null,
      anchor: anchorOf(r),
    }));
  }

  /** The signature in force (the latest one not superseded by a reopen), for the sign-off page. */
  async signatureInForce(reportId: string): Promise<SignatureInForce | undefined> {
    const rows: (AnchorColumns & { signer_name: string; signed_at: Date; number: number; content_hash: string })[] = await this.db.query(
      `SELECT u.display_name AS signer_name, s.signed_at, v.number, s.content_hash, ${ANCHOR_COLUMNS}
         FROM signatures s JOIN users u ON u.id = s.signer_id JOIN report_versions v ON v.id = s.version_id
        WHERE s.report_id = $1 AND s.superseded_at IS NULL
        ORDER BY s.signed_at DESC LIMIT 1`,
      [reportId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      signerName: row.signer_name,
      signedAt: row.signed_at,
      versionNumber: row.number,
      contentHash: row.content_hash,
      anchor: anchorOf(row),
    };
  }

  private requireInput(input: TransitionInput): void {
    if (input.action === 'request_changes' && !input.message) {
      throw validationFailed([{ path: 'message', message: 'say what needs to change' }]);
    }
    if (input.action === 'approve') {
      const issues = [];
      if (!input.contentHash) issues.push({ path: 'contentHash', message: 'the content hash you reviewed is required' });
      if (!input.password) issues.push({ path: 'password', message: 'enter your password to sign' });
      if (issues.length > 0) throw validationFailed(issues);
    }
  }

  /** Approval needs every comment thread resolved. */
  private async refuseOpenThreads(tx: EntityManager, reportId: string): Promise<void> {
    const open: { n: string }[] = await tx.query(
      `SELECT count(*) AS n FROM comment_threads WHERE report_id = $1 AND status = 'open'`,
      [reportId],
    );
    const n = Number(open[0]?.n ?? 0);
    if (n > 0) throw new AppError('open_threads', 409, `${n} comment thread(s) are still open; resolve them first`, { open: n });
  }

  /** The approval's signature: bound to the report, its version and content, its title, the signer and the time. */
  private async sign(
    tx: EntityManager,
    report: ReportAccessRow,
    signer: string,
    versionId: string,
    hash: string,
  ): Promise<Record<string, unknown>> {
    const signedAt = new Date(Date.now());
    const bindingHash = await signatureHash({
      reportId: report.id,
      versionId,
      signer,
      meaning: SIGNATURE_MEANING,
      signedAt: signedAt.toISOString(),
      contentHash: hash,
      title: report.title,
    });
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO signatures (report_id, version_id, signer_id, meaning, signed_at, content_hash, binding_hash, title)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [report.id, versionId, signer, SIGNATURE_MEANING, signedAt, hash, bindingHash, report.title],
    );
    return {
      id: rows[0]?.id,
      meaning: SIGNATURE_MEANING,
      signedAt: signedAt.toISOString(),
      versionId,
      contentHash: hash,
      title: report.title,
      bindingHash,
    };
  }
}

function pastTense(action: WorkflowAction): string {
  return { submit: 'submitted', withdraw: 'withdrawn', request_changes: 'sent back', approve: 'approved', reopen: 'reopened' }[action];
}
