/**
 * Keys of PostgreSQL advisory locks. A report's row lock (`SELECT … FOR UPDATE`) orders edits and
 * transitions; these order what has no row of its own.
 */

/** Deterministic 32-bit key of a report, for per-report advisory locks. */
export function reportLockKey(reportId: string): number {
  return Number.parseInt(reportId.replace(/-/g, '').slice(0, 8), 16) | 0;
}

/** Two-key lock space of a report's audit chain (compaction uses the one-key lock). */
export const AUDIT_LOCK_SPACE = 7;
