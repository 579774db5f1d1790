import { LIMITS, updateUserSchema, type UserDto } from '@review/shared';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues, generalError } from '../../lib/forms';
import { useUpdateUser } from './admin.api';

interface ResetPasswordDialogProps {
  user: UserDto;
  onClose(): void;
  onDone(): void;
}

export function ResetPasswordDialog({ user, onClose, onDone }: ResetPasswordDialogProps) {
  const { t } = useI18n();
  const update = useUpdateUser();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = updateUserSchema.safeParse({ password });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setErrors({});
    try {
      await update.mutateAsync({ id: user.id, input: parsed.data });
      onDone();
    } catch (err) {
      const fields = fieldErrorsFromApi(err, t);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFormError(generalError(err, t));
    }
  }

  return (
    <Dialog
      title={t('admin.users.resetTitle', { name: user.displayName })}
      description={t('admin.users.resetDescription')}
      onClose={onClose}
      size="small"
    >
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="form">
        <Field label={t('admin.users.newPassword')} error={errors.password} hint={t('admin.users.passwordHint', { min: LIMITS.passwordMin })}>
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              data-autofocus
            />
          )}
        </Field>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={update.isPending}>
            {t('admin.users.resetSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
