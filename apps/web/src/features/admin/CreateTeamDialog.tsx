import { createTeamSchema, type TeamDto } from '@review/shared';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues, generalError } from '../../lib/forms';
import { useCreateTeam } from './admin.api';

interface CreateTeamDialogProps {
  onClose(): void;
  onCreated(team: TeamDto): void;
}

export function CreateTeamDialog({ onClose, onCreated }: CreateTeamDialogProps) {
  const { t } = useI18n();
  const create = useCreateTeam();
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = createTeamSchema.safeParse({ name });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues, t));
      return;
    }
    setErrors({});
    try {
      onCreated(await create.mutateAsync(parsed.data));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict') {
        setErrors({ name: t('admin.teams.nameTaken') });
        return;
      }
      const fields = fieldErrorsFromApi(err, t);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFormError(generalError(err, t));
    }
  }

  return (
    <Dialog title={t('admin.teams.createTitle')} onClose={onClose} size="small">
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="form">
        <Field label={t('admin.teams.name')} error={errors.name}>
          {(control) => (
            <input {...control} name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" data-autofocus />
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
          <button type="submit" className="button primary" disabled={create.isPending}>
            {t('admin.teams.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
