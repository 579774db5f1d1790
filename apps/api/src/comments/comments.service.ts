import { Injectable } from '@nestjs/common';
import {
  type AuditAttempt,
  canComment,
  type CommentDto,
  type CreateThreadInput,
  isEmptySpan,
  isOutdated,
  LIMITS,
  mayChangeComment,
  mayResolveThread,
  mentionedUsernames,
  resolveAnchor,
  type ThreadDto,
  type ThreadStatus,
} from '@review/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type * as Y from 'yjs';
import { AuditService } from '../audit/index.js';
import { CollabService } from '../collab/index.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../common/app-error.js';
import type { AuthUser } from '../common/auth-context.js';
import { DomainEvents, ThreadChanged } from '../common/domain-events.js';
import { returnedRows, txQuery } from '../common/sql.js';
import { type NewNotification, NotificationsService } from '../notifications/index.js';
import { lockForAccess, type ReportStanding, ReportsService } from '../reports/index.js';

interface ThreadRow {
  id: string;
  report_id: string;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  status: ThreadStatus;
  version_number: number;
  made_at_seq: string;
  created_by: string;
  created_by_name: string;
  created_at: Date;
  resolved_by: string | null;
  resolved_at: Date | null;
}

interface CommentRow {
  id: string;
  thread_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

const toCommentDto = (c: CommentRow): CommentDto => ({
  id: c.id,
  threadId: c.thread_id,
  author: c.author_id,
  authorName: c.author_name,
  body: c.deleted_at ? '' : c.body,
  createdAt: c.created_at.toISOString(),
  editedAt: c.edited_at?.toISOString() ?? null,
  deleted: c.deleted_at !== null,
});

/**
 * Comment threads anchored to text. Anchors are Y.RelativePositions kept in the database, so
 * edits move them with the text and nobody can remove a thread by editing; a thread whose text
 * was deleted keeps its quote and is reported as outdated. Who may comment follows the access
 * table (comment or edit access), checked under the report's row lock.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly collab: CollabService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly events: DomainEvents,
  ) {}

  // ---- reading ----------------------------------------------------------------------------

  async list(reportId: string, user: AuthUser, filter?: 'open' | 'resolved' | 'outdated'): Promise<ThreadDto[]> {
    await this.reports.findVisible(reportId, user);
    const threads = await this.load(reportId);
    if (!filter) return threads;
    return threads.filter((t) =>
      filter === 'outdated' ? t.outdated : filter === 'open' ? t.status === 'open' && !t.outdated : t.status === 'resolved',
    );
  }

  private async load(reportId: string, threadId?: string): Promise<ThreadDto[]> {
    const threads: ThreadRow[] = await this.db.query(
      `SELECT t.*, u.display_name AS created_by_name
         FROM comment_threads t JOIN users u ON u.id = t.created_by
        WHERE t.report_id = $1 ${threadId ? 'AND t.id = $2' : ''} ORDER BY t.created_at`,
      threadId ? [reportId, threadId] : [reportId],
    );
    if (threads.length === 0) return [];
    const comments: CommentRow[] = await this.db.query(
      `SELECT c.*, u.display_name AS author_name
         FROM comments c JOIN users u ON u.id = c.author_id
        WHERE c.thread_id = ANY($1::uuid[]) ORDER BY c.created_at, c.id`,
      [threads.map((t) => t.id)],
    );
    return this.placed(reportId, threads, comments);
  }

  /** Threads with their comments, each outdated if its anchored text is gone from the document now. */
  private async placed(reportId: string, threads: ThreadRow[], comments: CommentRow[]): Promise<ThreadDto[]> {
    const outdated = await this.collab.withDocument(reportId, (doc) =>
      threads.map((t) => isOutdated(doc, t.anchor_start, t.anchor_end)),
    );
    return threads.map((t, i) => ({
      id: t.id,
      reportId: t.report_id,
      anchor: { start: t.anchor_start, end: t.anchor_end },
      quote: t.quote,
      status: t.status,
      outdated: outdated[i] ?? false,
      createdBy: t.created_by,
      createdByName: t.created_by_name,
      createdAt: t.created_at.toISOString(),
      resolvedBy: t.resolved_by,
      resolvedAt: t.resolved_at?.toISOString() ?? null,
      versionNumber: t.version_number,
      madeAtSeq: Number(t.made_at_seq),
      comments: comments.filter((c) => c.thread_id === t.id).map(toCommentDto),
    }));
  }

