/**
 * The audit chain and signature binding, shared by the server (writing, verifying) and any
 * outside verifier. Each event's hash covers the previous event's hash and the canonical event,
 * so changing, removing or reordering any row breaks every link after it.
 */
import type { ImportLeftOut, VersionReason } from './api-types.js';
import type { DeniedReason } from './collab/events.js';
import { sha256Hex, stableStringify } from './content.js';
import type { ReportState, WorkflowAction } from './workflow.js';

/** Every action the audit trail records. */
export const AUDIT_ACTIONS = [
  'create',
  'import',
  'update',
  'submit',
  'withdraw',
  'request_changes',
  'approve',
  'reopen',
  'version',
  'restore',
  'thread',
  'comment',
  'comment_edit',
  'comment_delete',
  'resolve',
  'reopen_thread',
  'export',
  'edit_session',
  'denied',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a refused attempt tried: a workflow action, or another change. */
export type AuditAttempt = WorkflowAction | 'edit' | 'update' | 'version' | 'restore' | 'thread' | 'comment' | 'comment_edit' | 'comment_delete' | 'resolve' | 'reopen_thread';

/** Why an attempt was refused: over the socket (DeniedReason), or over HTTP. */
export type AuditDenialReason = DeniedReason | 'forbidden' | 'invalid_credentials';

interface ReportDetails {
  title: string;
  teamId: string;
  reviewerId: string | null;
}

/** A transition's event; a submit and an approval also name the version they made. */
export interface TransitionDetails {
  from: ReportState;
  to: ReportState;
  message?: string;
  overrideReason?: string;
  /** Content problems a submit overrode. */
  overriddenProblems?: number;
  versionId?: string;
  versionNumber?: number;
  contentHash?: string;
  /** The approval's signature as recorded (id, meaning, signedAt, versionId, contentHash, bindingHash). */
  signature?: Record<string, unknown>;
  /** Signatures a reopen superseded. */
  supersededSignatures?: string[];
}

/** The details each action records. */
export interface AuditDetailsOf {
  create: ReportDetails & { template: string };
  import: ReportDetails & {
    file: { name: string; bytes: number; kind: string };
    titleFrom: 'request' | 'document' | 'file_name';
    outline: { level1: number; level2: number; paragraphs: number };
    /** Present when the import left part of the file out. */
    leftOut?: ImportLeftOut[];
  };
  update: { title?: string; reviewerId?: string | null };
  submit: TransitionDetails;
  withdraw: TransitionDetails;
  request_changes: TransitionDetails;
  approve: TransitionDetails;
  reopen: TransitionDetails;
  version: { versionId: string; number: number; reason: VersionReason; label?: string; contentHash: string };
  restore: { versionId: string; versionNumber: number; savedAsVersion: number; contentHash: string };
  thread: { threadId: string; commentId: string; quote: string; body: string };
  comment: { threadId: string; commentId: string; body: string };
  comment_edit: { threadId: string; commentId: string; previousBody?: string; body: string };
  comment_delete: { threadId: string; commentId: string; previousBody?: string };
  resolve: { threadId: string };
  reopen_thread: { threadId: string };
  export: { format: 'docx'; state: ReportState; contentHash: string; bytes: number; signedVersion?: number };
  /**
   * One stretch of one user's editing, from its first edit to its last: characters inserted, items
   * deleted. Recorded when the stretch ends (the user left, paused, or the report moved on).
   */
  edit_session: { firstAt: string; lastAt: string; updates: number; inserted: number; deleted: number };
  denied: { attempt: AuditAttempt; reason: AuditDenialReason; via: 'http' | 'collab'; alsoRefusedBefore?: number };
}

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
  /** The report's title as approved (absent in signatures made before titles were signed). */
  title?: string | null;
}

/** Binds a signature to its report, version, signer, time, content and title. */
export function signatureHash(s: SignatureFields): Promise<string> {
  return sha256Hex(
    stableStringify({
      contentHash: s.contentHash,
      meaning: s.meaning,
      reportId: s.reportId,
      signedAt: s.signedAt,
      signer: s.signer,
      ...(s.title === undefined || s.title === null ? {} : { title: s.title }),
      versionId: s.versionId,
    }),
  );
}

/** One event of a report's audit trail, as GET /reports/:id/audit answers. */
export interface AuditEventDto {
  seq: number;
  at: string;
  /** User id of the actor; null for the system. */
  actor: string | null;
  actorName: string | null;
  action: AuditAction;
  /** As AuditDetailsOf[action] describes, for events recorded since; older events may hold less. */
  details: Record<string, unknown>;
  hash: string;
  prevHash: string;
}

type ActivityEvent = Pick<AuditEventDto, 'seq' | 'action' | 'at' | 'details'>;

const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/**
 * When what an event records happened. An edit session runs from its first to its last edit, and
 * its event is recorded only when the session ends, after whatever happened meanwhile; any other
 * event happened at its time.
 */
export function activitySpan(e: ActivityEvent): { start: string; end: string } {
  const { firstAt, lastAt } = e.details;
  if (e.action === 'edit_session' && isTime(firstAt) && isTime(lastAt)) return { start: firstAt, end: lastAt };
  return { start: e.at, end: e.at };
}

/**
 * The events in the order things happened, for reading: by start, then in the chain's order.
 * Only a copy is ordered so; the chain itself stays in the order the events were recorded.
 */
export function inActivityOrder<E extends ActivityEvent>(events: readonly E[]): E[] {
  const start = (e: E) => Date.parse(activitySpan(e).start);
  return [...events].sort((a, b) => start(a) - start(b) || a.seq - b.seq);
}

export interface AuditVerifyDto {
  ok: boolean;
  /** How many events were checked. */
  events: number;
  /** Seq of the first event whose hash or link does not match. */
  brokenAt?: number;
  /** What is wrong, in words, when not ok. */
  problem?: string;
}
