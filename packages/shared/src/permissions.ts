/**
 * Who may do what with a report: one definition, used by the API to decide and by the web app
 * to show only what will be allowed. Built on the workflow and access tables (workflow.ts).
 */
import {
  type Access,
  accessFor,
  allowedActions,
  type ReportParties,
  type ReportRelation,
  type ReportState,
  relationTo,
  type TeamRole,
  type WorkflowAction,
} from './workflow.js';

/** The signed-in user as the rules see them, with their role in the report's team (if any). */
export interface Actor {
  id: string;
  isAdmin: boolean;
  /** Role in the report's team; undefined when not a member (an admin looking in). */
  role: TeamRole | undefined;
}

export interface ReportSubject extends ReportParties {
  state: ReportState;
}

/** How the actor stands towards the report; null for someone outside its team. */
export function relationOf(report: ReportParties, actor: Actor): ReportRelation | null {
  return actor.role ? relationTo(report, actor.id, actor.role) : null;
}

/** What the actor may do with the content now; outside the team, at most view. */
export function accessOf(report: ReportSubject, actor: Actor): Access {
  const relation = relationOf(report, actor);
  return relation === null ? 'view' : accessFor(report.state, relation);
}

export function canEdit(access: Access): boolean {
  return access === 'edit';
}

export function canComment(access: Access): boolean {
  return access === 'edit' || access === 'comment';
}

/** The workflow actions the actor may take now (approval never by the author). */
export function actionsOf(report: ReportSubject, actor: Actor): WorkflowAction[] {
  return allowedActions(report.state, relationOf(report, actor) ?? 'member', actor.isAdmin);
}

/** Saving a labelled version: the author, the reviewer, or an admin. */
export function maySaveVersion(report: ReportParties, actor: Actor): boolean {
  const relation = relationOf(report, actor);
  return actor.isAdmin || relation === 'author' || relation === 'reviewer';
}

/** Restoring a version is an edit: it needs edit access in the current state. */
export function mayRestoreVersion(report: ReportSubject, actor: Actor): boolean {
  return canEdit(accessOf(report, actor));
}

/** Who may name the reviewer at all: the author or an admin. */
export function mayChangeDetails(report: ReportParties, actor: Actor): boolean {
  return actor.isAdmin || relationOf(report, actor) === 'author';
}

/** Why the reviewer cannot change in this state (null: it can); the API answers 409 with it. */
export function reviewerLockedBy(state: ReportState): 'approved' | 'in_review' | null {
  if (state === 'approved') return 'approved';
  if (state === 'in_review') return 'in_review';
  return null;
}

export function mayChangeReviewer(report: ReportSubject, actor: Actor): boolean {
  return mayChangeDetails(report, actor) && reviewerLockedBy(report.state) === null;
}

/** The title is part of what is reviewed and signed: it changes under the same rules as the content. */
export function mayRename(report: ReportSubject, actor: Actor): boolean {
  return canEdit(accessOf(report, actor));
}

/** Resolving or reopening a thread: the reviewer or whoever opened it, while they may comment. */
export function mayResolveThread(report: ReportSubject, actor: Actor, openedBy: string): boolean {
  return canComment(accessOf(report, actor)) && (relationOf(report, actor) === 'reviewer' || openedBy === actor.id);
}

/** Editing or deleting a comment: only its author. */
export function mayChangeComment(commentAuthor: string, actor: Pick<Actor, 'id'>): boolean {
  return commentAuthor === actor.id;
}

/** Membership in a team is what makes its reports visible (admins see every report). */
export function mayViewReport(actor: Actor): boolean {
  return actor.isAdmin || actor.role !== undefined;
}