  // ---- writing ----------------------------------------------------------------------------

  async create(reportId: string, input: CreateThreadInput, user: AuthUser): Promise<ThreadDto> {
    await this.reports.findVisible(reportId, user);
    await this.checkAnchors(reportId, input.anchor.start, input.anchor.end);
    let notify: string[] = [];
    const written = await this.writing(reportId, user, 'thread', async (tx, s) => {
      const count: { n: string }[] = await tx.query('SELECT count(*) AS n FROM comment_threads WHERE report_id = $1', [reportId]);
      if (Number(count[0]?.n ?? 0) >= LIMITS.threadsPerReport) {
        throw conflict(`A report holds at most ${LIMITS.threadsPerReport} comment threads`);
      }
      const version: { n: number | null }[] = await tx.query(
        'SELECT max(number) AS n FROM report_versions WHERE report_id = $1',
        [reportId],
      );
      // Both rows come back as `load` reads them, so the new thread need not be read again.
      const [thread]: ThreadRow[] = await tx.query(
        `WITH t AS (
           INSERT INTO comment_threads (report_id, anchor_start, anchor_end, quote, version_number, made_at_seq, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
         )
         SELECT t.*, u.display_name AS created_by_name FROM t JOIN users u ON u.id = t.created_by`,
        [reportId, input.anchor.start, input.anchor.end, input.quote, version[0]?.n ?? 0, s.report.logSeq, user.id],
      );
      if (!thread) throw new Error('inserting a thread returned nothing');
      const [comment]: CommentRow[] = await tx.query(
        `WITH c AS (INSERT INTO comments (thread_id, author_id, body) VALUES ($1, $2, $3) RETURNING *)
         SELECT c.*, u.display_name AS author_name FROM c JOIN users u ON u.id = c.author_id`,
        [thread.id, user.id, input.body],
      );
      if (!comment) throw new Error('inserting a comment returned nothing');
      await this.audit.append(tx, reportId, user.id, 'thread', {
        threadId: thread.id,
        commentId: comment.id,
        quote: input.quote,
        body: input.body,
      });
      const mentioned = await this.mentions(tx, s, input.body, user.id);
      notify = await this.notifications.create(
        tx,
        mentioned.map((userId) => ({ userId, kind: 'mention', reportId, threadId: thread.id, actorId: user.id, text: input.body })),
      );
      return { thread, comments: [comment] };
    });
    return this.announce(reportId, written.thread.id, notify, written);
  }

  async reply(threadId: string, body: string, user: AuthUser): Promise<CommentDto> {
    const { reportId, createdBy } = await this.threadOwner(threadId, user);
    let notify: string[] = [];
    const commentId = await this.writing(reportId, user, 'comment', async (tx, s) => {
      const count: { n: string }[] = await tx.query('SELECT count(*) AS n FROM comments WHERE thread_id = $1', [threadId]);
      if (Number(count[0]?.n ?? 0) >= LIMITS.commentsPerThread) {
        throw conflict(`A thread holds at most ${LIMITS.commentsPerThread} comments`);
      }
      const [comment]: { id: string }[] = await tx.query(
        'INSERT INTO comments (thread_id, author_id, body) VALUES ($1, $2, $3) RETURNING id',
        [threadId, user.id, body],
      );
      if (!comment) throw new Error('inserting a comment returned nothing');
      await this.audit.append(tx, reportId, user.id, 'comment', { threadId, commentId: comment.id, body });
      const mentioned = await this.mentions(tx, s, body, user.id);
      const items: NewNotification[] = mentioned.map((userId) => ({
        userId,
        kind: 'mention',
        reportId,
        threadId,
        actorId: user.id,
        text: body,
      }));
      // The report's author and the thread's author hear of replies (unless they wrote it).
      for (const userId of new Set([s.report.authorId, createdBy])) {
        if (userId !== user.id && !mentioned.includes(userId)) {
          items.push({ userId, kind: 'reply', reportId, threadId, actorId: user.id, text: body });
        }
      }
      notify = await this.notifications.create(tx, items);
      return comment.id;
    });
    const thread = await this.announce(reportId, threadId, notify);
    const created = thread.comments.find((c) => c.id === commentId);
    if (!created) throw new Error('the new comment vanished');
    return created;
  }

