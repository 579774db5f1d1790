import type { ReactNode, RefObject } from 'react';
import { useI18n } from '../../i18n/i18n';

export interface ViewerHeadProps {
  title: string;
  meta?: ReactNode;
  actions?: ReactNode;
  /** Takes the focus when the view opens or changes. */
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose(): void;
}

/** The viewer's title, what it shows, its actions and the way back to the text. */
export function ViewerHead({ title, meta, actions, headingRef, onClose }: ViewerHeadProps) {
  const { t } = useI18n();
  return (
    <header className="viewer-head">
      <div className="viewer-head-text">
        <h2 id="viewer-title" ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        {meta && <div className="viewer-meta">{meta}</div>}
      </div>
      <div className="viewer-actions">
        {actions}
        <button type="button" className="button small" onClick={onClose} aria-keyshortcuts="Escape">
          {t('viewer.back')}
        </button>
      </div>
    </header>
  );
}
