import { Injectable } from '@nestjs/common';
import {
  contentHash,
  type DiffDto,
  LIMITS,
  mayRestoreVersion,
  maySaveVersion,
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
import { DocumentWork } from '../documents/index.js';
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
    private readonly work: DocumentWork,
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
    const version = await insertVersion(tx, report.id, userId, doc, report.logSeq, reason, label, report.title);
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

  /** A version's content, worked out on a worker thread once (a version never changes). */
  async get(reportId: string, versionId: string, user: AuthUser): Promise<VersionDetailDto> {
    await this.reports.findVisible(reportId, user);
    const row = await this.row(reportId, versionId);
    const { contentJson } = await this.work.cached(
      `version:${row.id}`,
      () => this.work.run({ kind: 'read', updates: [row.state] }, `version ${row.id}`),
      (r) => r.contentJson.byteLength + r.checksJson.byteLength + 256,
    );
    const { blocks, text } = JSON.parse(Buffer.from(contentJson).toString('utf8')) as Pick<VersionDetailDto, 'blocks' | 'text'>;
    return { ...toVersionDto(row), blocks, text };
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

  /**
   * A DiffDto as JSON bytes: the blocks are worked out (and made JSON) on a worker thread, once
   * per pair of versions (or version and stored position).
   */
  async diff(reportId: string, from: string, to: string, user: AuthUser): Promise<Uint8Array> {
    const report = await this.reports.findVisible(reportId, user);
    const older = await this.row(reportId, from);
    if (to === 'current') {
      const position = await this.collab.storedPosition(reportId);
      const { blocksJson } = await this.work.cached(
        `diff:${older.id}:${reportId}@${position}`,
        async () =>
          this.work.run(
            { kind: 'diff', older: [older.state], newer: (await this.collab.storedUpdates(reportId)).updates },
            `diff of ${reportId}`,
          ),
        diffSize,
      );
      return withBlocks({ from: { id: older.id, number: older.number }, to: 'current', ...titleChange(older.title, report.title) }, blocksJson);
    }
    const newer = await this.row(reportId, to);
    const { blocksJson } = await this.work.cached(
      `diff:${older.id}:${newer.id}`,
      () => this.work.run({ kind: 'diff', older: [older.state], newer: [newer.state] }, `diff of ${reportId}`),
      diffSize,
    );
    return withBlocks(
      { from: { id: older.id, number: older.number }, to: { id: newer.id, number: newer.number }, ...titleChange(older.title, newer.title) },
      blocksJson,
    );
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
    const row = await this.row(reportId, versionId, manager);
    return { row, doc: docFromState(row.state) };
  }

  /** The version's row with its encoded state; 404 unless it is one of the report's. */
  private async row(
    reportId: string,
    versionId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<VersionRow & { state: Uint8Array; title: string | null }> {
    const rows: (VersionRow & { state: Buffer; title: string | null })[] = await manager.query(
      `SELECT v.id, v.number, v.label, v.reason, v.content_hash, v.created_by, u.display_name AS created_by_name,
              v.created_at, v.state, v.title
         FROM report_versions v JOIN users u ON u.id = v.created_by
        WHERE v.id = $1 AND v.report_id = $2`,
      [versionId, reportId],
    );
    const row = rows[0];
    if (!row) throw notFound('Version');
    return { ...row, state: new Uint8Array(row.state) };
  }
}

const diffSize = (d: { blocksJson: Uint8Array }) => d.blocksJson.byteLength + 256;

/** The DiffDto's JSON: `head`'s fields, then `blocks` as the worker wrote them. */
/** The title's change between two versions, when both sides know their title (versions made before titles were kept do not). */
function titleChange(from: string | null, to: string | null): Pick<DiffDto, 'title'> {
  return from !== null && to !== null && from !== to ? { title: { from, to } } : {};
}

function withBlocks(head: Omit<DiffDto, 'blocks'>, blocksJson: Uint8Array): Uint8Array {
  const open = JSON.stringify(head).slice(0, -1);
  return Buffer.concat([Buffer.from(`${open},"blocks":`), blocksJson, Buffer.from('}')]);
}
