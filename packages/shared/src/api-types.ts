/** Shapes of API responses, shared so the web app never hand-copies them. */
import type { ContentProblem } from './structure/checks.js';
import type { ReportState, TeamRole } from './workflow.js';

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  active: boolean;
  createdAt: string;
}

export interface MeDto {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  teams: { id: string; name: string; role: TeamRole }[];
}

export interface TeamDto {
  id: string;
  name: string;
  createdAt: string;
}

export interface TeamMemberDto {
  userId: string;
  username: string;
  displayName: string;
  role: TeamRole;
}

export interface ReportDto {
  id: string;
  teamId: string;
  title: string;
  state: ReportState;
  revision: number;
  authorId: string;
  reviewerId: string | null;
  contentHash: string;
  createdAt: string;
  updatedAt: string;
  /** Display names, so that lists need no further look-ups. */
  authorName: string;
  reviewerName: string | null;
  teamName: string;
  /**
   * The latest submission went ahead although the content checks failed: the reason the author
   * gave and how many problems it overrode. Null when the checks passed (or it was never submitted).
   */
  checksOverride: ChecksOverrideDto | null;
}

export interface ChecksOverrideDto {
  reason: string;
  problems: number;
}

/** What an import left out of the file: the sign-off page of the app's own export of an approved report. */
export type ImportLeftOut = 'sign_off_page';

/** POST /reports/import: the new report, and what of the file it left out (empty when nothing). */
export interface ImportedReportDto extends ReportDto {
  leftOut: ImportLeftOut[];
}

export interface ReportContentDto {
  contentHash: string;
  text: string;
  blocks: { type: string; level?: number; text: string }[];
}

/** Why a version was made: at submit and approve, by hand with a label, or before a restore. */
export type VersionReason = 'submit' | 'approve' | 'manual' | 'restore';

export interface VersionDto {
  id: string;
  /** 1, 2, 3 … per report. */
  number: number;
  label: string | null;
  reason: VersionReason;
  contentHash: string;
  createdBy: string;
  createdByName: string;
  createdAt: string;
}

/** A version with its content, for the read-only view. */
export interface VersionDetailDto extends VersionDto {
  blocks: { type: string; level?: number; text: string }[];
  text: string;
}

export type DiffBlockOp = 'equal' | 'insert' | 'delete' | 'change';
export type DiffSegmentOp = 'equal' | 'insert' | 'delete';

export interface DiffSegment {
  op: DiffSegmentOp;
  text: string;
}

export interface DiffBlock {
  op: DiffBlockOp;
  /** Block type (heading, paragraph, bulletItem, orderedItem …) on the newer side, else the older. */
  type: string;
  level?: number;
  segments: DiffSegment[];
}

export interface DiffDto {
  from: { id: string; number: number };
  to: { id: string; number: number } | 'current';
  /** Present when the report was renamed between the two sides (the title is part of what is reviewed). */
  title?: { from: string; to: string };
  blocks: DiffBlock[];
}

export interface SignatureDto {
  id: string;
  /** User id of the signer. */
  signer: string;
  signerName: string;
  /** What the signature means; `approved` (批准). */
  meaning: 'approved';
  signedAt: string;
  versionId: string;
  versionNumber: number;
  contentHash: string;
  superseded: boolean;
  supersededAt: string | null;
  /**
   * The audit chain's head just after this approval, signed by the server (the sign-off page
   * prints it); null for approvals made before anchors existed.
   */
  anchor: AuditAnchorDto | null;
}


export interface CommentDto {
  id: string;
  threadId: string;
  author: string;
  authorName: string;
  /** Empty once deleted. */
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export type ThreadStatus = 'open' | 'resolved';

export interface ThreadDto {
  id: string;
  reportId: string;
  /** Base64 of Y.encodeRelativePosition, inside the fragment `default`. */
  anchor: { start: string; end: string };
  quote: string;
  status: ThreadStatus;
  /** The anchored text was deleted: the thread keeps its quote. */
  outdated: boolean;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** The number of the latest version when the thread was made (0: none yet), and the log position. */
  versionNumber: number;
  madeAtSeq: number;
  /** The opening comment first. */
  comments: CommentDto[];
}

export type NotificationKind = 'mention' | 'reply' | 'state';

export interface NotificationDto {
  id: string;
  kind: NotificationKind;
  reportId: string;
  reportTitle: string;
  threadId: string | null;
  actor: string | null;
  actorName: string | null;
  /** For mentions and replies the comment text (shortened); for state changes the new state. */
  text: string;
  createdAt: string;
  read: boolean;
}

/** GET /notifications/unread-count: all of the user's unread notifications, not one page. */
export interface UnreadCountDto {
  count: number;
}

/** A template a new report can start from (GET /templates). */
export interface TemplateDto {
  id: string;
  name: string;
  description: string;
  /** A suggested report title, with placeholders such as ×××. */
  title: string;
}

/** GET /reports/:id/checks: what stands in the way of a submit. */
export interface ReportChecksDto {
  ok: boolean;
  problems: ContentProblem[];
}

/**
 * A point of a report's audit chain signed by the server's Ed25519 key: the chain had `events`
 * events and the last one's hash was `headHash`. The signature (base64) is over the JSON
 * {"events":…,"headHash":"…","reportId":"…"} with keys in that order, no spaces.
 */
export interface AuditAnchorDto {
  events: number;
  headHash: string;
  /** First 16 hex digits of the SHA-256 of the signing key's public key (DER, SPKI). */
  keyId: string;
  signature: string;
}

/** GET /api/audit/keys: the public keys that check anchors; `current` signs new ones. */
export interface AuditKeysDto {
  current: string;
  keys: { keyId: string; publicKeyPem: string }[];
}
