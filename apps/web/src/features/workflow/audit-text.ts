import { type AuditAttempt, type AuditDenialReason, type AuditEventDto, WORKFLOW_ACTIONS, type WorkflowAction } from '@review/shared';
import type { Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ACTION_LABEL, REASON_LABEL } from './workflow-model';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isAction = (v: unknown): v is WorkflowAction => WORKFLOW_ACTIONS.some((a) => a === v);

const DENIED_REASON: Record<AuditDenialReason, MessageKey> = {
  no_edit_access: 'audit.reason.no_edit_access',
  state_changed: 'audit.reason.state_changed',
  foreign_items: 'audit.reason.foreign_items',
  too_large: 'audit.reason.too_large',
  unavailable: 'audit.reason.unavailable',
  invalid_credentials: 'audit.reason.invalid_credentials',
  forbidden: 'audit.reason.forbidden',
};

/** What a refused request tried to do, besides the workflow actions and editing. */
const ATTEMPT: Record<Exclude<AuditAttempt, WorkflowAction | 'edit'>, MessageKey> = {
  restore: 'audit.attempt.restore',
  version: 'audit.attempt.version',
  update: 'audit.attempt.update',
  thread: 'audit.attempt.thread',
  comment: 'audit.attempt.comment',
  comment_edit: 'audit.attempt.comment_edit',
  comment_delete: 'audit.attempt.comment_delete',
  resolve: 'audit.attempt.resolve',
  reopen_thread: 'audit.attempt.reopen_thread',
};

const isVersionReason = (v: unknown): v is keyof typeof REASON_LABEL => typeof v === 'string' && v in REASON_LABEL;

function reasonText(reason: unknown, t: Translate): string {
  const r = str(reason);
  if (!r) return t('audit.reason.unknown');
  return r in DENIED_REASON ? t(DENIED_REASON[r as AuditDenialReason]) : r;
}

/** "3 分钟", "1 小时 5 分钟", "不到 1 分钟". */
export function durationText(fromIso: unknown, toIso: unknown, t: Translate): string | undefined {
  const from = Date.parse(String(fromIso));
  const to = Date.parse(String(toIso));
  if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  const minutes = Math.round((to - from) / 60_000);
  if (minutes < 1) return t('audit.duration.lessThanMinute');
  if (minutes < 60) return t('audit.duration.minutes', { minutes });
  return t('audit.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** One audit event in plain language, e.g. “王芳 提交审核” or “李华 退回修改：请补充事例”. */
export function describeAuditEvent(e: AuditEventDto, t: Translate, formatNumber: (n: number) => string): string {
  const actor = e.actorName ?? (e.actor ? t('people.unknown') : t('audit.system'));
  const d = e.details;
  const version = num(d.versionNumber) ?? num(d.number);
  switch (e.action) {
    case 'create':
      return t('audit.create', { actor });
    case 'import':
      return t('audit.import', { actor });
    case 'submit': {
      const override = str(d.overrideReason);
      return override ? t('audit.submitOverride', { actor, reason: override }) : t('audit.submit', { actor });
    }
    case 'withdraw':
      return t('audit.withdraw', { actor });
    case 'request_changes': {
      const message = str(d.message);
      return message ? t('audit.requestChangesMessage', { actor, message }) : t('audit.requestChanges', { actor });
    }
    case 'approve':
      return version === undefined ? t('audit.approve', { actor }) : t('audit.approveVersion', { actor, number: version });
    case 'reopen': {
      const message = str(d.message);
      return message ? t('audit.reopenMessage', { actor, message }) : t('audit.reopen', { actor });
    }
    case 'version': {
      const label = str(d.label);
      if (version === undefined) return t('audit.versionPlain', { actor });
      if (label) return t('audit.versionLabelled', { actor, number: version, label });
      // Submissions, approvals and restores keep a version of their own accord.
      if (isVersionReason(d.reason) && d.reason !== 'manual') {
        return t('audit.versionAuto', { actor, number: version, reason: t(REASON_LABEL[d.reason]) });
      }
      return t('audit.version', { actor, number: version });
    }
    case 'update': {
      const title = str(d.title);
      if (title) return t('audit.updateTitle', { actor, title });
      return 'reviewerId' in d ? t('audit.updateReviewer', { actor }) : t('audit.update', { actor });
    }
    case 'restore':
      return version === undefined ? t('audit.restorePlain', { actor }) : t('audit.restore', { actor, number: version });
    case 'edit_session': {
      const inserted = formatNumber(num(d.inserted) ?? 0);
      const deleted = formatNumber(num(d.deleted) ?? 0);
      const duration = durationText(d.firstAt, d.lastAt, t);
      return duration
        ? t('audit.editSession', { actor, duration, inserted, deleted })
        : t('audit.editSessionPlain', { actor, inserted, deleted });
    }
    case 'denied': {
      const reason = reasonText(d.reason, t);
      const attempt = d.attempt ?? d.action;
      const repeated = num(d.alsoRefusedBefore);
      const base =
        isAction(attempt) ? t('audit.deniedAction', { actor, action: t(ACTION_LABEL[attempt]), reason })
        : typeof attempt === 'string' && attempt in ATTEMPT
          ? t('audit.deniedAction', { actor, action: t(ATTEMPT[attempt as keyof typeof ATTEMPT]), reason })
        : t('audit.denied', { actor, reason });
      return repeated ? `${base}${t('audit.deniedRepeated', { count: formatNumber(repeated) })}` : base;
    }
    case 'thread': {
      const quote = str(d.quote);
      return quote ? t('audit.threadQuote', { actor, quote: quote.length > 30 ? `${quote.slice(0, 30)}…` : quote }) : t('audit.thread', { actor });
    }
    case 'comment':
      return t('audit.comment', { actor });
    case 'comment_edit':
      return t('audit.commentEdit', { actor });
    case 'comment_delete':
      return t('audit.commentDelete', { actor });
    case 'resolve':
      return t('audit.resolve', { actor });
    case 'reopen_thread':
      return t('audit.threadReopen', { actor });
    case 'export':
      return t('audit.export', { actor });
    default:
      return t('audit.other', { actor, action: e.action });
  }
}
