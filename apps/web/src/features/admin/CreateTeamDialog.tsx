import { createTeamSchema, type TeamDto } from '@review/shared';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useI18n } from '../../i18n/i18n';
import { isConflict } from '../../lib/forms';
import { useZodForm } from '../../lib/use-zod-form';
import { useCreateTeam } from './admin.api';

interface CreateTeamDialogProps {
  onClose(): void;
  onCreated(team: TeamDto): void;
}

export function CreateTeamDialog({ onClose, onCreated }: CreateTeamDialogProps) {
  const { t } = useI18n();
  const create = useCreateTeam();
  const form = useZodForm({
    schema: createTeamSchema,
    initial: { name: '' },
    submit: async (input) => onCreated(await create.mutateAsync(input)),
    failureFields: (err, standard) => (isConflict(err) ? { name: t('admin.teams.nameTaken') } : standard),
  });

  return (
    <Dialog title={t('admin.teams.createTitle')} onClose={onClose} size="small">
      <form onSubmit={form.onSubmit} noValidate className="form">
        <Field label={t('admin.teams.name')} error={form.errors.name}>
          {(control) => (
            <input
              {...control}
              name="name"
              value={form.values.name}
              onChange={(e) => form.set('name', e.target.value)}
              autoComplete="off"
              data-autofocus
            />
          )}
        </Field>
        <FormError message={form.formError} />
        <DialogActions onCancel={onClose} submitLabel={t('admin.teams.create')} pending={form.submitting} />
      </form>
    </Dialog>
  );
}
