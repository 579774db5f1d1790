import { Injectable } from '@nestjs/common';
import {
  buildReportContent,
  checkTitle,
  contentHash,
  type CreateReportInput,
  type ReportBlock,
  type ReportChecksDto,
  type ReportDto,
} from '@review/shared';
import * as Y from 'yjs';
import { CollabService } from '../collab/index.js';
import type { AuthUser } from '../common/auth-context.js';
import { type DocumentReading, DocumentWork } from '../documents/index.js';
import { type InitialContent, ReportsService } from '../reports/index.js';
import { TemplateRegistry } from './template.registry.js';

/**
 * What a report says: its content as stored, the checks on it, and new reports with content
 * (blank, from a template, from an imported file), built on the server as one Yjs update.
 */
@Injectable()
export class ContentService {
  private emptyHash: Promise<string> | undefined;

  constructor(
    private readonly reports: ReportsService,
    private readonly collab: CollabService,
    private readonly templates: TemplateRegistry,
    private readonly work: DocumentWork,
  ) {}

  /** POST /reports: a new report with the content of its template (blank unless one is named). */
  create(input: CreateReportInput, user: AuthUser): Promise<ReportDto> {
    const template = input.template ?? 'blank';
    return this.createWith(input, user, () => this.templates.blocks(template), { action: 'create', details: { template } });
  }

  /**
   * A new report whose content is `blocks` (called once the user may create it), stored with the
   * report row, its content hash and the audit event in one transaction.
   */
  createWith(
    input: CreateReportInput,
    user: AuthUser,
    blocks: () => ReportBlock[],
    audit: InitialContent['audit'],
  ): Promise<ReportDto> {
    return this.reports.create(input, user, async () => {
      const list = blocks();
      const content = list.length > 0 ? await buildReportContent(list) : undefined;
      this.emptyHash ??= contentHash(new Y.Doc());
      return {
        contentHash: content?.contentHash ?? (await this.emptyHash),
        store: content ? (tx, reportId) => this.collab.storeServerUpdate(tx, reportId, user.id, content.update) : undefined,
        audit,
      };
    });
  }

  /**
   * The stored content (snapshot + every committed update), not any node's in-memory copy: a
   * ReportContentDto as JSON bytes, made off the event loop.
   */
  async content(reportId: string, user: AuthUser): Promise<Uint8Array> {
    await this.reports.findVisible(reportId, user);
    return (await this.reading(reportId)).contentJson;
  }

  /** The checks on the stored document and the title, for any member of the team: a ReportChecksDto as JSON bytes. */
  async checks(reportId: string, user: AuthUser): Promise<Uint8Array> {
    const report = await this.reports.findVisible(reportId, user);
    const { checksJson } = await this.reading(reportId);
    // The text's checks are kept per stored position; the title's are a few characters, read now.
    const titleProblems = checkTitle(report.title);
    if (titleProblems.length === 0) return checksJson;
    const text = JSON.parse(Buffer.from(checksJson).toString('utf8')) as ReportChecksDto;
    const checks: ReportChecksDto = { ok: false, problems: [...titleProblems, ...text.problems] };
    return Buffer.from(JSON.stringify(checks));
  }

  /**
   * The stored document's content, hash and checks, worked out on a worker thread once per
   * position of the stored log (the same position is the same content).
   */
  private async reading(reportId: string): Promise<DocumentReading> {
    const position = await this.collab.storedPosition(reportId);
    return this.work.cached(
      `read:${reportId}:${position}`,
      async () => this.work.run({ kind: 'read', updates: (await this.collab.storedUpdates(reportId)).updates }, `report ${reportId}`),
      (r) => r.contentJson.byteLength + r.checksJson.byteLength + 256,
    );
  }
}
