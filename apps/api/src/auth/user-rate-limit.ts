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
 * Requests of one kind per signed-in user: a token bucket of `burst` requests, refilled at `rate`
 * per second. A person working in the app stays far below it; a script in a loop gets 429 with
 * Retry-After. Counted per node, as the collab server's per-socket limit is.
 */
abstract class UserRateLimit {
  private readonly logger: Logger;
  private readonly prefix: string;
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = Date.now();

  protected constructor(
    /** What is counted, in the plural ("writes"); the log says "<one> rate limit: …". */
    private readonly kind: string,
    one: string,
    private readonly burst: number,
    private readonly rate: number,
    private readonly refusal: string,
  ) {
    this.prefix = `${one} rate limit`;
    this.logger = new Logger(`RateLimit:${kind}`);
  }

  /** Takes one request from the user's bucket; throws 429 when it is empty. */
  take(userId: string, username: string): void {
    const now = Date.now();
    this.sweep(now);
    const { burst, rate } = this;
    const bucket = this.buckets.get(userId) ?? { tokens: burst, refilledAt: now, refused: 0 };
    this.buckets.set(userId, bucket);
    if (takeToken(bucket, now, burst, rate)) {
      if (bucket.refused > 0) {
        this.logger.warn(`${this.prefix}: ${bucket.refused} ${this.kind} of ${username} were refused`);
        bucket.refused = 0;
      }
      return;
    }
    if (bucket.refused === 0) this.logger.warn(`${this.prefix}: ${username} is over ${rate} ${this.kind}/s; refusing`);
    bucket.refused += 1;
    throw rateLimited(Math.max(1, Math.ceil((1 - bucket.tokens) / rate)), this.refusal);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      if (tokensAt(b, now, this.burst, this.rate) >= this.burst) this.buckets.delete(key);
    }
  }
}

/** State-changing HTTP requests (POST, PUT, PATCH, DELETE) per user: comments, versions, reports. */
@Injectable()
export class WriteRateLimit extends UserRateLimit {
  constructor(config: AppConfig) {
    super('writes', 'write', config.httpWriteBurst, config.httpWritesPerSecond, 'Too many changes in a short time');
  }
}

/**
 * Reads that cost the server real work or leave an audit event (@HeavyRead: content, checks,
 * export, diff, version content, chain verification) per user, so that a loop of them neither
 * holds the server nor pushes a report's history out of view.
 */
@Injectable()
export class HeavyReadRateLimit extends UserRateLimit {
  constructor(config: AppConfig) {
    super('heavy reads', 'heavy read', config.httpHeavyReadBurst, config.httpHeavyReadsPerSecond, 'Too many exports or document reads in a short time');
  }
}
