import { findPlaceholders, LIMITS, type ReportDto, updateReportSchema } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import type { KeyboardEvent, ReactNode } from 'react';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { generalError } from '../../lib/forms';
import { pickFields, useZodForm } from '../../lib/use-zod-form';
import { useUpdateReport } from '../workflow/workflow.api';
import { reportKeys } from './reports.api';

interface ReportTitleProps {
  report: ReportDto;
  /** May rename now: the same rule as editing the content in the report's state (mayRename). */
  editable: boolean;
  editing: boolean;
  onEditing(editing: boolean): void;
}

/**
 * The report's title: a heading with its blanks (`×××`) marked, and for whoever may edit the
 * content, a rename in place (Enter saves, Esc cancels). The title is part of what is reviewed
 * and signed, so the server applies the content's rules to it; the form only saves what it allows.
 */
export function ReportTitle({ report, editable, editing, onEditing }: ReportTitleProps) {
  const { t } = useI18n();
  if (editing && editable) return <TitleForm report={report} onDone={() => onEditing(false)} />;
  return (
    <div className="report-title">
      <h1 className="doc-title">
        <TitleText title={report.title} />
      </h1>
      {editable && (
        <button type="button" className="link-button report-title-edit" onClick={() => onEditing(true)} aria-label={t('report.title.editLabel')}>
          {t('report.title.edit')}
        </button>
      )}
    </div>
  );
}

/** The title with its placeholders marked as the checks find them. */
function TitleText({ title }: { title: string }) {
  const { t } = useI18n();
  const blanks = findPlaceholders(title);
  if (blanks.length === 0) return <>{title}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const blank of blanks) {
    parts.push(title.slice(at, blank.start));
    parts.push(
      <mark key={blank.start} className="title-placeholder" title={t('report.title.placeholder')}>
        {blank.text}
      </mark>,
    );
    at = blank.end;
  }
  parts.push(title.slice(at));
  return <>{parts}</>;
}

/** Someone else changed the report meanwhile (renamed it, moved it on). */
const movedOn = (err: unknown): err is ApiError =>
  err instanceof ApiError && (err.code === 'stale_revision' || err.code === 'invalid_transition' || err.code === 'forbidden');

function TitleForm({ report, onDone }: { report: ReportDto; onDone(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const qc = useQueryClient();
  const update = useUpdateReport(report.id);
  const form = useZodForm({
    schema: updateReportSchema,
    initial: { title: report.title },
    toInput: (v) => ({ expectedRevision: report.revision, title: v.title.trim() }),
    messages: { title: 'report.title.invalid' },
    check: (v) => (v.title.trim() === '' ? { title: t('report.title.required') } : {}),
    submit: async (input) => {
      if (input.title === report.title) return onDone();
      await update.mutateAsync(input);
      toast.show(t('report.title.saved'));
      onDone();
    },
    onFailure: async (err) => {
      if (movedOn(err)) await qc.invalidateQueries({ queryKey: reportKeys.one(report.id) });
    },
    failureFields: (_, standard) => pickFields(standard, ['title']),
    failureMessage: (err, fieldsShown) => {
      if (fieldsShown) return null;
      if (!movedOn(err)) return generalError(err, t);
      return t(err.code === 'stale_revision' ? 'report.title.stale' : 'report.title.locked');
    },
  });
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onDone();
    }
  };
  const error = form.errors.title;
  return (
    <form className="report-title-form" noValidate onSubmit={form.onSubmit}>
      <input
        className="report-title-input"
        aria-label={t('report.title.label')}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'report-title-error' : undefined}
        value={form.values.title}
        maxLength={LIMITS.reportTitleMax}
        onChange={(e) => {
          form.set('title', e.target.value);
          form.setFieldError('title', undefined);
        }}
        onKeyDown={onKeyDown}
        // The user asked to rename: the field is where they type next.
        // eslint-disable-next-line jsx-a11y/no-autofocus
        autoFocus
        onFocus={(e) => e.target.select()}
      />
      <button type="submit" className="button small primary" disabled={form.submitting}>
        {form.submitting ? t('report.title.saving') : t('report.title.save')}
      </button>
      <button type="button" className="button small" onClick={onDone}>
        {t('common.cancel')}
      </button>
      {error && (
        <p id="report-title-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      <FormError message={form.formError} />
    </form>
  );
}
