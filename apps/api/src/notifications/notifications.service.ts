import { Injectable } from '@nestjs/common';
import { LIMITS, type NotificationDto, type NotificationKind, type UnreadCountDto } from '@review/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound } from '../common/app-error.js';
import type { AuthUser } from '../common/auth-context.js';
import { DomainEvents, NotificationCreated } from '../common/domain-events.js';
import { returnedRows } from '../common/sql.js';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  reportId: string;
  threadId?: string | null;
  actorId: string | null;
  text: string;
}

interface NotificationRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  report_id: string;
  report_title: string;
  thread_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  text: string;
  created_at: Date;
  read_at: Date | null;
}

const SELECT = `
  SELECT n.id, n.user_id, n.kind, n.report_id, r.title AS report_title, n.thread_id, n.actor_id,
         u.display_name AS actor_name, n.text, n.created_at, n.read_at
    FROM notifications n JOIN reports r ON r.id = n.report_id LEFT JOIN users u ON u.id = n.actor_id`;

const toDto = (r: NotificationRow): NotificationDto => ({
  id: r.id,
  kind: r.kind,
  reportId: r.report_id,
  reportTitle: r.report_title,
  threadId: r.thread_id,
  actor: r.actor_id,
  actorName: r.actor_name,
  text: r.text,
  createdAt: r.created_at.toISOString(),
  read: r.read_at !== null,
});

/** In-app notifications: stored with the change that causes them, listed, marked read, and pushed live (NotificationCreated). */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: DataSource,
    private readonly events: DomainEvents,
  ) {}

  /** Stores inside the caller's transaction; call `deliver` with the ids after the commit. */
  async create(tx: EntityManager, items: NewNotification[]): Promise<string[]> {
    if (items.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO notifications (user_id, kind, report_id, thread_id, actor_id, text)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[])
       RETURNING id`,
      [
        items.map((i) => i.userId),
        items.map((i) => i.kind),
        items.map((i) => i.reportId),
        items.map((i) => i.threadId ?? null),
        items.map((i) => i.actorId),
        items.map((i) => i.text.slice(0, 200)),
      ],
    );
    return rows.map((r) => r.id);
  }

  async deliver(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows: NotificationRow[] = await this.db.query(`${SELECT} WHERE n.id = ANY($1::uuid[])`, [ids]);
    for (const row of rows) this.events.publish(new NotificationCreated(row.user_id, toDto(row)));
  }

  async list(user: AuthUser, unreadOnly: boolean): Promise<NotificationDto[]> {
    const rows: NotificationRow[] = await this.db.query(
      `${SELECT} WHERE n.user_id = $1 ${unreadOnly ? 'AND n.read_at IS NULL' : ''}
        ORDER BY n.created_at DESC LIMIT $2`,
      [user.id, LIMITS.notificationsPageMax],
    );
    return rows.map(toDto);
  }

  async unreadCount(user: AuthUser): Promise<UnreadCountDto> {
    const rows: { n: number }[] = await this.db.query(
      'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [user.id],
    );
    return { count: rows[0]?.n ?? 0 };
  }

  async markRead(id: string, user: AuthUser): Promise<NotificationDto> {
    const updated = returnedRows<{ id: string }>(
      await this.db.query(
        'UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id',
        [id, user.id],
      ),
    );
    if (updated.length === 0) throw notFound('Notification');
    const rows: NotificationRow[] = await this.db.query(`${SELECT} WHERE n.id = $1`, [id]);
    return toDto(rows[0] as NotificationRow);
  }

  async markAllRead(user: AuthUser): Promise<{ updated: number }> {
    const updated = returnedRows<{ id: string }>(
      await this.db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id', [
        user.id,
      ]),
    );
    return { updated: updated.length };
  }
}
