import { Injectable } from '@nestjs/common';
import {
  contentBlocks,
  contentHash,
  diffBlocks,
  type DiffDto,
  LIMITS,
  mayRestoreVersion,
  maySaveVersion,
  plainText,
  type ReportDto,
  type VersionDetailDto,
  type VersionDto,
  type VersionReason,
} from '@review/shared';
import { DataSource, type EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { AuditService } from '../audit/index.js';
import { CollabService } from '../collab/index.js';
import { conflict, forbidden, notFound } from '../common/app-error.js';
import type { AuthUser } from '../common/auth-context.js';
import { DomainEvents, ReportActivity, ReportContentReplaced, ReportEditsClosing } from '../common/domain-events.js';
import { txQuery } from '../common/sql.js';
import { lockForAccess, type ReportAccessRow, ReportsService } from '../reports/index.js';
import { docFromState, insertVersion, toVersionDto, type VersionRow } from './version-rows.js';

/**
 * Versions of a report (full Yjs state, canonical content, hash), the diff between two of them
 * (or one and now), and restoring one as a new edit on top of the history.
 */
@Injectable()
export class VersionsService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly collab: CollabService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Keeps `doc` (the document as committed, read under the report's row lock) as the next
   * version, with its audit event, inside the caller's transaction.
   */
  async record(
    tx: EntityManager,
    report: ReportAccessRow,
    userId: string,
    doc: Y.Doc,
    reason: VersionReason,
    label: string | null,
  ): Promise<VersionDto> {
    const version = await insertVersion(tx, report.id, userId, doc, report.logSeq, reason, label);
    await this.audit.append(tx, report.id, userId, 'version', {
      versionId: version.id,
      number: version.number,
      reason,
      ...(label ? { label } : {}),
      contentHash: version.contentHash,
    });
    return version;
  }

  async list(reportId: string, user: AuthUser): Promise<VersionDto[]> {
    await this.reports.findVisible(reportId, user);
    const rows: VersionRow[] = await this.db.query(
      `SELECT v.id, v.number, v.label, v.reason, v.content_hash, v.created_by, u.display_name AS created_by_name, v.created_at
         FROM report_versions v JOIN users u ON u.id = v.created_by
        WHERE v.report_id = $1 ORDER BY v.number DESC`,
      [reportId],
    );
    return rows.map(toVersionDto);
  }

  async get(reportId: string, versionId: string, user: AuthUser): Promise<VersionDetailDto> {
    await this.reports.findVisible(reportId, user);
    const { row, doc } = await this.load(reportId, versionId);
    try {
      return { ...toVersionDto(row), blocks: contentBlocks(doc), text: plainText(doc) };
    } finally {
      doc.destroy();
    }
  }

  /** A version on demand, with a label: the author, the reviewer or an admin. */
  async create(reportId: string, label: string, user: AuthUser): Promise<VersionDto> {
    const { report, role } = await this.reports.standing(reportId, user);
    if (!maySaveVersion(report, { id: user.id, isAdmin: user.isAdmin, role })) {
      await this.audit.record(reportId, user.id, 'denied', { attempt: 'version', reason: 'forbidden', via: 'http' });
      throw forbidden('Only the author, the reviewer or an admin may save a version');
    }
    const created = await this.db.transaction(async (tx) => {
      const { report: locked } = await lockForAccess(txQuery(tx), reportId, user.id);
      const count: { n: string }[] = await tx.query('SELECT count(*) AS n FROM report_versions WHERE report_id = $1', [reportId]);
      if (Number(count[0]?.n ?? 0) >= LIMITS.versionsPerReport) {
        throw conflict(`A report keeps at most ${LIMITS.versionsPerReport} versions`);
      }
      return this.collab.withStoredDocument(reportId, (doc) => this.record(tx, locked, user.id, doc, 'manual', label), tx);
    });
    this.events.publish(new ReportActivity(reportId));
    return created;
  }

  async diff(reportId: string, from: string, to: string, user: AuthUser): Promise<DiffDto> {
    await this.reports.findVisible(reportId, user);
    const older = await this.load(reportId, from);
    try {
      if (to === 'current') {
        return await this.collab.withStoredDocument(reportId, (current) => ({
          from: { id: older.row.id, number: older.row.number },
          to: 'current' as const,
          blocks: diffBlocks(contentBlocks(older.doc), contentBlocks(current)),
        }));
      }
      const newer = await this.load(reportId, to);
      try {
        return {
          from: { id: older.row.id, number: older.row.number },
          to: { id: newer.row.id, number: newer.row.number },
          blocks: diffBlocks(contentBlocks(older.doc), contentBlocks(newer.doc)),
        };
      } finally {
        newer.doc.destroy();
      }
    } finally {
      older.doc.destroy();
    }
  }

  /**
   * Makes the document look like the version again, as a new edit on top of the current one
   * (the log and earlier versions stay as they are). The current content is kept as a version
   * first, so a restore can itself be undone. Needs edit access in the current state.
   */
  async restore(reportId: string, versionId: string, user: AuthUser): Promise<ReportDto> {
    await this.reports.standing(reportId, user);
    await this.events.publishAndWait(new ReportEditsClosing(reportId));
    let update: Uint8Array | undefined;
    let denied: string | undefined;
    await this.db.transaction(async (tx) => {
      const standing = await lockForAccess(txQuery(tx), reportId, user.id);
      if (!mayRestoreVersion(standing.report, { id: user.id, isAdmin: user.isAdmin, role: standing.role })) {
        denied = `Restoring needs edit access; in this state you have ${standing.access} access`;
        return;
      }
      const target = await this.load(reportId, versionId, tx);
      try {
        await this.collab.withStoredDocument(
          reportId,
          async (current) => {
            const before = await this.record(tx, standing.report, user.id, current, 'restore', null);
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
            await this.collab.storeServerUpdate(tx, reportId, user.id, update);
            const hash = await contentHash(current);
            await tx.query('UPDATE reports SET content_hash = $2 WHERE id = $1', [reportId, hash]);
            await this.audit.append(tx, reportId, user.id, 'restore', {
              versionId: target.row.id,
              versionNumber: target.row.number,
              savedAsVersion: before.number,
              contentHash: hash,
            });
          },
          tx,
        );
      } finally {
        target.doc.destroy();
      }
    });
    if (denied) {
      await this.audit.record(reportId, user.id, 'denied', { attempt: 'restore', reason: 'no_edit_access', via: 'http' });
      throw forbidden(denied);
    }
    if (update) this.events.publish(new ReportContentReplaced(reportId, update));
    this.events.publish(new ReportActivity(reportId));
    return this.reports.get(reportId, user);
  }

  private async load(reportId: string, versionId: string, manager: EntityManager = this.db.manager) {
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
}
