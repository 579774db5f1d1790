import { createReportSchema, type ReportDto, type TemplateDto } from '@review/shared';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useI18n } from '../../i18n/i18n';
import { isNotFound } from '../../lib/forms';
import { useZodForm } from '../../lib/use-zod-form';
import { useSignedInUser } from '../auth/session';
import { useTemplates } from '../content/content.api';
import { defaultTemplateId, TemplatePicker } from '../content/TemplatePicker';
import { NoTeamsDialog } from './NoTeamsDialog';
import { useCreateReport } from './reports.api';
import { NO_REVIEWER, ReviewerField, useReviewerChoice } from './ReviewerField';
import { TeamField } from './TeamField';

interface NewReportDialogProps {
  onClose(): void;
  onCreated(report: ReportDto): void;
}

export function NewReportDialog({ onClose, onCreated }: NewReportDialogProps) {
  const { t } = useI18n();
  const me = useSignedInUser();
  const create = useCreateReport();
  // The template's suggested title while it stands in the field untouched; a new choice replaces it.
  const [suggestedTitle, setSuggestedTitle] = useState<string | null>(null);
  const templates = useTemplates();
  const [chosenTemplate, setChosenTemplate] = useState<string | null>(null);
  const templateId = chosenTemplate ?? defaultTemplateId(templates.data);
  const form = useZodForm({
    schema: createReportSchema,
    initial: { title: '', teamId: me.teams[0]?.id ?? '' },
    toInput: ({ title, teamId }) => ({
      title,
      teamId,
      template: templateId,
      reviewerId: reviewer.reviewerId === NO_REVIEWER ? undefined : reviewer.reviewerId,
    }),
    messages: { teamId: 'reports.new.teamRequired', template: 'content.new.templateRejected' },
    submit: async (input) => onCreated(await create.mutateAsync(input)),
    serverMessages: {
      reviewerId: 'reports.new.reviewerRejected',
      teamId: 'reports.new.teamRejected',
      template: 'content.new.templateRejected',
    },
    failureFields: (err, standard) => (isNotFound(err) ? { teamId: t('reports.new.teamRejected') } : standard),
  });
  const { title, teamId } = form.values;
  const reviewer = useReviewerChoice(teamId, me.id);

  if (me.teams.length === 0) return <NoTeamsDialog title={t('reports.new.title')} onClose={onClose} />;

  function chooseTemplate(template: TemplateDto) {
    setChosenTemplate(template.id);
    if (title.trim() === '' || title === suggestedTitle) {
      form.set('title', template.title);
      setSuggestedTitle(template.title || null);
    }
  }

  return (
    <Dialog title={t('reports.new.title')} description={t('reports.new.description')} onClose={onClose}>
      <form onSubmit={form.onSubmit} noValidate className="form">
        <Field
          label={t('reports.new.titleLabel')}
          error={form.errors.title}
          hint={suggestedTitle !== null && title === suggestedTitle ? t('content.new.titleSuggested') : t('reports.new.titleHint')}
        >
          {(control) => (
            <input
              {...control}
              name="title"
              value={title}
              onChange={(e) => form.set('title', e.target.value)}
              data-autofocus
              autoComplete="off"
            />
          )}
        </Field>
        {/* After the title, so that the keyboard goes title → template (arrow keys) → team. */}
        <TemplatePicker
          templates={templates.data}
          isPending={templates.isPending}
          failed={templates.isError}
          onRetry={() => void templates.refetch()}
          value={templateId}
          onChange={chooseTemplate}
          error={form.errors.template}
        />
        <TeamField
          teams={me.teams}
          value={teamId}
          error={form.errors.teamId}
          onChange={(next) => {
            form.set('teamId', next);
            reviewer.reset();
          }}
        />
        <ReviewerField choice={reviewer} error={form.errors.reviewerId} optional />
        <FormError message={form.formError} />
        <DialogActions
          onCancel={onClose}
          submitLabel={t('reports.new.submit')}
          pending={form.submitting}
          pendingLabel={t('reports.new.creating')}
        />
      </form>
    </Dialog>
  );
}
