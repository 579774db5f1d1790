import { LIMITS, updateUserSchema, type UserDto } from '@review/shared';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useI18n } from '../../i18n/i18n';
import { useZodForm } from '../../lib/use-zod-form';
import { useUpdateUser } from './admin.api';

interface ResetPasswordDialogProps {
  user: UserDto;
  onClose(): void;
  onDone(): void;
}

export function ResetPasswordDialog({ user, onClose, onDone }: ResetPasswordDialogProps) {
  const { t } = useI18n();
  const update = useUpdateUser();
  const form = useZodForm({
    schema: updateUserSchema,
    initial: { password: '' },
    submit: async (input) => {
      await update.mutateAsync({ id: user.id, input });
      onDone();
    },
  });

  return (
    <Dialog
      title={t('admin.users.resetTitle', { name: user.displayName })}
      description={t('admin.users.resetDescription')}
      onClose={onClose}
      size="small"
    >
      <form onSubmit={form.onSubmit} noValidate className="form">
        <Field label={t('admin.users.newPassword')} error={form.errors.password} hint={t('admin.users.passwordHint', { min: LIMITS.passwordMin })}>
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              value={form.values.password}
              onChange={(e) => form.set('password', e.target.value)}
              autoComplete="new-password"
              data-autofocus
            />
          )}
        </Field>
        <FormError message={form.formError} />
        <DialogActions onCancel={onClose} submitLabel={t('admin.users.resetSubmit')} pending={form.submitting} />
      </form>
    </Dialog>
  );
}
