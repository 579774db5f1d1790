import { type NotificationDto, REPORT_STATES, type ReportState } from '@review/shared';
import type { Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const STATE_SENTENCE: Record<ReportState, MessageKey> = {
  in_review: 'notifications.state.in_review',
  changes_requested: 'notifications.state.changes_requested',
  approved: 'notifications.state.approved',
  draft: 'notifications.state.draft',
};

const isState = (v: string): v is ReportState => REPORT_STATES.some((s) => s === v);

/** A notification in plain language (王芳 在《…》中提到了你), and the comment it quotes, if any. */
export function notificationText(n: NotificationDto, t: Translate): { sentence: string; excerpt: string | null } {
  const vars = { actor: n.actorName ?? t('notifications.someone'), title: n.reportTitle };
  switch (n.kind) {
    case 'mention':
      return { sentence: t('notifications.mention', vars), excerpt: n.text || null };
    case 'reply':
      return { sentence: t('notifications.reply', vars), excerpt: n.text || null };
    case 'state':
      return {
        sentence: isState(n.text) ? t(STATE_SENTENCE[n.text], vars) : t('notifications.state.other', { ...vars, state: n.text }),
        excerpt: null,
      };
    default:
      return { sentence: t('notifications.other', vars), excerpt: null };
  }
}

/** Where a notification leads: the report, and the thread it is about. */
export function notificationTarget(n: NotificationDto): string {
  return n.threadId ? `/reports/${n.reportId}?thread=${encodeURIComponent(n.threadId)}` : `/reports/${n.reportId}`;
}

