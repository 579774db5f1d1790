import { createVersionSchema, LIMITS } from '@review/shared';
import { useId } from 'react';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { pickFields, useZodForm } from '../../lib/use-zod-form';
import { useCreateVersion } from './workflow.api';

/** Saves the content as a labelled version. */
export function SaveVersionForm({ reportId }: { reportId: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const create = useCreateVersion(reportId);
  const id = useId();
  const form = useZodForm({
    schema: createVersionSchema,
    initial: { label: '' },
    submit: async (input) => {
      const version = await create.mutateAsync(input);
      form.set('label', '');
      toast.show(t('history.saved', { number: version.number }));
    },
    failureFields: (_, standard) => pickFields(standard, ['label']),
  });

  const error = form.errors.label;
  return (
    <form className="save-version" onSubmit={form.onSubmit} noValidate>
      <label htmlFor={id}>{t('history.saveLabel')}</label>
      <div className="save-version-row">
        <input
          id={id}
          name="label"
          value={form.values.label}
          maxLength={LIMITS.versionLabelMax}
          placeholder={t('history.savePlaceholder')}
          onChange={(e) => form.set('label', e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          autoComplete="off"
        />
        <button type="submit" className="button small" disabled={form.submitting}>
          {t('history.save')}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      <FormError message={form.formError} />
    </form>
  );
}
