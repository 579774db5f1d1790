import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  buildReportContent,
  contentBlocks,
  contentHash,
  plainText,
  type ReportContentDto,
  type CreateReportInput,
  type ListReportsQuery,
  type ReportBlock,
  type ReportDto,
} from '@review/shared';
import { Repository } from 'typeorm';
import * as Y from 'yjs';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { notFound, validationFailed } from '../common/app-error.js';
import { DocumentStore } from '../collab/document.store.js';
import { TemplateRegistry } from '../content/template.registry.js';
import { TeamMemberEntity } from '../teams/team-member.entity.js';
import { TeamsService } from '../teams/teams.service.js';
import { ReportEntity } from './report.entity.js';

/** Content read from an uploaded file, audited as `import` with these details. */
export interface ImportedContent {
  blocks: ReportBlock[];
  details: Record<string, unknown>;
}

export interface ReportNames {
  authorName: string;
  reviewerName: string | null;
  teamName: string;
}

export function toReportDto(r: ReportEntity, names: ReportNames): ReportDto {
  return {
    ...names,
    id: r.id,
    teamId: r.teamId,
    title: r.title,
    state: r.state,
    revision: r.revision,
    authorId: r.authorId,
    reviewerId: r.reviewerId,
    contentHash: r.contentHash,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class ReportsService {
  private emptyHash: Promise<string> | undefined;

  constructor(
    private readonly teams: TeamsService,
    private readonly documents: DocumentStore,
    private readonly audit: AuditService,
    private readonly templates: TemplateRegistry,
    @InjectRepository(ReportEntity) private readonly reports: Repository<ReportEntity>,
  ) {}

  /**
   * Creates a report in a team the user belongs to, with the content of its template (blank
   * unless named) or, for an import, of the file: built here as one Yjs update and stored with
   * the row, its content hash and the audit event in one transaction.
   */
  async create(input: CreateReportInput, user: AuthUser, imported?: ImportedContent): Promise<ReportDto> {
    // Creating needs membership, not admin rights: the creator becomes the author.
    if (!(await this.teams.roleOf(input.teamId, user.id))) throw notFound('Team');
    if (input.reviewerId !== undefined) {
      const role = await this.teams.roleOf(input.teamId, input.reviewerId);
      if (role !== 'supervisor' || input.reviewerId === user.id) {
        throw validationFailed([
          { path: 'reviewerId', message: 'must be a supervisor of the team other than the author' },
        ]);
      }
    }
    const template = input.template ?? 'blank';
    const blocks = imported?.blocks ?? this.templates.blocks(template);
    this.emptyHash ??= contentHash(new Y.Doc());
    const content = blocks.length > 0 ? await buildReportContent(blocks) : undefined;
    const report = this.reports.create({
      teamId: input.teamId,
      title: input.title,
      authorId: user.id,
      reviewerId: input.reviewerId ?? null,
      state: 'draft',
      revision: 0,
      contentHash: content?.contentHash ?? (await this.emptyHash),
    });
    const saved = await this.reports.manager.transaction(async (tx) => {
      const row = await tx.getRepository(ReportEntity).save(report);
      if (content) await this.documents.appendServerUpdate(tx, row.id, user.id, content.update);
      const details = { title: row.title, teamId: row.teamId, reviewerId: row.reviewerId };
      if (imported) await this.audit.append(tx, row.id, user.id, 'import', { ...details, ...imported.details });
      else await this.audit.append(tx, row.id, user.id, 'create', { ...details, template });
      return row;
    });
    return (await this.withNames([saved]))[0] as ReportDto;
  }

  /** Adds author, reviewer and team names with one query for the whole list. */
  private async withNames(reports: ReportEntity[]): Promise<ReportDto[]> {
    if (reports.length === 0) return [];
    const userIds = [...new Set(reports.flatMap((r) => (r.reviewerId ? [r.authorId, r.reviewerId] : [r.authorId])))];
    const teamIds = [...new Set(reports.map((r) => r.teamId))];
    const [users, teams]: [{ id: string; name: string }[], { id: string; name: string }[]] = await Promise.all([
      this.reports.query('SELECT id, display_name AS name FROM users WHERE id = ANY($1::uuid[])', [userIds]),
      this.reports.query('SELECT id, name FROM teams WHERE id = ANY($1::uuid[])', [teamIds]),
    ]);
    const userName = new Map(users.map((u) => [u.id, u.name]));
    const teamName = new Map(teams.map((t) => [t.id, t.name]));
    return reports.map((r) =>
      toReportDto(r, {
        authorName: userName.get(r.authorId) ?? '',
        reviewerName: r.reviewerId ? (userName.get(r.reviewerId) ?? '') : null,
        teamName: teamName.get(r.teamId) ?? '',
      }),
    );
  }

  async list(query: ListReportsQuery, user: AuthUser): Promise<ReportDto[]> {
    const qb = this.reports.createQueryBuilder('r').orderBy('r.updated_at', 'DESC').limit(500);
    if (!user.isAdmin) {
      qb.innerJoin(TeamMemberEntity, 'm', 'm.team_id = r.team_id AND m.user_id = :userId', { userId: user.id });
    }
    if (query.teamId) qb.andWhere('r.team_id = :teamId', { teamId: query.teamId });
    if (query.state) qb.andWhere('r.state = :state', { state: query.state });
    if (query.q) qb.andWhere(`r.title ILIKE :q ESCAPE '\\'`, { q: `%${escapeLike(query.q)}%` });
    if (query.mine) qb.andWhere('r.author_id = :me', { me: user.id });
    if (query.reviewing) qb.andWhere('r.reviewer_id = :me', { me: user.id });
    return this.withNames(await qb.getMany());
  }

  async get(id: string, user: AuthUser): Promise<ReportDto> {
    return (await this.withNames([await this.findVisible(id, user)]))[0] as ReportDto;
  }

  /** The stored content (snapshot + every committed update), not any node's in-memory copy. */
  async content(id: string, user: AuthUser): Promise<ReportContentDto> {
    await this.findVisible(id, user);
    const doc = await this.documents.loadDoc(id);
    try {
      return { contentHash: await contentHash(doc), text: plainText(doc), blocks: contentBlocks(doc) };
    } finally {
      doc.destroy();
    }
  }

  /** The report if the user may see it; 404 otherwise, so that existence is not revealed. */
  async findVisible(id: string, user: AuthUser): Promise<ReportEntity> {
    const report = await this.reports.findOne({ where: { id } });
    if (!report) throw notFound('Report');
    if (!user.isAdmin && !(await this.teams.roleOf(report.teamId, user.id))) throw notFound('Report');
    return report;
  }
}
