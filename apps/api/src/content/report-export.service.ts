import { Injectable } from '@nestjs/common';
import { cleanName, contentHash } from '@review/shared';
import { AuditService } from '../audit/index.js';
import { CollabService } from '../collab/index.js';
import type { AuthUser } from '../common/auth-context.js';
import { ReportsService } from '../reports/index.js';
import { WorkflowService } from '../workflow/index.js';
import { docxBlocks, officialDocx } from './official-docx.js';

/** `filename*` of RFC 5987/6266: UTF-8, percent-encoded beyond attr-char. */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A report title as a file name: without the characters file systems refuse, nor hidden direction controls. */
function fileNameOf(title: string): string {
  const base = cleanName(title).replace(/[\\/:*?"<>|]/g, '_').trim() || 'report';
  return `${base}.docx`;
}

/** GET /reports/:id/export.docx: the stored document in the official style, audited. */
@Injectable()
export class ReportExportService {
  constructor(
    private readonly reports: ReportsService,
    private readonly collab: CollabService,
    private readonly workflow: WorkflowService,
    private readonly audit: AuditService,
  ) {}

  async export(reportId: string, user: AuthUser): Promise<{ file: Buffer; fileName: string }> {
    const report = await this.reports.get(reportId, user);
    return this.collab.withStoredDocument(reportId, async (doc) => {
      const hash = await contentHash(doc);
      const signOff = report.state === 'approved' ? await this.workflow.signatureInForce(reportId) : undefined;
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
    });
  }
}
