import { Injectable, Logger } from '@nestjs/common';
import { rateLimited } from '../common/app-error.js';
import { type TokenBucket, takeToken, tokensAt } from '../common/token-bucket.js';
import { AppConfig } from '../config/app-config.js';

interface Bucket extends TokenBucket {
  /** Requests refused since the bucket last ran dry, for one log line per episode. */
  refused: number;
}

/** Buckets untouched this long are full again and forgotten. */
const SWEEP_EVERY_MS = 60_000;

/**
 * State-changing HTTP requests per signed-in user: a token bucket of `httpWriteBurst` requests,
 * refilled at `httpWritesPerSecond`. A person working in the app stays far below it; a script
 * flooding comments, versions or reports gets 429 with Retry-After. Counted per node, as the
 * collab server's per-socket limit is.
 */
@Injectable()
export class WriteRateLimit {
  private readonly logger = new Logger(WriteRateLimit.name);
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = Date.now();

  constructor(private readonly config: AppConfig) {}

  /** Takes one request from the user's bucket; throws 429 when it is empty. */
  take(userId: string, username: string): void {
    const now = Date.now();
    this.sweep(now);
    const { httpWriteBurst: burst, httpWritesPerSecond: rate } = this.config;
    const bucket = this.buckets.get(userId) ?? { tokens: burst, refilledAt: now, refused: 0 };
    this.buckets.set(userId, bucket);
    if (takeToken(bucket, now, burst, rate)) {
      if (bucket.refused > 0) {
        this.logger.warn(`write rate limit: ${bucket.refused} requests of ${username} were refused`);
        bucket.refused = 0;
      }
      return;
    }
    if (bucket.refused === 0) this.logger.warn(`write rate limit: ${username} is over ${rate} writes/s; refusing`);
    bucket.refused += 1;
    throw rateLimited(Math.max(1, Math.ceil((1 - bucket.tokens) / rate)), 'Too many changes in a short time');
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    const { httpWriteBurst: burst, httpWritesPerSecond: rate } = this.config;
    for (const [key, b] of this.buckets) {
      if (tokensAt(b, now, burst, rate) >= burst) this.buckets.delete(key);
    }
  }
}
