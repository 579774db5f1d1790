import { createUserSchema, LIMITS, type UserDto } from '@review/shared';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useI18n } from '../../i18n/i18n';
import { isConflict } from '../../lib/forms';
import { useZodForm } from '../../lib/use-zod-form';
import { useCreateUser } from './admin.api';

interface CreateUserDialogProps {
  onClose(): void;
  onCreated(user: UserDto): void;
}

export function CreateUserDialog({ onClose, onCreated }: CreateUserDialogProps) {
  const { t } = useI18n();
  const create = useCreateUser();
  const form = useZodForm({
    schema: createUserSchema,
    initial: { username: '', displayName: '', password: '', isAdmin: false },
    messages: { username: 'admin.users.usernameFormat' },
    submit: async (input) => onCreated(await create.mutateAsync(input)),
    failureFields: (err, standard) => (isConflict(err) ? { username: t('admin.users.usernameTaken') } : standard),
  });
  const { values, errors } = form;

  return (
    <Dialog title={t('admin.users.createTitle')} onClose={onClose}>
      <form onSubmit={form.onSubmit} noValidate className="form">
        <Field label={t('admin.users.username')} error={errors.username} hint={t('admin.users.usernameHint')}>
          {(control) => (
            <input
              {...control}
              name="username"
              value={values.username}
              onChange={(e) => form.set('username', e.target.value)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              data-autofocus
            />
          )}
        </Field>
        <Field label={t('admin.users.displayName')} error={errors.displayName}>
          {(control) => (
            <input
              {...control}
              name="displayName"
              value={values.displayName}
              onChange={(e) => form.set('displayName', e.target.value)}
              autoComplete="off"
            />
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
              value={values.password}
              onChange={(e) => form.set('password', e.target.value)}
              autoComplete="new-password"
            />
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            name="isAdmin"
            checked={values.isAdmin}
            onChange={(e) => form.set('isAdmin', e.target.checked)}
          />
          {t('admin.users.isAdmin')}
        </label>
        <FormError message={form.formError} />
        <DialogActions onCancel={onClose} submitLabel={t('admin.users.create')} pending={form.submitting} />
      </form>
    </Dialog>
  );
}
