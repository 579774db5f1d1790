import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { generalError } from '../lib/forms';
import { Dialog } from './Dialog';
import { DialogActions } from './DialogActions';
import { FormError } from './FormError';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}

/** Asks before a consequential action; stays open and explains when the action fails. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(generalError(err, t));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} description={message} onClose={onClose} size="small">
      <FormError message={error} />
      <DialogActions
        onCancel={onClose}
        submitLabel={confirmLabel}
        onSubmit={() => void confirm()}
        pending={busy}
        tone="danger"
        autoFocus="cancel"
      />
    </Dialog>
  );
}
