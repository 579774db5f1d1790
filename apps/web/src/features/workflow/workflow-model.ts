import type { DiffBlock, ReportRelation, ReportState, VersionDto, VersionReason, WorkflowAction } from '@review/shared';
import type { MessageKey } from '../../i18n/messages';

/** What the main area shows instead of the editor: a version read-only, or a redline. */
export type WorkflowView =
  | { kind: 'version'; versionId: string }
  | { kind: 'diff'; from: string; to: string | 'current'; since?: boolean };

export const ACTION_LABEL: Record<WorkflowAction, MessageKey> = {
  submit: 'workflow.action.submit',
  withdraw: 'workflow.action.withdraw',
  request_changes: 'workflow.action.request_changes',
  approve: 'workflow.action.approve',
  reopen: 'workflow.action.reopen',
};

export const ACTION_DONE: Record<WorkflowAction, MessageKey> = {
  submit: 'workflow.done.submit',
  withdraw: 'workflow.done.withdraw',
  request_changes: 'workflow.done.request_changes',
  approve: 'workflow.done.approve',
  reopen: 'workflow.done.reopen',
};

export const REASON_LABEL: Record<VersionReason, MessageKey> = {
  submit: 'history.reason.submit',
  approve: 'history.reason.approve',
  manual: 'history.reason.manual',
  restore: 'history.reason.restore',
};

/** The sentence that says what happens next, for this person. */
export function nextStepKey(state: ReportState, relation: ReportRelation, hasReviewer: boolean): MessageKey {
  switch (state) {
    case 'draft':
      if (relation === 'author') return hasReviewer ? 'workflow.next.draft.author' : 'workflow.next.draft.authorNoReviewer';
      return relation === 'reviewer' ? 'workflow.next.draft.reviewer' : 'workflow.next.draft.member';
    case 'in_review':
      if (relation === 'reviewer') return 'workflow.next.in_review.reviewer';
      return relation === 'author' ? 'workflow.next.in_review.author' : 'workflow.next.in_review.member';
    case 'changes_requested':
      return relation === 'author' ? 'workflow.next.changes_requested.author' : 'workflow.next.changes_requested.other';
    case 'approved':
      return relation === 'reviewer' ? 'workflow.next.approved.reviewer' : 'workflow.next.approved.other';
  }
}

/**
 * The version a reviewer compares against to see what changed since they last looked: the
 * submission before the current review round while a review is on (the newest submission *is*
 * the current round), otherwise the newest submission. `versions` are newest first.
 */
export function changesSinceVersion(versions: readonly VersionDto[], state: ReportState): VersionDto | null {
  const submits = versions.filter((v) => v.reason === 'submit');
  if (state === 'in_review' && submits.length >= 2) return submits[1] ?? null;
  return submits[0] ?? null;
}

/** Characters (code points) inserted and deleted in a diff. */
export function diffStats(blocks: readonly DiffBlock[]): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  const count = (s: string) => [...s].length;
  for (const block of blocks) {
    for (const seg of block.segments) {
      const op = block.op === 'insert' || block.op === 'delete' ? block.op : seg.op;
      if (op === 'insert') inserted += count(seg.text);
      else if (op === 'delete') deleted += count(seg.text);
    }
  }
  return { inserted, deleted };
}

/** `abcdef12…9a0b`: enough to recognise a hash at a glance. */
export function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 12)}…${hash.slice(-6)}` : hash;
}

export const isListItem = (type: string) => type === 'bulletItem' || type === 'orderedItem';

/** A count in the user's number format (2,000). */
export const formatCount = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);
