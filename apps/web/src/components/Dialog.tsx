import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n/i18n';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Optional line under the title. */
  description?: string;
  size?: 'small' | 'medium';
}

/**
 * A modal dialog on the native <dialog>: the browser traps focus and makes the page inert.
 * Mount it to open, unmount to close; Escape closes it and focus returns to whatever opened it.
 * The control marked `data-autofocus` gets the focus first.
 */
export function Dialog({ title, onClose, children, description, size = 'medium' }: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // React's autoFocus fires while the dialog is still closed, so the dialog picks the field itself.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      // Runs after the dialog left the page, when the opener is focusable again. Without moving
      // the page: the opener may be the whole text (a comment on a passage deep in a long report),
      // which the browser would otherwise scroll to its top.
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {description && (
        <p id={descriptionId} className="dialog-description">
          {description}
        </p>
      )}
      {children}
    </dialog>
  );
}
