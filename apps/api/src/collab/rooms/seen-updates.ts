/** How long a node remembers that a room has an update, for the catch-up from the log. */
const SEEN_FOR_MS = 60_000;

/**
 * Which updates a room already holds, by fingerprint, so that the catch-up from the log passes
 * on only what this node missed. Remembered for a minute or two (two generations); forgetting
 * costs at most a duplicate that Yjs ignores, never a missed update.
 */
export class SeenUpdates {
  private current = new Set<number>();
  private previous = new Set<number>();
  private rotatedAt = Date.now();

  add(update: Uint8Array): void {
    this.rotate();
    this.current.add(fingerprint(update));
  }

  /** True (once) when the update was seen; forgets it then. */
  take(update: Uint8Array): boolean {
    const key = fingerprint(update);
    return this.current.delete(key) || this.previous.delete(key);
  }

  private rotate(): void {
    const now = Date.now();
    if (now - this.rotatedAt < SEEN_FOR_MS) return;
    this.previous = this.current;
    this.current = new Set();
    this.rotatedAt = now;
  }
}

/** 53-bit hash of the bytes (cyrb53): not cryptographic, collisions are negligible here. */
function fingerprint(bytes: Uint8Array): number {
  let h1 = 0xdeadbeef ^ bytes.length;
  let h2 = 0x41c6ce57 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
