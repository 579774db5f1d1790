import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  type AuditDetailsOf,
  type AuditEventDto,
  type AuditPageQuery,
  type AuditVerifyDto,
  AWAITING_REVIEW_STATES,
  type CreateReportInput,
  type ListReportsQuery,
  mayChangeDetails,
  mayRename,
  mayViewReport,
  type ReportDto,
  reviewerLockedBy,
  type UpdateReportInput,
} from '@review/shared';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/index.js';
import type { AuthUser } from '../common/auth-context.js';
import { forbidden, invalidTransition, notFound, staleRevision, validationFailed } from '../common/app-error.js';
import { DomainEvents, ReportAccessChanged } from '../common/domain-events.js';
import { txQuery } from '../common/sql.js';
import { ReportEntity } from '../database/entities/report.entity.js';
import { TeamsService } from '../teams/index.js';
import { lockForAccess, type ReportStanding, readAccess } from './report-access.js';

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
    checksOverride: r.overrideReason !== null ? { reason: r.overrideReason, problems: r.overriddenProblems ?? 0 } : null,
  };
}

/** The first content of a new report, made by the caller (a template, an imported file). */
export interface InitialContent {
  contentHash: string;
  /** Stores the content inside the transaction that creates the report row. */
  store?: (tx: EntityManager, reportId: string) => Promise<void>;
  /** The audit event of the creation: `create` (with the template) or `import` (with the file). */
  audit: { action: 'create'; details: CreationDetails<'create'> } | { action: 'import'; details: CreationDetails<'import'> };
}

