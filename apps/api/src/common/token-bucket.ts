/** A token bucket's state: tokens left, and when they were last topped up. */
export interface TokenBucket {
  tokens: number;
  refilledAt: number;
}

/** The bucket's tokens at `now`: what it had plus the refill since, up to `burst`. */
export function tokensAt(bucket: TokenBucket, now: number, burst: number, perSecond: number): number {
  return Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * perSecond);
}

/** Refills the bucket up to `now` and takes one token if there is one; false when it is empty. */
export function takeToken(bucket: TokenBucket, now: number, burst: number, perSecond: number): boolean {
  bucket.tokens = tokensAt(bucket, now, burst, perSecond);
  bucket.refilledAt = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
