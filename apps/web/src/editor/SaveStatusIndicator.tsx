import { useI18n } from '../i18n/i18n';
import type { SessionState } from './collab-session';
import { saveStatusOf, saveStatusText } from './status';

/** Saved / Saving… / Offline — N changes waiting / Reconnecting, always in view. */
export function SaveStatusIndicator({ state }: { state: SessionState }) {
  const { t } = useI18n();
  const status = saveStatusOf(state);
  const text = saveStatusText(status);
  const hint =
    status.kind === 'saved'
      ? t('editor.status.savedHint')
      : (status.kind === 'offline' || status.kind === 'reconnecting') && status.waiting > 0
        ? t(state.keptLocally ? 'editor.status.keptLocally' : 'editor.status.notKept')
        : undefined;
  return (
    <p
      className={`save-status save-${status.kind}`}
      role="status"
      aria-label={t('editor.status.label')}
      title={hint}
      data-status={status.kind}
      data-waiting={status.waiting}
      data-kept-locally={state.keptLocally}
    >
      <span className="save-dot" aria-hidden="true" />
      <span className="save-text">{t(text.key, text.count === undefined ? undefined : { count: text.count })}</span>
    </p>
  );
}