/** What a creation's audit event records beyond the report's title, team and reviewer. */
export type CreationDetails<A extends 'create' | 'import'> = Omit<AuditDetailsOf[A], 'title' | 'teamId' | 'reviewerId'>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Reports as rows: who may see them, their title and reviewer, and how a user stands towards
 * one. The content lives in the collaboration log; creating a report with content is for the
 * content feature, which passes the content in.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: DataSource,
    private readonly teams: TeamsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    @InjectRepository(ReportEntity) private readonly reports: Repository<ReportEntity>,
  ) {}

  /**
   * Creates a report in a team the user belongs to, with its initial content (made once the user
   * may create it) and the audit event in one transaction. The creator becomes the author; a named
   * reviewer must be another supervisor of the team.
   */
  async create(input: CreateReportInput, user: AuthUser, content: () => Promise<InitialContent>): Promise<ReportDto> {
    // Creating needs membership, not admin rights.
    if (!(await this.teams.roleOf(input.teamId, user.id))) throw notFound('Team');
    if (input.reviewerId !== undefined) await this.requireReviewer(input.teamId, input.reviewerId, user.id);
    const initial = await content();
    const report = this.reports.create({
      teamId: input.teamId,
      title: input.title,
      authorId: user.id,
      reviewerId: input.reviewerId ?? null,
      state: 'draft',
      revision: 0,
      contentHash: initial.contentHash,
    });
    const saved = await this.db.transaction(async (tx) => {
      const row = await tx.getRepository(ReportEntity).save(report);
      await initial.store?.(tx, row.id);
      const about = { title: row.title, teamId: row.teamId, reviewerId: row.reviewerId };
      if (initial.audit.action === 'create') await this.audit.append(tx, row.id, user.id, 'create', { ...about, ...initial.audit.details });
      else await this.audit.append(tx, row.id, user.id, 'import', { ...about, ...initial.audit.details });
      return row;
    });
    return (await this.withNames([saved]))[0] as ReportDto;
  }

  async list(query: ListReportsQuery, user: AuthUser): Promise<ReportDto[]> {
    const qb = this.reports.createQueryBuilder('r').orderBy('r.updated_at', 'DESC').limit(500);
    if (!user.isAdmin) {
      qb.andWhere('EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = r.team_id AND m.user_id = :userId)', { userId: user.id });
    }
    if (query.teamId) qb.andWhere('r.team_id = :teamId', { teamId: query.teamId });
    if (query.state) qb.andWhere('r.state = :state', { state: query.state });
    if (query.q) qb.andWhere(`r.title ILIKE :q ESCAPE '\\'`, { q: `%${escapeLike(query.q)}%` });
    if (query.mine) qb.andWhere('r.author_id = :me', { me: user.id });
    if (query.reviewing) qb.andWhere('r.reviewer_id = :me', { me: user.id });
    if (query.awaiting) {
      // The reviewer's relation, as relationTo decides it: named, a supervisor of the team, not the author.
      qb.andWhere('r.state IN (:...awaiting) AND r.reviewer_id = :me AND r.author_id <> :me', {
        awaiting: AWAITING_REVIEW_STATES,
        me: user.id,
      });
      qb.andWhere(`EXISTS (SELECT 1 FROM team_members s WHERE s.team_id = r.team_id AND s.user_id = :me AND s.role = 'supervisor')`);
    }
    return this.withNames(await qb.getMany());
  }

  async get(id: string, user: AuthUser): Promise<ReportDto> {
    return (await this.withNames([await this.findVisible(id, user)]))[0] as ReportDto;
  }

  /** The report if the user may see it (a member of its team, or an admin); 404 otherwise, so that existence is not revealed. */
  async findVisible(id: string, user: AuthUser): Promise<ReportEntity> {
    const report = await this.reports.findOne({ where: { id } });
    if (!report) throw notFound('Report');
    const role = user.isAdmin ? undefined : await this.teams.roleOf(report.teamId, user.id);
    if (!mayViewReport({ id: user.id, isAdmin: user.isAdmin, role })) throw notFound('Report');
    return report;
  }

  /** How the user stands towards a report they may see (read without a lock); 404 otherwise. */
  async standing(id: string, user: AuthUser): Promise<ReportStanding> {
    const standing = await readAccess(txQuery(this.db), id, user.id);
    if (!standing || !mayViewReport({ id: user.id, isAdmin: user.isAdmin, role: standing.role })) throw notFound('Report');
    return standing;
  }

  /**
   * Renames the report or names another reviewer. The title is part of what is reviewed and
   * signed, so it changes under the rules of the content: whoever may edit the content in the
   * report's state (never once approved). The reviewer is named by the author or an admin, not
   * while in review. A new reviewer changes who may edit, so every open copy learns its access.
   */
  async update(reportId: string, input: UpdateReportInput, user: AuthUser): Promise<ReportDto> {
    const { report, role } = await this.standing(reportId, user);
    if (input.reviewerId !== undefined && !mayChangeDetails(report, { id: user.id, isAdmin: user.isAdmin, role })) {
      await this.audit.record(reportId, user.id, 'denied', { attempt: 'update', reason: 'forbidden', via: 'http' });
      throw forbidden('Only the author or an admin may name the reviewer');
    }
    if (input.reviewerId) await this.requireReviewer(report.teamId, input.reviewerId, report.authorId);
    let refused: string | undefined;
    await this.db.transaction(async (tx) => {
      const standing = await lockForAccess(txQuery(tx), reportId, user.id);
      const locked = standing.report;
      if (locked.revision !== input.expectedRevision) throw staleRevision(locked.revision);
      if (locked.state === 'approved') throw invalidTransition('An approved report cannot be changed; reopen it first');
      if (input.reviewerId !== undefined && reviewerLockedBy(locked.state) === 'in_review') {
        throw invalidTransition('The reviewer cannot change while the report is in review; withdraw it first');
      }
      if (input.title !== undefined && !mayRename(locked, { id: user.id, isAdmin: user.isAdmin, role: standing.role })) {
        refused = `Renaming needs edit access, as the content does; in this state you have ${standing.access} access`;
        return;
      }
      const details: AuditDetailsOf['update'] = {};
      if (input.title !== undefined) details.title = input.title;
      if (input.reviewerId !== undefined) details.reviewerId = input.reviewerId;
      await tx.query(
        `UPDATE reports SET title = COALESCE($2, title),
                reviewer_id = CASE WHEN $3 THEN $4::uuid ELSE reviewer_id END,
                revision = revision + 1, updated_at = now()
          WHERE id = $1`,
        [reportId, input.title ?? null, input.reviewerId !== undefined, input.reviewerId ?? null],
      );
      await this.audit.append(tx, reportId, user.id, 'update', details);
    });
    if (refused) {
      await this.audit.record(reportId, user.id, 'denied', { attempt: 'update', reason: 'no_edit_access', via: 'http' });
      throw forbidden(refused);
    }
    await this.events.publishAndWait(new ReportAccessChanged(reportId));
    return this.get(reportId, user);
  }

  async auditTrail(reportId: string, page: AuditPageQuery, user: AuthUser): Promise<AuditEventDto[]> {
    await this.findVisible(reportId, user);
    return this.audit.list(reportId, page);
  }

  async verifyAudit(reportId: string, user: AuthUser): Promise<AuditVerifyDto> {
    await this.findVisible(reportId, user);
    return this.audit.verify(reportId);
  }

  private async requireReviewer(teamId: string, reviewerId: string, authorId: string): Promise<void> {
    const role = await this.teams.roleOf(teamId, reviewerId);
    if (role !== 'supervisor' || reviewerId === authorId) {
      throw validationFailed([{ path: 'reviewerId', message: 'must be a supervisor of the team other than the author' }]);
    }
  }

  /** Adds author, reviewer and team names with one query for the whole list. */
  private async withNames(reports: ReportEntity[]): Promise<ReportDto[]> {
    if (reports.length === 0) return [];
    const userIds = [...new Set(reports.flatMap((r) => (r.reviewerId ? [r.authorId, r.reviewerId] : [r.authorId])))];
    const teamIds = [...new Set(reports.map((r) => r.teamId))];
    const [users, teams]: [{ id: string; name: string }[], { id: string; name: string }[]] = await Promise.all([
      this.db.query('SELECT id, display_name AS name FROM users WHERE id = ANY($1::uuid[])', [userIds]),
      this.db.query('SELECT id, name FROM teams WHERE id = ANY($1::uuid[])', [teamIds]),
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
}
