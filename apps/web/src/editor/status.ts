import type { Access, ReportRelation, ReportState } from '@review/shared';
import type { MessageKey } from '../i18n/messages';
import type { SessionState } from './collab-session';

export type SaveStatusKind = 'saved' | 'saving' | 'offline' | 'reconnecting' | 'connecting' | 'syncing' | 'denied' | 'refused';

export interface SaveStatus {
  kind: SaveStatusKind;
  /** Local changes the server has not confirmed yet. */
  waiting: number;
}

/** What the status line says, from the provider's snapshot and the browser's network state. */
export function saveStatusOf(state: SessionState): SaveStatus {
  const { snapshot } = state;
  const waiting = snapshot.unsaved;
  if (snapshot.status === 'refused') return { kind: 'refused', waiting };
  if (snapshot.denied) return { kind: 'denied', waiting };
  if (!state.online) return { kind: 'offline', waiting };
  switch (snapshot.status) {
    case 'synced':
      return { kind: waiting > 0 ? 'saving' : 'saved', waiting };
    case 'syncing':
      return { kind: 'syncing', waiting };
    case 'offline':
      return { kind: 'reconnecting', waiting };
    default:
      return { kind: state.everSynced ? 'reconnecting' : 'connecting', waiting };
  }
}

export function saveStatusText(status: SaveStatus): { key: MessageKey; count?: number } {
  const { kind, waiting } = status;
  if (kind === 'offline' || kind === 'reconnecting') {
    if (waiting === 0) return { key: `editor.status.${kind}` };
    return { key: waiting === 1 ? `editor.status.${kind}.one` : `editor.status.${kind}.many`, count: waiting };
  }
  return { key: `editor.status.${kind}` };
}

/** Why the user cannot edit now, as a banner message; null when they can. */
export function accessReason(access: Access, state: ReportState, relation: ReportRelation): MessageKey | null {
  if (access === 'edit') return null;
  if (state === 'approved') return 'editor.access.approved';
  if (relation === 'member') return 'editor.access.member';
  if (state === 'in_review') return 'editor.access.inReview';
  if (state === 'changes_requested') return 'editor.access.changesRequested';
  return 'editor.access.viewOnly';
}
