import { Injectable } from '@nestjs/common';
import {
  type Access,
  accessFor,
  contentBlocks,
  contentHash,
  diffBlocks,
  type DiffDto,
  LIMITS,
  plainText,
  type ReportDto,
  type ReportRelation,
  type ReportState,
  relationTo,
  type SignatureDto,
  signatureHash,
  TRANSITIONS,
  type TransitionInput,
  type UpdateReportInput,
  type VersionDetailDto,
  type VersionDto,
  type VersionReason,
  type WorkflowAction,
} from '@review/shared';
import { DataSource, type EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { PasswordService } from '../auth/password.service.js';
import { CollabService } from '../collab/collab.service.js';
import { DocumentStore, returnedRows } from '../collab/document.store.js';
import {
  AppError,
  conflict,
  contentChanged,
  forbidden,
  invalidCredentials,
  invalidTransition,
  notFound,
  staleRevision,
  validationFailed,
} from '../common/app-error.js';
import { NotificationsService } from '../comments/notifications.service.js';
import { checksFailed, reportProblems } from '../content/report-checks.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { docFromState, insertVersion, toVersionDto, type VersionRow } from './versions.js';

export const SIGNATURE_MEANING = 'approved';

interface LockedReport {
  id: string;
  teamId: string;
  state: ReportState;
  authorId: string;
  reviewerId: string | null;
  revision: number;
  logSeq: string;
}

/**
 * Workflow transitions (with the signed approval), versions, diff and restore. Every change runs
 * in one transaction that holds the report's row lock, the same lock the update writer takes, so
 * an edit either commits before a transition (and is part of what is checked and signed) or is
 * checked against the new state and refused.
 */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly teams: TeamsService,
    private readonly documents: DocumentStore,
    private readonly audit: AuditService,
    private readonly collab: CollabService,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottle,
    private readonly notifications: NotificationsService,
  ) {}

  /** How the user stands towards the report (null: an admin who is not in the team). 404 if not visible. */
  private async relation(reportId: string, user: AuthUser) {
    const report = await this.reports.findVisible(reportId, user);
    const role = await this.teams.roleOf(report.teamId, user.id);
    const relation: ReportRelation | null = role ? relationTo(report, user.id, role) : null;
    return { report, relation };
  }

  private async lock(tx: EntityManager, reportId: string): Promise<LockedReport> {
    const rows: LockedReport[] = await tx.query(
      `SELECT id, team_id AS "teamId", state, author_id AS "authorId", reviewer_id AS "reviewerId", revision,
              log_seq AS "logSeq"
         FROM reports WHERE id = $1 FOR UPDATE`,
      [reportId],
    );
    const row = rows[0];
    if (!row) throw notFound('Report');
    return row;
  }

  // ---- transitions ------------------------------------------------------------------------

  async transition(reportId: string, input: TransitionInput, user: AuthUser, ip: string): Promise<ReportDto> {
    const { report, relation } = await this.relation(reportId, user);
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
    if (action === 'approve') await this.checkPassword(reportId, user, input.password ?? '', ip);

    // Edits made until now are closed into their sessions, so that the trail reads in order.
    await this.collab.closeEditSessions(reportId);
    let notify: string[] = [];
    await this.db.transaction(async (tx) => {
      const locked = await this.lock(tx, reportId);
      if (locked.revision !== input.expectedRevision) throw staleRevision(locked.revision);
      if (!rule.from.includes(locked.state)) {
        throw invalidTransition(`A report that is ${locked.state.replace('_', ' ')} cannot be ${pastTense(action)}`);
      }
      if (action === 'submit' && !locked.reviewerId) {
        throw invalidTransition('Choose a reviewer before submitting the report');
      }
      const details: Record<string, unknown> = { from: locked.state, to: rule.to };
      if (input.message) details.message = input.message;
      if (input.overrideReason) details.overrideReason = input.overrideReason;
      let newHash: string | undefined;

      if (action === 'submit' || action === 'approve') {
        const doc = await this.documents.loadDoc(reportId, tx);
        try {
          if (action === 'submit') {
            const problems = reportProblems(doc);
            if (problems.length > 0 && !input.overrideReason) throw checksFailed(problems);
            if (problems.length > 0) details.overriddenProblems = problems.length;
          }
          newHash = await contentHash(doc);
          if (action === 'approve' && newHash !== input.contentHash) throw contentChanged(newHash);
          if (action === 'approve') await this.refuseOpenThreads(tx, reportId);
          const version = await insertVersion(tx, reportId, user.id, doc, Number(locked.logSeq), action, null);
          details.versionId = version.id;
          details.versionNumber = version.number;
          details.contentHash = version.contentHash;
          await this.audit.append(tx, reportId, user.id, 'version', {
            versionId: version.id,
            number: version.number,
            reason: action,
            contentHash: version.contentHash,
          });
          if (action === 'approve') details.signature = await this.sign(tx, reportId, user.id, version.id, version.contentHash);
        } finally {
          doc.destroy();
        }
      }
      if (action === 'reopen') {
        const superseded = returnedRows<{ id: string }>(
          await tx.query(`UPDATE signatures SET superseded_at = now() WHERE report_id = $1 AND superseded_at IS NULL RETURNING id`, [
            reportId,
          ]),
        );
        details.supersededSignatures = superseded.map((s) => s.id);
      }
      await tx.query(
        `UPDATE reports SET state = $2, revision = revision + 1, updated_at = now(),
                content_hash = COALESCE($3, content_hash)
          WHERE id = $1`,
        [reportId, rule.to, newHash ?? null],
      );
      await this.audit.append(tx, reportId, user.id, action, details);
      // The author hears of every move of their report; the reviewer of a submission.
      const told = new Set([locked.authorId, ...(action === 'submit' && locked.reviewerId ? [locked.reviewerId] : [])]);
      told.delete(user.id);
      notify = await this.notifications.create(
        tx,
        [...told].map((userId) => ({ userId, kind: 'state', reportId, actorId: user.id, text: rule.to })),
      );
    });
    // Every node re-reads the state and tells its sockets their new access at once.
    await this.collab.announceState(reportId);
    await this.notifications.deliver(notify);
    return this.reports.get(reportId, user);
  }

  /**
   * Renames the report or names another reviewer (the author or an admin, before approval).
   * A new reviewer changes who may edit, so every node re-reads the access at once.
   */
  async update(reportId: string, input: UpdateReportInput, user: AuthUser): Promise<ReportDto> {
    const { report, relation } = await this.relation(reportId, user);
    if (relation !== 'author' && !user.isAdmin) {
      await this.audit.record(reportId, user.id, 'denied', { attempt: 'update', reason: 'forbidden', via: 'http' });
      throw forbidden('Only the author or an admin may change the title or the reviewer');
    }
    if (input.reviewerId) {
      const role = await this.teams.roleOf(report.teamId, input.reviewerId);
      if (role !== 'supervisor' || input.reviewerId === report.authorId) {
        throw validationFailed([{ path: 'reviewerId', message: 'must be a supervisor of the team other than the author' }]);
      }
    }
    await this.db.transaction(async (tx) => {
      const locked = await this.lock(tx, reportId);
      if (locked.revision !== input.expectedRevision) throw staleRevision(locked.revision);
      if (locked.state === 'approved') throw invalidTransition('An approved report cannot be changed; reopen it first');
      if (input.reviewerId !== undefined && locked.state === 'in_review') {
        throw invalidTransition('The reviewer cannot change while the report is in review; withdraw it first');
      }
      const details: Record<string, unknown> = {};
      if (input.title !== undefined) details.title = input.title;
      if (input.reviewerId !== undefined) details.reviewerId = input.reviewerId;
      await tx.query(
        `UPDATE reports SET title = COALESCE($2, title),
                reviewer_id = CASE WHEN $3 THEN $4::uuid ELSE reviewer_id END,
                revision = revision + 1, updated_at = now()
          WHERE id = $1`,
        [reportId, input.title ?? null, input.reviewerId !== undefined, input.reviewerId ?? null],
      );
      await this.audit.append(tx, reportId, user.id, 'update', details);
    });
    await this.collab.announceState(reportId);
    return this.reports.get(reportId, user);
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

  /** Step-up authentication for the signature; failures count like failed logins. */
  private async checkPassword(reportId: string, user: AuthUser, password: string, ip: string): Promise<void> {
    const attempt = await this.throttle.begin(user.username, ip);
    const rows: { password_hash: string }[] = await this.db.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    if (await this.passwords.verify(rows[0]?.password_hash, password)) return this.throttle.succeeded(attempt);
    await this.audit.record(reportId, user.id, 'denied', { attempt: 'approve', reason: 'invalid_credentials', via: 'http' });
    throw invalidCredentials('The password is not correct');
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

  private async sign(
    tx: EntityManager,
    reportId: string,
    signer: string,
    versionId: string,
    hash: string,
  ): Promise<Record<string, unknown>> {
    const signedAt = new Date(Date.now());
    const bindingHash = await signatureHash({
      reportId,
      versionId,
      signer,
      meaning: SIGNATURE_MEANING,
      signedAt: signedAt.toISOString(),
      contentHash: hash,
    });
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO signatures (report_id, version_id, signer_id, meaning, signed_at, content_hash, binding_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [reportId, versionId, signer, SIGNATURE_MEANING, signedAt, hash, bindingHash],
    );
    return { id: rows[0]?.id, meaning: SIGNATURE_MEANING, signedAt: signedAt.toISOString(), versionId, contentHash: hash, bindingHash };
  }

  async signatures(reportId: string, user: AuthUser): Promise<SignatureDto[]> {
    await this.reports.findVisible(reportId, user);
    const rows: {
      id: string;
      signer_id: string;
      signer_name: string;
      meaning: 'approved';
      signed_at: Date;
      version_id: string;
      number: number;
      content_hash: string;
      superseded_at: Date | null;
    }[] = await this.db.query(
      `SELECT s.id, s.signer_id, u.display_name AS signer_name, s.meaning, s.signed_at, s.version_id, v.number,
              s.content_hash, s.superseded_at
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
    }));
  }

  // ---- versions ---------------------------------------------------------------------------

  async versions(reportId: string, user: AuthUser): Promise<VersionDto[]> {
    await this.reports.findVisible(reportId, user);
    const rows: VersionRow[] = await this.db.query(
      `SELECT v.id, v.number, v.label, v.reason, v.content_hash, v.created_by, u.display_name AS created_by_name, v.created_at
         FROM report_versions v JOIN users u ON u.id = v.created_by
        WHERE v.report_id = $1 ORDER BY v.number DESC`,
      [reportId],
    );
    return rows.map(toVersionDto);
  }

  async version(reportId: string, versionId: string, user: AuthUser): Promise<VersionDetailDto> {
    await this.reports.findVisible(reportId, user);
    const { row, doc } = await this.loadVersion(reportId, versionId);
    try {
      return { ...toVersionDto(row), blocks: contentBlocks(doc), text: plainText(doc) };
    } finally {
      doc.destroy();
    }
  }

  /** A version on demand, with a label. The author, the reviewer and admins may make one. */
  async createVersion(reportId: string, label: string, user: AuthUser): Promise<VersionDto> {
    const { relation } = await this.relation(reportId, user);
    if (!user.isAdmin && relation !== 'author' && relation !== 'reviewer') {
      await this.audit.record(reportId, user.id, 'denied', { attempt: 'version', reason: 'forbidden', via: 'http' });
      throw forbidden('Only the author, the reviewer or an admin may save a version');
    }
    const created = await this.db.transaction(async (tx) => {
      const locked = await this.lock(tx, reportId);
      const count: { n: string }[] = await tx.query('SELECT count(*) AS n FROM report_versions WHERE report_id = $1', [reportId]);
      if (Number(count[0]?.n ?? 0) >= LIMITS.versionsPerReport) {
        throw conflict(`A report keeps at most ${LIMITS.versionsPerReport} versions`);
      }
      return this.snapshot(tx, locked, user.id, 'manual', label);
    });
    this.collab.emitActivity(reportId);
    return created;
  }

  private async snapshot(tx: EntityManager, locked: LockedReport, userId: string, reason: VersionReason, label: string | null) {
    const doc = await this.documents.loadDoc(locked.id, tx);
    try {
      const version = await insertVersion(tx, locked.id, userId, doc, Number(locked.logSeq), reason, label);
      await this.audit.append(tx, locked.id, userId, 'version', {
        versionId: version.id,
        number: version.number,
        reason,
        ...(label ? { label } : {}),
        contentHash: version.contentHash,
      });
      return version;
    } finally {
      doc.destroy();
    }
  }

  private async loadVersion(reportId: string, versionId: string, manager: EntityManager = this.db.manager) {
    const rows: (VersionRow & { state: Buffer })[] = await manager.query(
      `SELECT v.id, v.number, v.label, v.reason, v.content_hash, v.created_by, u.display_name AS created_by_name,
              v.created_at, v.state
         FROM report_versions v JOIN users u ON u.id = v.created_by
        WHERE v.id = $1 AND v.report_id = $2`,
      [versionId, reportId],
    );
    const row = rows[0];
    if (!row) throw notFound('Version');
    return { row, doc: docFromState(new Uint8Array(row.state)) };
  }

  async diff(reportId: string, from: string, to: string, user: AuthUser): Promise<DiffDto> {
    await this.reports.findVisible(reportId, user);
    const older = await this.loadVersion(reportId, from);
    const newer = to === 'current' ? { row: undefined, doc: await this.documents.loadDoc(reportId) } : await this.loadVersion(reportId, to);
    try {
      return {
        from: { id: older.row.id, number: older.row.number },
        to: newer.row ? { id: newer.row.id, number: newer.row.number } : 'current',
        blocks: diffBlocks(contentBlocks(older.doc), contentBlocks(newer.doc)),
      };
    } finally {
      older.doc.destroy();
      newer.doc.destroy();
    }
  }

  /**
   * Makes the document look like the version again, as a new edit on top of the current one
   * (the log and earlier versions stay as they are). The current content is kept as a version
   * first, so a restore can itself be undone. Needs edit access in the current state.
   */
  async restore(reportId: string, versionId: string, user: AuthUser): Promise<ReportDto> {
    const { relation } = await this.relation(reportId, user);
    await this.collab.closeEditSessions(reportId);
    let update: Uint8Array | undefined;
    let denied: string | undefined;
    await this.db.transaction(async (tx) => {
      const locked = await this.lock(tx, reportId);
      const access: Access = relation === null ? 'view' : accessFor(locked.state, relation);
      if (access !== 'edit') {
        denied = `Restoring needs edit access; in this state you have ${access} access`;
        return;
      }
      const target = await this.loadVersion(reportId, versionId, tx);
      const current = await this.documents.loadDoc(reportId, tx);
      try {
        const before = await this.snapshot(tx, locked, user.id, 'restore', null);
        const vector = Y.encodeStateVector(current);
        const fragment = current.getXmlFragment('default');
        const source = target.doc.getXmlFragment('default');
        current.transact(() => {
          fragment.delete(0, fragment.length);
          fragment.insert(
            0,
            source.toArray().map((node) => (node as Y.XmlElement | Y.XmlText).clone()),
          );
        });
        update = Y.encodeStateAsUpdate(current, vector);
        await this.documents.appendServerUpdate(tx, reportId, user.id, update);
        const hash = await contentHash(current);
        await tx.query('UPDATE reports SET content_hash = $2 WHERE id = $1', [reportId, hash]);
        await this.audit.append(tx, reportId, user.id, 'restore', {
          versionId: target.row.id,
          versionNumber: target.row.number,
          savedAsVersion: before.number,
          contentHash: hash,
        });
      } finally {
        target.doc.destroy();
        current.destroy();
      }
    });
    if (denied) {
      await this.audit.record(reportId, user.id, 'denied', { attempt: 'restore', reason: 'no_edit_access', via: 'http' });
      throw forbidden(denied);
    }
    if (update) this.collab.applyServerUpdate(reportId, update);
    this.collab.emitActivity(reportId);
    return this.reports.get(reportId, user);
  }
}

function pastTense(action: WorkflowAction): string {
  return { submit: 'submitted', withdraw: 'withdrawn', request_changes: 'sent back', approve: 'approved', reopen: 'reopened' }[action];
}
