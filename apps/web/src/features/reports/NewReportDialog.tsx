import { createReportSchema, type ReportDto, type TemplateDto } from '@review/shared';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues, generalError } from '../../lib/forms';
import { useSignedInUser } from '../auth/session';
import { useTemplates } from '../content/content.api';
import { defaultTemplateId, TemplatePicker } from '../content/TemplatePicker';
import { useCreateReport } from './reports.api';
import { NO_REVIEWER, ReviewerField, useReviewerChoice } from './ReviewerField';

interface NewReportDialogProps {
  onClose(): void;
  onCreated(report: ReportDto): void;
}

export function NewReportDialog({ onClose, onCreated }: NewReportDialogProps) {
  const { t } = useI18n();
  const me = useSignedInUser();
  const create = useCreateReport();
  const [title, setTitle] = useState('');
  // The template's suggested title while it stands in the field untouched; a new choice replaces it.
  const [suggestedTitle, setSuggestedTitle] = useState<string | null>(null);
  const templates = useTemplates();
  const [chosenTemplate, setChosenTemplate] = useState<string | null>(null);
  const templateId = chosenTemplate ?? defaultTemplateId(templates.data);
  const [teamId, setTeamId] = useState(me.teams[0]?.id ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const reviewer = useReviewerChoice(teamId, me.id);

  if (me.teams.length === 0) {
    return (
      <Dialog title={t('reports.new.title')} onClose={onClose} size="small">
        <p>{t('reports.new.noTeams')}</p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} data-autofocus>
            {t('common.close')}
          </button>
        </div>
      </Dialog>
    );
  }

  function chooseTemplate(template: TemplateDto) {
    setChosenTemplate(template.id);
    if (title.trim() === '' || title === suggestedTitle) {
      setTitle(template.title);
      setSuggestedTitle(template.title || null);
    }
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = createReportSchema.safeParse({
      title,
      teamId,
      template: templateId,
      reviewerId: reviewer.reviewerId === NO_REVIEWER ? undefined : reviewer.reviewerId,
    });
    if (!parsed.success) {
      setErrors(
        fieldErrorsFromIssues(parsed.error.issues, t, { teamId: 'reports.new.teamRequired', template: 'content.new.templateRejected' }),
      );
      return;
    }
    setErrors({});
    try {
      onCreated(await create.mutateAsync(parsed.data));
    } catch (err) {
      const fields = fieldErrorsFromApi(err, t, {
        reviewerId: 'reports.new.reviewerRejected',
        teamId: 'reports.new.teamRejected',
        template: 'content.new.templateRejected',
      });
      if (Object.keys(fields).length > 0) setErrors(fields);
      else if (err instanceof ApiError && err.code === 'not_found') setErrors({ teamId: t('reports.new.teamRejected') });
      else setFormError(generalError(err, t));
    }
  }

  return (
    <Dialog title={t('reports.new.title')} description={t('reports.new.description')} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="form">
        <Field
          label={t('reports.new.titleLabel')}
          error={errors.title}
          hint={suggestedTitle !== null && title === suggestedTitle ? t('content.new.titleSuggested') : t('reports.new.titleHint')}
        >
          {(control) => (
            <input
              {...control}
              name="title"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
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
          error={errors.template}
        />
        <Field label={t('reports.new.teamLabel')} error={errors.teamId}>
          {(control) => (
            <select
              {...control}
              name="teamId"
              value={teamId}
              onChange={(e) => {
                setTeamId(e.target.value);
                reviewer.reset();
              }}
            >
              {me.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ReviewerField choice={reviewer} error={errors.reviewerId} optional />
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
            {create.isPending ? t('reports.new.creating') : t('reports.new.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