  async editComment(commentId: string, body: string, user: AuthUser): Promise<CommentDto> {
    const c = await this.commentOwner(commentId, user, 'comment_edit');
    await this.writing(c.reportId, user, 'comment_edit', async (tx) => {
      const [row]: { body: string; deleted_at: Date | null }[] = await tx.query(
        'SELECT body, deleted_at FROM comments WHERE id = $1 FOR UPDATE',
        [commentId],
      );
      if (row?.deleted_at) throw conflict('A deleted comment cannot be edited');
      await tx.query('UPDATE comments SET body = $2, edited_at = now() WHERE id = $1', [commentId, body]);
      await this.audit.append(tx, c.reportId, user.id, 'comment_edit', {
        threadId: c.threadId,
        commentId,
        previousBody: row?.body,
        body,
      });
    });
    const thread = await this.announce(c.reportId, c.threadId, []);
    return thread.comments.find((x) => x.id === commentId) as CommentDto;
  }

  async deleteComment(commentId: string, user: AuthUser): Promise<CommentDto> {
    const c = await this.commentOwner(commentId, user, 'comment_delete');
    await this.writing(c.reportId, user, 'comment_delete', async (tx) => {
      const [row]: { body: string; deleted_at: Date | null }[] = await tx.query(
        'SELECT body, deleted_at FROM comments WHERE id = $1 FOR UPDATE',
        [commentId],
      );
      if (row?.deleted_at) return;
      // The text leaves the comment; the audit trail keeps it.
      await tx.query(`UPDATE comments SET body = '', deleted_at = now() WHERE id = $1`, [commentId]);
      await this.audit.append(tx, c.reportId, user.id, 'comment_delete', {
        threadId: c.threadId,
        commentId,
        previousBody: row?.body,
      });
    });
    const thread = await this.announce(c.reportId, c.threadId, []);
    return thread.comments.find((x) => x.id === commentId) as CommentDto;
  }

  /** Resolve or reopen: the reviewer or the thread's author, while they may comment. */
  async setStatus(threadId: string, status: ThreadStatus, user: AuthUser): Promise<ThreadDto> {
    const { reportId, createdBy } = await this.threadOwner(threadId, user);
    const action = status === 'resolved' ? 'resolve' : 'reopen_thread';
    await this.writing(reportId, user, action, async (tx, s) => {
      if (!mayResolveThread(s.report, { id: user.id, isAdmin: user.isAdmin, role: s.role }, createdBy)) {
        throw forbidden('Only the reviewer or whoever opened the thread may resolve or reopen it');
      }
      const changed = returnedRows<{ id: string }>(await tx.query(
        `UPDATE comment_threads SET status = $2,
                resolved_by = CASE WHEN $2 = 'resolved' THEN $3::uuid END,
                resolved_at = CASE WHEN $2 = 'resolved' THEN now() END
          WHERE id = $1 AND status <> $2 RETURNING id`,
        [threadId, status, user.id],
      ));
      if (changed.length > 0) await this.audit.append(tx, reportId, user.id, action, { threadId });
    });
    return this.announce(reportId, threadId, []);
  }

  // ---- internals --------------------------------------------------------------------------

  /**
   * Runs a change under the report's row lock after checking that the user may comment in the
   * report's current state; a refusal is audited in a transaction of its own.
   */
  private async writing<T>(
    reportId: string,
    user: AuthUser,
    attempt: AuditAttempt,
    fn: (tx: EntityManager, standing: ReportStanding) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.db.transaction(async (tx) => {
        const s = await lockForAccess(txQuery(tx), reportId, user.id);
        if (!canComment(s.access)) {
          throw forbidden(
            s.report.state === 'approved'
              ? 'An approved report takes no comments'
              : 'You may only read this report in its current state',
          );
        }
        return fn(tx, s);
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') {
        await this.audit.record(reportId, user.id, 'denied', { attempt, reason: 'forbidden', via: 'http' });
      }
      throw err;
    }
  }

