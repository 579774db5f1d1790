import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/index.js';
import { CollabOutput } from './collab-output.js';
import type { UpdateCounts } from './pipeline/update-validation.js';

/** A session ends after this long without a stored edit from that user in that report. */
export const EDIT_SESSION_IDLE_MS = 2 * 60 * 1000;

interface Session {
  reportId: string;
  userId: string;
  firstAt: number;
  lastAt: number;
  updates: number;
  inserted: number;
  deleted: number;
  timer: NodeJS.Timeout;
}

/**
 * Edit sessions for the audit trail: one event per user and report for a stretch of editing
 * (first and last time, characters inserted and deleted), never one per keystroke. A session
 * ends when the user leaves the report, pauses, the room unloads, the report changes state, or
 * the server stops. The event is recorded when the session ends, after whatever happened
 * meanwhile; `firstAt` is where it belongs in the story (the activity list orders by it).
 */
@Injectable()
export class EditSessions {
  private readonly logger = new Logger('EditSessions');
  private readonly open = new Map<string, Session>();
  private readonly idleMs = EDIT_SESSION_IDLE_MS;

  constructor(
    private readonly audit: AuditService,
    private readonly out: CollabOutput,
  ) {}

  /** A stored update by `userId`, with what it inserted and deleted. */
  note(reportId: string, userId: string, counts: UpdateCounts): void {
    const key = `${reportId}|${userId}`;
    const now = Date.now();
    let session = this.open.get(key);
    if (session) {
      session.timer.refresh();
    } else {
      const timer = setTimeout(() => void this.close(key), this.idleMs);
      timer.unref();
      session = { reportId, userId, firstAt: now, lastAt: now, updates: 0, inserted: 0, deleted: 0, timer };
      this.open.set(key, session);
    }
    session.lastAt = now;
    session.updates += 1;
    session.inserted += counts.inserted;
    session.deleted += counts.deleted;
  }

  /** Ends every open session of the report (before a transition or when the room unloads). */
  async closeReport(reportId: string): Promise<void> {
    const keys = [...this.open.keys()].filter((k) => k.startsWith(`${reportId}|`));
    await Promise.all(keys.map((k) => this.close(k)));
  }

  /** Ends the user's session in the report: they left it (no socket of theirs is in it any more). */
  closeUser(reportId: string, userId: string): Promise<void> {
    return this.close(`${reportId}|${userId}`);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((k) => this.close(k)));
  }

  private async close(key: string): Promise<void> {
    const s = this.open.get(key);
    if (!s) return;
    this.open.delete(key);
    clearTimeout(s.timer);
    try {
      await this.audit.record(s.reportId, s.userId, 'edit_session', {
        firstAt: new Date(s.firstAt).toISOString(),
        lastAt: new Date(s.lastAt).toISOString(),
        updates: s.updates,
        inserted: s.inserted,
        deleted: s.deleted,
      });
      // Whoever has the report open sees the session in its activity at once.
      if (this.out.ready) this.out.activity(s.reportId);
    } catch (err) {
      this.logger.error(`recording the edit session of ${key} failed: ${String(err)}`);
    }
  }
}
