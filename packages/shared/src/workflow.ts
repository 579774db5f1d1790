/**
 * The review workflow and the access table (docs/protocol.md). The API enforces these,
 * the collaboration server checks every update against `accessFor`, and the web app
 * shows only what they allow.
 */
export const REPORT_STATES = ['draft', 'in_review', 'changes_requested', 'approved'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const WORKFLOW_ACTIONS = ['submit', 'withdraw', 'request_changes', 'approve', 'reopen'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export const TEAM_ROLES = ['drafter', 'supervisor'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export type Access = 'edit' | 'comment' | 'view';

/** How a user stands towards one report. */
export type ReportRelation = 'author' | 'reviewer' | 'member';

export interface Transition {
  from: readonly ReportState[];
  to: ReportState;
  /** Who may take it; `admin` means a global admin regardless of relation. */
  by: readonly (ReportRelation | 'admin')[];
}

export const TRANSITIONS: Record<WorkflowAction, Transition> = {
  submit: { from: ['draft', 'changes_requested'], to: 'in_review', by: ['author'] },
  withdraw: { from: ['in_review'], to: 'draft', by: ['author'] },
  request_changes: { from: ['in_review'], to: 'changes_requested', by: ['reviewer'] },
  approve: { from: ['in_review'], to: 'approved', by: ['reviewer'] },
  reopen: { from: ['approved'], to: 'draft', by: ['reviewer', 'admin'] },
};

/**
 * The states in which a report waits for its reviewer (待我审核): those the reviewer decides
 * from, by approving or requesting changes. A draft the author has not submitted waits for nobody.
 */
export const AWAITING_REVIEW_STATES: readonly ReportState[] = TRANSITIONS.approve.from;

const ACCESS: Record<ReportState, Record<ReportRelation, Access>> = {
  draft: { author: 'edit', reviewer: 'edit', member: 'view' },
  in_review: { author: 'comment', reviewer: 'edit', member: 'view' },
  changes_requested: { author: 'edit', reviewer: 'comment', member: 'view' },
  approved: { author: 'view', reviewer: 'view', member: 'view' },
};

export interface ReportParties {
  authorId: string;
  reviewerId: string | null;
}

/**
 * The relation of a team member to a report. The author wins if author and reviewer coincide.
 * Given the member's team role, the named reviewer counts as reviewer only while a supervisor
 * (a supervisor demoted to drafter loses the reviewer's rights at once).
 */
export function relationTo(report: ReportParties, userId: string, role?: TeamRole): ReportRelation {
  if (report.authorId === userId) return 'author';
  if (report.reviewerId === userId && (role === undefined || role === 'supervisor')) return 'reviewer';
  return 'member';
}

/** What a team member may do with a report's content in its current state. */
export function accessFor(state: ReportState, relation: ReportRelation): Access {
  return ACCESS[state][relation];
}

/** The actions a user may take on a report now (approval additionally never by the author). */
export function allowedActions(
  state: ReportState,
  relation: ReportRelation,
  isAdmin: boolean,
): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => {
    const t = TRANSITIONS[action];
    if (!t.from.includes(state)) return false;
    if (action === 'approve' && relation === 'author') return false;
    return t.by.includes(relation) || (isAdmin && t.by.includes('admin'));
  });
}