  /** Team members named with @username in the body, other than the writer. */
  private async mentions(tx: EntityManager, s: ReportStanding, body: string, writer: string): Promise<string[]> {
    const names = mentionedUsernames(body);
    if (names.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `SELECT u.id FROM team_members m JOIN users u ON u.id = m.user_id
        WHERE m.team_id = $1 AND u.active AND lower(u.username) = ANY($2::text[])`,
      [s.report.teamId, names],
    );
    return rows.map((r) => r.id).filter((id) => id !== writer);
  }

  /** The thread's report, if the user may see it; 404 otherwise (existence is not revealed). */
  private async threadOwner(threadId: string, user: AuthUser): Promise<{ reportId: string; createdBy: string }> {
    const [t]: { report_id: string; created_by: string }[] = await this.db.query(
      'SELECT report_id, created_by FROM comment_threads WHERE id = $1',
      [threadId],
    );
    if (!t) throw notFound('Thread');
    await this.reports.findVisible(t.report_id, user).catch(() => {
      throw notFound('Thread');
    });
    return { reportId: t.report_id, createdBy: t.created_by };
  }

  /** The comment's thread and report, if visible; 403 unless the user wrote it. */
  private async commentOwner(commentId: string, user: AuthUser, attempt: AuditAttempt): Promise<{ reportId: string; threadId: string }> {
    const [c]: { thread_id: string; author_id: string; report_id: string }[] = await this.db.query(
      'SELECT c.thread_id, c.author_id, t.report_id FROM comments c JOIN comment_threads t ON t.id = c.thread_id WHERE c.id = $1',
      [commentId],
    );
    if (!c) throw notFound('Comment');
    await this.reports.findVisible(c.report_id, user).catch(() => {
      throw notFound('Comment');
    });
    if (!mayChangeComment(c.author_id, user)) {
      await this.audit.record(c.report_id, user.id, 'denied', { attempt, reason: 'forbidden', via: 'http' });
      throw forbidden('Only the author of a comment may change or delete it');
    }
    return { reportId: c.report_id, threadId: c.thread_id };
  }

  /**
   * Both anchors must decode, lie inside the document's `default` fragment, point at text that
   * exists, and span something. The open room is asked first, then the stored document.
   */
  private async checkAnchors(reportId: string, start: string, end: string): Promise<void> {
    const check = (doc: Y.Doc) => {
      const a = resolveAnchor(doc, start);
      const b = resolveAnchor(doc, end);
      if (a === 'invalid') return { path: 'anchor.start', message: 'is not a position in this document' };
      if (b === 'invalid') return { path: 'anchor.end', message: 'is not a position in this document' };
      if (a === null) return { path: 'anchor.start', message: 'points outside the document' };
      if (b === null) return { path: 'anchor.end', message: 'points outside the document' };
      if (a.deleted || b.deleted) return { path: 'anchor', message: 'points at deleted text' };
      if (isEmptySpan(a, b)) return { path: 'anchor', message: 'must span some text' };
      return undefined;
    };
    let problem = await this.collab.withDocument(reportId, check);
    if (problem && problem.message === 'points outside the document') {
      problem = await this.collab.withStoredDocument(reportId, check);
    }
    if (problem) throw validationFailed([problem], 'The comment anchor is not valid');
  }

  /**
   * Delivers notifications and pushes the thread to everyone in the report. The thread is read
   * back unless the caller holds all its rows (`written`: a thread just created); either way its
   * anchors are resolved against the document now, which edits may have changed meanwhile.
   */
  private async announce(
    reportId: string,
    threadId: string,
    notificationIds: string[],
    written?: { thread: ThreadRow; comments: CommentRow[] },
  ): Promise<ThreadDto> {
    await this.notifications.deliver(notificationIds);
    const [thread] = written
      ? await this.placed(reportId, [written.thread], written.comments)
      : await this.load(reportId, threadId);
    if (!thread) throw notFound('Thread');
    this.events.publish(new ThreadChanged(reportId, thread));
    return thread;
  }
}
