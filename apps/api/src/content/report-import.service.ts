import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { cleanName, type ImportedReportDto, type ImportLeftOut, type ImportReportInput, LIMITS } from '@review/shared';
import { AppError, notFound, validationFailed } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import type { AuthUser } from '../common/auth-context.js';
import { TeamsService } from '../teams/index.js';
import { ContentService } from './content.service.js';
import { ImportSlots } from './import-slots.js';
import { readReportFile, type UploadedReportFile } from './report-file.js';

/** A title fit for the report: no control or text-direction characters, within the length limit. */
function fitTitle(title: string): string {
  return Array.from(cleanName(title).trim()).slice(0, LIMITS.reportTitleMax).join('');
}

/**
 * POST /reports/import: a .txt, .md or .docx becomes a new report, its structure recognised by
 * the shared parser, under the same rules as POST /reports, in one transaction. The answer says
 * what of the file was left out: the sign-off page of an exported approved report belongs to
 * that approval, not to a new draft.
 */
@Injectable()
export class ReportImportService {
  constructor(
    private readonly content: ContentService,
    private readonly teams: TeamsService,
    private readonly slots: ImportSlots,
    private readonly config: AppConfig,
  ) {}

  async import(input: ImportReportInput, file: UploadedReportFile | undefined, user: AuthUser): Promise<ImportedReportDto> {
    // Membership first: nobody outside the team gets a file of theirs read.
    if (!(await this.teams.roleOf(input.teamId, user.id))) throw notFound('Team');
    if (!file) {
      const message = 'Attach the report as the multipart field "file"';
      throw validationFailed([{ path: 'file', message }], message);
    }
    const { kind, parsed } = await this.slots.run(user.id, () => readReportFile(file));
    const chars = parsed.blocks.reduce((n, b) => n + b.text.length, 0);
    if (chars > this.config.documentMaxChars) {
      throw new AppError(
        'payload_too_large',
        413,
        `The file holds ${chars} characters of text; a report may hold at most ${this.config.documentMaxChars}`,
      );
    }

    const fromFile = fitTitle(path.basename(file.originalname, path.extname(file.originalname)));
    const fromDocument = parsed.title === null ? '' : fitTitle(parsed.title);
    const title = input.title ?? (fromDocument || fromFile || '导入的报告');
    const titleFrom = input.title !== undefined ? 'request' : fromDocument ? 'document' : 'file_name';
    const headings = parsed.blocks.filter((b) => b.type === 'heading');
    const leftOut: ImportLeftOut[] = parsed.signOffPage ? ['sign_off_page'] : [];
    const creation = { teamId: input.teamId, title, reviewerId: input.reviewerId };
    const report = await this.content.createWith(creation, user, () => parsed.blocks, {
      action: 'import',
      details: {
        file: { name: file.originalname, bytes: file.size, kind },
        titleFrom,
        outline: {
          level1: headings.filter((b) => b.level === 1).length,
          level2: headings.filter((b) => b.level === 2).length,
          paragraphs: parsed.blocks.length - headings.length,
        },
        ...(leftOut.length > 0 ? { leftOut } : {}),
      },
    });
    return { ...report, leftOut };
  }
}
