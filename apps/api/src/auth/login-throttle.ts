import { Injectable, Logger } from '@nestjs/common';
import { LIMITS } from '@review/shared';
import { DataSource } from 'typeorm';
import { rateLimited } from '../common/app-error.js';

/** One password attempt in progress: its rows in `login_attempts`, and the key a success clears. */
export interface PasswordAttempt {
  ids: string[];
  clears: string;
}

const WINDOW_SECONDS = LIMITS.loginWindowMs / 1000;
/** The first wait of a locked pair; each further failure doubles it, up to the window. */
const FIRST_WAIT_MS = 15_000;
/** How long an attempt for a username under attack is held back. */
const SLOWED_MS = 1_000;
/** Rows older than the window are deleted this often (by each node). */
const SWEEP_EVERY_MS = 5 * 60 * 1000;

const pairKey = (username: string, ip: string) => `p:${username.toLowerCase()}|${ip}`;
const userKey = (username: string) => `u:${username.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
const sessionKey = (sessionId: string) => `s:${sessionId}`;

interface Recent {
  id: string;
  key: string;
  /** Milliseconds since the attempt. */
  ageMs: string;
}

/**
 * Password attempts, counted in the database so that every node sees the same counts. It throttles
 * the attacker, not the user:
 * - one username from one address: after LIMITS.loginFailuresPerUser failures that pair waits,
 *   15 s after its last failure and twice as long after each further one;
 * - one address: LIMITS.loginFailuresPerIp failures within the window, whatever the usernames;
 * - one username from everywhere: past LIMITS.loginFailuresBeforeSlowing failures each attempt is
 *   held back a second, never refused, so the real user still signs in from their own address;
 * - the password re-entry that signs an approval counts per session, apart from sign-ins, so
 *   strangers' failed sign-ins never stop a signed-in reviewer from approving.
 * An attempt is recorded *before* the password is checked and counts unless it succeeds (guesses
 * sent at once are counted as they arrive); a refused attempt is not counted.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private lastSweep = 0;

  constructor(private readonly db: DataSource) {}

  /** A sign-in: records the attempt; throws 429 (and forgets it) when the pair or the address must wait. */
  async begin(username: string, ip: string): Promise<PasswordAttempt> {
    const keys = [pairKey(username, ip), ipKey(ip), userKey(username)] as const;
    const { ids, others } = await this.record([...keys]);
    const [pair, address, user] = keys.map((k) => others.filter((r) => r.key === k));
    const wait = Math.max(pairWait(pair ?? []), windowWait(address ?? [], LIMITS.loginFailuresPerIp));
    if (wait > 0) {
      await this.forget(ids);
      throw rateLimited(Math.max(1, Math.ceil(wait / 1000)));
    }
    if ((user?.length ?? 0) >= LIMITS.loginFailuresBeforeSlowing) await new Promise((r) => setTimeout(r, SLOWED_MS));
    return { ids, clears: keys[0] };
  }

  /** The password re-entry of a signed-in session (signing an approval), counted on its own. */
  async beginStepUp(sessionId: string): Promise<PasswordAttempt> {
    const key = sessionKey(sessionId);
    const { ids, others } = await this.record([key]);
    const wait = windowWait(others, LIMITS.stepUpFailuresPerSession);
    if (wait > 0) {
      await this.forget(ids);
      throw rateLimited(Math.max(1, Math.ceil(wait / 1000)), 'Too many wrong passwords');
    }
    return { ids, clears: key };
  }

  /** The password was right: this attempt does not count, nor do the earlier failures of its pair (or session). */
  async succeeded(attempt: PasswordAttempt): Promise<void> {
    await this.db.query('DELETE FROM login_attempts WHERE id = ANY($1::bigint[]) OR key = $2', [attempt.ids, attempt.clears]);
  }

  /** Inserts one row per key, and reads the other attempts of those keys within the window, newest first. */
  private async record(keys: string[]): Promise<{ ids: string[]; others: Recent[] }> {
    this.sweep();
    const inserted: { id: string }[] = await this.db.query(
      'INSERT INTO login_attempts (key) SELECT unnest($1::text[]) RETURNING id',
      [keys],
    );
    const ids = inserted.map((r) => String(r.id));
    const recent: Recent[] = await this.db.query(
      `SELECT id, key, extract(epoch FROM now() - at) * 1000 AS "ageMs"
         FROM login_attempts WHERE key = ANY($1) AND at > now() - make_interval(secs => $2)
        ORDER BY at DESC, id DESC`,
      [keys, WINDOW_SECONDS],
    );
    return { ids, others: recent.filter((r) => !ids.includes(String(r.id))) };
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

/**
 * How long a username-and-address pair must still wait (0: it may try now): nothing below the
 * limit; from it on, FIRST_WAIT_MS after its last failure, doubled for each failure beyond.
 */
export function pairWait(failures: { ageMs: string }[]): number {
  if (failures.length < LIMITS.loginFailuresPerUser) return 0;
  const wait = Math.min(LIMITS.loginWindowMs, FIRST_WAIT_MS * 2 ** (failures.length - LIMITS.loginFailuresPerUser));
  const sinceLast = Math.min(...failures.map((f) => Number(f.ageMs)));
  return Math.max(0, wait - sinceLast);
}

/** How long until fewer than `limit` failures remain in the window (0: now). Newest first. */
export function windowWait(failures: { ageMs: string }[], limit: number): number {
  if (failures.length < limit) return 0;
  return Math.max(0, LIMITS.loginWindowMs - Number(failures[limit - 1]?.ageMs ?? 0));
}
