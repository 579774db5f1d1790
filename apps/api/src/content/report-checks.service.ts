import { Injectable } from '@nestjs/common';
import { checkReport, type ContentProblem, contentBlocks, type ReportChecksDto } from '@review/shared';
import type * as Y from 'yjs';
import type { AuthUser } from '../auth/auth.decorators.js';
import { DocumentStore } from '../collab/document.store.js';
import { AppError } from '../common/app-error.js';
import { ReportsService } from '../reports/reports.service.js';

/** The checks of a document (the shared rules, on the blocks GET /content shows). */
export function reportProblems(doc: Y.Doc): ContentProblem[] {
  return checkReport(contentBlocks(doc));
}

/** 409 for a submit while the checks fail and no override reason was given. */
export function checksFailed(problems: ContentProblem[]): AppError {
  return new AppError(
    'checks_failed',
    409,
    `The report has ${problems.length} problem(s) to fix before it is submitted, or give an override reason`,
    problems,
  );
}

@Injectable()
export class ReportChecksService {
  constructor(
    private readonly reports: ReportsService,
    private readonly documents: DocumentStore,
  ) {}

  /** The checks on the stored document, for any member of the team. */
  async checks(reportId: string, user: AuthUser): Promise<ReportChecksDto> {
    await this.reports.findVisible(reportId, user);
    const doc = await this.documents.loadDoc(reportId);
    try {
      const problems = reportProblems(doc);
      return { ok: problems.length === 0, problems };
    } finally {
      doc.destroy();
    }
  }
}
