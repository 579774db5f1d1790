import type { DeniedInfo } from '@review/shared';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { copyText } from './clipboard';

/**
 * Why the text is read-only right now: a note in the editor's bar, where the formatting tools of
 * those who may edit would be (the state bar above already says where the report stands).
 */
export function AccessNotice({ reason }: { reason: MessageKey }) {
  const { t } = useI18n();
  return (
    <p className="notice-readonly" role="note">
      <LockIcon />
      <span>{t(reason)}</span>
    </p>
  );
}

interface CopyOwnTextProps {
  /** The user's text as it is on screen, edits the server lacks included. */
  text: () => string;
  children?: ReactNode;
}

/** Copies the text on screen, or, where the browser refuses, shows it in a box to copy by hand. */
function CopyOwnText({ text, children }: CopyOwnTextProps) {
  const { t } = useI18n();
  const [copy, setCopy] = useState<{ ok: boolean; text: string } | null>(null);

  const onCopy = async () => {
    const value = text();
    setCopy({ ok: await copyText(value), text: value });
  };

  return (
    <>
      <div className="notice-actions">
        <button type="button" className="button primary" onClick={() => void onCopy()}>
          {t('editor.denied.copy')}
        </button>
        {children}
        {copy?.ok && (
          <span className="notice-done" role="status">
            {t('editor.denied.copied')}
          </span>
        )}
      </div>
      {copy && !copy.ok && (
        <div className="copy-fallback">
          <p>{t('editor.denied.copyFailed')}</p>
          <label className="visually-hidden" htmlFor="own-text-copy">
            {t('editor.denied.copyBox')}
          </label>
          <textarea id="own-text-copy" readOnly value={copy.text} rows={8} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
    </>
  );
}

interface DeniedNoticeProps {
  denied: DeniedInfo;
  /** Why the user may not edit now, when the current access tells (e.g. 审核中：仅审核人可编辑). */
  why: MessageKey | null;
  text: () => string;
  onDiscard: () => void;
}

/** The server refused edits: say so, keep them on screen, and offer to copy them before reloading. */
export function DeniedNotice({ denied, why, text, onDiscard }: DeniedNoticeProps) {
  const { t } = useI18n();
  return (
    <div className="editor-notice notice-denied" role="alert">
      <h2 className="notice-title">{t('editor.denied.title')}</h2>
      <p>
        {t('editor.denied.body', { why: t(why ?? `editor.denied.${denied.reason}`) })}
      </p>
      <CopyOwnText text={text}>
        <button type="button" className="button" onClick={onDiscard}>
          {t('editor.denied.discard')}
        </button>
      </CopyOwnText>
    </div>
  );
}

interface RefusedNoticeProps {
  error: string | null;
  /** Local changes the server never confirmed; the user may still copy them. */
  unsaved: number;
  text: () => string;
}

/** Joining the document failed. */
export function RefusedNotice({ error, unsaved, text }: RefusedNoticeProps) {
  const { t } = useI18n();
  const key: MessageKey =
    error === 'unavailable' || error === 'rate_limited' || error === 'too_many_rooms' ? `editor.refused.${error}` : 'editor.refused.not_found';
  const retry =
    error === 'unavailable' || error === 'rate_limited' || error === 'too_many_rooms' ? (
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('editor.refused.retry')}
      </button>
    ) : null;
  return (
    <div className="editor-notice notice-denied" role="alert">
      <h2 className="notice-title">{t('editor.refused.title')}</h2>
      <p>
        {unsaved > 0 ? t('editor.refused.withUnsaved', { reason: t(key), count: unsaved }) : t(key)}
      </p>
      {unsaved > 0 ? <CopyOwnText text={text}>{retry}</CopyOwnText> : retry && <div className="notice-actions">{retry}</div>}
    </div>
  );
}

function LockIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" className="notice-icon">
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}
