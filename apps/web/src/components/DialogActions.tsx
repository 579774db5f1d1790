import { useI18n } from '../i18n/i18n';

interface DialogActionsProps {
  /** Closes the dialog without doing anything. */
  onCancel(): void;
  /** The cancel button's text; "Cancel" by default. */
  cancelLabel?: string;
  /** The submit button's text; without it there is only the cancel button. */
  submitLabel?: string;
  /** The request is on its way: the submit button is disabled and says so, when there is a text for it. */
  pending?: boolean;
  pendingLabel?: string;
  /** Not ready to submit (e.g. nothing chosen yet). */
  disabled?: boolean;
  /** A plain `button` that calls this, instead of the form's submit button. */
  onSubmit?: () => void;
  /** The main button's look: primary by default, danger for what cannot be undone. */
  tone?: 'primary' | 'danger';
  /** Which button takes the focus when the dialog opens (with no field to start in). */
  autoFocus?: 'cancel' | 'submit';
}

/** The row at the foot of a dialog: cancel, and the action (disabled while not ready or on its way). */
export function DialogActions({
  onCancel,
  cancelLabel,
  submitLabel,
  pending = false,
  pendingLabel,
  disabled = false,
  onSubmit,
  tone = 'primary',
  autoFocus,
}: DialogActionsProps) {
  const { t } = useI18n();
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onCancel} data-autofocus={autoFocus === 'cancel' || undefined}>
        {cancelLabel ?? t('common.cancel')}
      </button>
      {submitLabel !== undefined && (
        <button
          type={onSubmit ? 'button' : 'submit'}
          className={`button ${tone}`}
          onClick={onSubmit}
          disabled={pending || disabled}
          data-autofocus={autoFocus === 'submit' || undefined}
        >
          {pending && pendingLabel ? pendingLabel : submitLabel}
        </button>
      )}
    </div>
  );
}
