import { Injectable, Logger } from '@nestjs/common';
import { LIMITS } from '@review/shared';
import { DataSource } from 'typeorm';
import { rateLimited } from '../common/app-error.js';

/** One password attempt in progress: its rows in `login_attempts` (username key, address key). */
export interface PasswordAttempt {
  username: string;
  ids: string[];
}

const WINDOW_SECONDS = LIMITS.loginWindowMs / 1000;
const userKey = (username: string) => `u:${username.toLowerCase()}`;
/** Rows older than the window are deleted this often (by each node). */
const SWEEP_EVERY_MS = 5 * 60 * 1000;

/**
 * Counts password attempts per username and per client address in a sliding window, in the
 * database so that every node sees the same count. An attempt is recorded *before* the password
 * is checked and counts unless it succeeds: guesses sent all at once are counted as they arrive,
 * not only after each verification has finished. A refused attempt is not counted, so a lock-out
 * ends by itself when the window has passed; a success clears the username's failures.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private lastSweep = 0;

  constructor(private readonly db: DataSource) {}

  /** Records an attempt; throws 429 (and forgets it) when either key is over its limit. */
  async begin(username: string, ip: string): Promise<PasswordAttempt> {
    this.sweep();
    const keys = { user: userKey(username), ip: `ip:${ip}` };
    const inserted: { id: string }[] = await this.db.query('INSERT INTO login_attempts (key) VALUES ($1), ($2) RETURNING id', [
      keys.user,
      keys.ip,
    ]);
    const ids = inserted.map((r) => r.id);
    const recent: { id: string; key: string; remainingMs: string }[] = await this.db.query(
      `SELECT id, key, extract(epoch FROM at + make_interval(secs => $2) - now()) * 1000 AS "remainingMs"
         FROM login_attempts WHERE key = ANY($1) AND at > now() - make_interval(secs => $2)
        ORDER BY at DESC, id DESC`,
      [[keys.user, keys.ip], WINDOW_SECONDS],
    );
    const wait = Math.max(
      this.waitFor(recent, keys.user, ids, LIMITS.loginFailuresPerUser),
      this.waitFor(recent, keys.ip, ids, LIMITS.loginFailuresPerIp),
    );
    if (wait > 0) {
      await this.forget(ids);
      throw rateLimited(Math.max(1, Math.ceil(wait / 1000)));
    }
    return { username, ids };
  }

  /** The password was right: this attempt does not count, nor do the username's earlier failures. */
  async succeeded(attempt: PasswordAttempt): Promise<void> {
    await this.db.query('DELETE FROM login_attempts WHERE id = ANY($1::bigint[]) OR key = $2', [
      attempt.ids,
      userKey(attempt.username),
    ]);
  }

  /**
   * How long until `key` has fewer than `limit` attempts besides this one (0: it has now). Rows
   * are newest first; the limit-th newest of the others is the one that has to age out.
   */
  private waitFor(recent: { id: string; key: string; remainingMs: string }[], key: string, own: string[], limit: number): number {
    const others = recent.filter((r) => r.key === key && !own.includes(r.id));
    if (others.length < limit) return 0;
    return Number(others[limit - 1]?.remainingMs ?? 0);
  }

  private async forget(ids: string[]): Promise<void> {
    await this.db.query('DELETE FROM login_attempts WHERE id = ANY($1::bigint[])', [ids]);
  }

  private sweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.db
      .query('DELETE FROM login_attempts WHERE at < now() - make_interval(secs => $1)', [WINDOW_SECONDS])
      .catch((err: unknown) => this.logger.warn(`sweeping old login attempts failed: ${String(err)}`));
  }
}
