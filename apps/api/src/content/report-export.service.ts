import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { cleanName } from '@review/shared';
import { AuditService } from '../audit/index.js';
import { CollabService } from '../collab/index.js';
import type { AuthUser } from '../common/auth-context.js';
import { ReportsService } from '../reports/index.js';
import { WorkflowService } from '../workflow/index.js';
import { DocumentWork, type DocxMeta } from '../documents/index.js';

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
    private readonly work: DocumentWork,
  ) {}

  /**
   * The .docx is made on a worker thread, once per stored position of the log and what the page
   * shows besides the content (title, author, state, sign-off); every export is audited.
   */
  async export(reportId: string, user: AuthUser): Promise<{ file: Buffer; fileName: string }> {
    const report = await this.reports.get(reportId, user);
    const signOff = report.state === 'approved' ? await this.workflow.signatureInForce(reportId) : undefined;
    const meta: DocxMeta = {
      title: report.title,
      author: report.authorName,
      state: report.state,
      signOff,
      createdAt: new Date(report.createdAt),
    };
    const position = await this.collab.storedPosition(reportId);
    const metaKey = createHash('sha256').update(JSON.stringify(meta)).digest('hex');
    const { file, contentHash } = await this.work.cached(
      `docx:${reportId}:${position}:${metaKey}`,
      async () => this.work.run({ kind: 'docx', updates: (await this.collab.storedUpdates(reportId)).updates, meta }, `export of ${reportId}`),
      (r) => r.file.byteLength + 256,
    );
    await this.audit.record(reportId, user.id, 'export', {
      format: 'docx',
      state: report.state,
      contentHash,
      bytes: file.byteLength,
      ...(signOff ? { signedVersion: signOff.versionNumber } : {}),
    });
    return { file: Buffer.from(file.buffer, file.byteOffset, file.byteLength), fileName: fileNameOf(report.title) };
  }
}
