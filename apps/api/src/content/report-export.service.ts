import { Injectable } from '@nestjs/common';
import { contentHash } from '@review/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { DocumentStore } from '../collab/document.store.js';
import { ReportsService } from '../reports/reports.service.js';
import { docxBlocks, type DocxSignOff, officialDocx } from './official-docx.js';

/** `filename*` of RFC 5987/6266: UTF-8, percent-encoded beyond attr-char. */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A report title as a file name: without the characters file systems refuse. */
function fileNameOf(title: string): string {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').trim() || 'report';
  return `${base}.docx`;
}

/** GET /reports/:id/export.docx: the stored document in the official style, audited. */
@Injectable()
export class ReportExportService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly documents: DocumentStore,
    private readonly audit: AuditService,
  ) {}

  async export(reportId: string, user: AuthUser): Promise<{ file: Buffer; fileName: string }> {
    const report = await this.reports.get(reportId, user);
    const doc = await this.documents.loadDoc(reportId);
    try {
      const hash = await contentHash(doc);
      const signOff = report.state === 'approved' ? await this.latestSignature(reportId) : undefined;
      const file = await officialDocx({
        title: report.title,
        author: report.authorName,
        state: report.state,
        contentHash: hash,
        blocks: docxBlocks(doc),
        signOff,
        createdAt: new Date(report.createdAt),
      });
      await this.audit.record(reportId, user.id, 'export', {
        format: 'docx',
        state: report.state,
        contentHash: hash,
        bytes: file.length,
        ...(signOff ? { signedVersion: signOff.versionNumber } : {}),
      });
      return { file, fileName: fileNameOf(report.title) };
    } finally {
      doc.destroy();
    }
  }

  /** The signature in force: the latest one not superseded by a reopen. */
  private async latestSignature(reportId: string): Promise<DocxSignOff | undefined> {
    const rows: { signer_name: string; signed_at: Date; number: number; content_hash: string }[] = await this.db.query(
      `SELECT u.display_name AS signer_name, s.signed_at, v.number, s.content_hash
         FROM signatures s JOIN users u ON u.id = s.signer_id JOIN report_versions v ON v.id = s.version_id
        WHERE s.report_id = $1 AND s.superseded_at IS NULL
        ORDER BY s.signed_at DESC LIMIT 1`,
      [reportId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { signerName: row.signer_name, signedAt: row.signed_at, versionNumber: row.number, contentHash: row.content_hash };
  }
}
