/**
 * The audit chain and signature binding, shared by the server (writing, verifying) and any
 * outside verifier. Each event's hash covers the previous event's hash and the canonical event,
 * so changing, removing or reordering any row breaks every link after it.
 */
import { sha256Hex, stableStringify } from './content.js';

/** prevHash of the first event of a report. */
export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditEventFields {
  reportId: string;
  seq: number;
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  actor: string | null;
  action: string;
  details: Record<string, unknown>;
}

export function canonicalAuditEvent(e: AuditEventFields): string {
  return stableStringify({ action: e.action, actor: e.actor, at: e.at, details: e.details, reportId: e.reportId, seq: e.seq });
}

/** sha256(prevHash ‖ canonical event). */
export function auditEventHash(prevHash: string, e: AuditEventFields): Promise<string> {
  return sha256Hex(prevHash + canonicalAuditEvent(e));
}

export interface SignatureFields {
  reportId: string;
  versionId: string;
  signer: string;
  meaning: string;
  signedAt: string;
  contentHash: string;
}

/** Binds a signature to its report, version, signer, time and content. */
export function signatureHash(s: SignatureFields): Promise<string> {
  return sha256Hex(
    stableStringify({
      contentHash: s.contentHash,
      meaning: s.meaning,
      reportId: s.reportId,
      signedAt: s.signedAt,
      signer: s.signer,
      versionId: s.versionId,
    }),
  );
}
