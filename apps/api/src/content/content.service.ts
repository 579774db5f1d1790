import { Injectable } from '@nestjs/common';
import {
  buildReportContent,
  checkReport,
  contentBlocks,
  contentHash,
  type CreateReportInput,
  plainText,
  type ReportBlock,
  type ReportChecksDto,
  type ReportContentDto,
  type ReportDto,
} from '@review/shared';
import * as Y from 'yjs';
import { CollabService } from '../collab/index.js';
import type { AuthUser } from '../common/auth-context.js';
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

  /** The stored content (snapshot + every committed update), not any node's in-memory copy. */
  async content(reportId: string, user: AuthUser): Promise<ReportContentDto> {
    await this.reports.findVisible(reportId, user);
    return this.collab.withStoredDocument(reportId, async (doc) => ({
      contentHash: await contentHash(doc),
      text: plainText(doc),
      blocks: contentBlocks(doc),
    }));
  }

  /** The checks on the stored document, for any member of the team. */
  async checks(reportId: string, user: AuthUser): Promise<ReportChecksDto> {
    await this.reports.findVisible(reportId, user);
    return this.collab.withStoredDocument(reportId, (doc) => {
      const problems = checkReport(contentBlocks(doc));
      return { ok: problems.length === 0, problems };
    });
  }
}
