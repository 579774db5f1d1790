import { createUserSchema, LIMITS, type UserDto } from '@review/shared';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues, generalError } from '../../lib/forms';
import { useCreateUser } from './admin.api';

interface CreateUserDialogProps {
  onClose(): void;
  onCreated(user: UserDto): void;
}

export function CreateUserDialog({ onClose, onCreated }: CreateUserDialogProps) {
  const { t } = useI18n();
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = createUserSchema.safeParse({ username, displayName, password, isAdmin });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues, t, { username: 'admin.users.usernameFormat' }));
      return;
    }
    setErrors({});
    try {
      onCreated(await create.mutateAsync(parsed.data));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict') {
        setErrors({ username: t('admin.users.usernameTaken') });
        return;
      }
      const fields = fieldErrorsFromApi(err, t, { username: 'admin.users.usernameFormat' });
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFormError(generalError(err, t));
    }
  }

  return (
    <Dialog title={t('admin.users.createTitle')} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="form">
        <Field label={t('admin.users.username')} error={errors.username} hint={t('admin.users.usernameHint')}>
          {(control) => (
            <input
              {...control}
              name="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              data-autofocus
            />
          )}
        </Field>
        <Field label={t('admin.users.displayName')} error={errors.displayName}>
          {(control) => (
            <input {...control} name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" />
          )}
        </Field>
        <Field
          label={t('admin.users.initialPassword')}
          error={errors.password}
          hint={t('admin.users.passwordHint', { min: LIMITS.passwordMin })}
        >
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
            />
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" name="isAdmin" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} />
          {t('admin.users.isAdmin')}
        </label>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {t('admin.users.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
