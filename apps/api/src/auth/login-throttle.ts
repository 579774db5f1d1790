import { Injectable } from '@nestjs/common';
import { LIMITS } from '@review/shared';
import { rateLimited } from '../common/app-error.js';

/**
 * Counts failed logins per username and per client IP in a sliding window. Only failures
 * count, so a user who types the right password is never slowed down by their own success,
 * and a lock-out ends by itself when the window has passed.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private lastSweep = Date.now();

  /** Throws 429 when either key is over its limit. */
  check(username: string, ip: string): void {
    const now = Date.now();
    this.sweep(now);
    const wait = Math.max(
      this.retryAfter(`u:${username.toLowerCase()}`, LIMITS.loginFailuresPerUser, now),
      this.retryAfter(`ip:${ip}`, LIMITS.loginFailuresPerIp, now),
    );
    if (wait > 0) throw rateLimited(Math.ceil(wait / 1000));
  }

  recordFailure(username: string, ip: string): void {
    const now = Date.now();
    for (const key of [`u:${username.toLowerCase()}`, `ip:${ip}`]) {
      const list = this.failures.get(key) ?? [];
      list.push(now);
      this.failures.set(key, list);
    }
  }

  recordSuccess(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }

  private retryAfter(key: string, limit: number, now: number): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < LIMITS.loginWindowMs);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    if (recent.length < limit) return 0;
    const oldestCounted = recent[recent.length - limit] ?? now;
    return oldestCounted + LIMITS.loginWindowMs - now;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < LIMITS.loginWindowMs) return;
    this.lastSweep = now;
    for (const [key, list] of this.failures) {
      if (list.every((t) => now - t >= LIMITS.loginWindowMs)) this.failures.delete(key);
    }
  }
}
