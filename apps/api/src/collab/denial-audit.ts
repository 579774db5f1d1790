import { Injectable } from '@nestjs/common';
import type { AuditDetailsOf, DeniedReason } from '@review/shared';
import { AuditService } from '../audit/index.js';

/** Refused updates of one user in one report are audited at most once per this interval. */
const DENIED_AUDIT_INTERVAL_MS = 10_000;
const REMEMBERED = 10_000;

/** Refused updates in the audit trail: a stream of refusals is recorded once per interval, with a count. */
@Injectable()
export class DenialAudit {
  /** Per report and user: when a refusal was last audited, and how many were not since. */
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly audit: AuditService) {}

  record(reportId: string, userId: string, reason: DeniedReason): void {
    // Nothing is recorded into a trail that is not protected; the refusal is the operator's, not the user's.
    if (reason === 'unavailable') return;
    const key = `${reportId}|${userId}`;
    const now = Date.now();
    const last = this.last.get(key);
    if (last && now - last.at < DENIED_AUDIT_INTERVAL_MS) {
      last.suppressed += 1;
      return;
    }
    this.last.set(key, { at: now, suppressed: 0 });
    if (this.last.size > REMEMBERED) {
      for (const [k, v] of this.last) if (now - v.at >= DENIED_AUDIT_INTERVAL_MS) this.last.delete(k);
    }
    const details: AuditDetailsOf['denied'] = { attempt: 'edit', reason, via: 'collab' };
    if (last?.suppressed) details.alsoRefusedBefore = last.suppressed;
    this.audit.recordInBackground(reportId, userId, 'denied', details);
  }
}
