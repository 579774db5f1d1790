import { type ReportDto, updateReportSchema } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { stateKey } from '../../i18n/messages';
import { ApiError } from '../../lib/api';
import { fieldErrorsFromApi, generalError } from '../../lib/forms';
import { reportKeys } from '../reports/reports.api';
import { ReviewerField, useReviewerChoice } from '../reports/ReviewerField';
import { useUpdateReport } from './workflow.api';

interface ReviewerDialogProps {
  report: ReportDto;
  onClose(): void;
}

/** Whether the user may name or change the reviewer now (the server enforces the same). */
export function mayChangeReviewer(report: ReportDto, userId: string, isAdmin: boolean): boolean {
  return (report.authorId === userId || isAdmin) && (report.state === 'draft' || report.state === 'changes_requested');
}

/** Names the report's reviewer from the team's supervisors (never the author). */
export function ReviewerDialog({ report, onClose }: ReviewerDialogProps) {
  const { t } = useI18n();
  const toast = useToast();
  const qc = useQueryClient();
  const update = useUpdateReport(report.id);
  const reviewer = useReviewerChoice(report.teamId, report.authorId, report.reviewerId);
  const { reviewerId, noneLeft } = reviewer;
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = updateReportSchema.safeParse({ expectedRevision: report.revision, reviewerId });
    if (!reviewerId || !parsed.success) return setFieldError(t('reviewer.required'));
    setFieldError(undefined);
    try {
      const updated = await update.mutateAsync(parsed.data);
      toast.show(t('reviewer.saved', { name: updated.reviewerName ?? '' }));
      onClose();
    } catch (err) {
      const fields = fieldErrorsFromApi(err, t, { reviewerId: 'reviewer.rejected' });
      if (fields.reviewerId) return setFieldError(fields.reviewerId);
      if (err instanceof ApiError && (err.code === 'stale_revision' || err.code === 'invalid_transition')) {
        // Someone else moved the report: show it as it is now.
        await qc.invalidateQueries({ queryKey: reportKeys.one(report.id) });
        const state = qc.getQueryData<ReportDto>(reportKeys.one(report.id))?.state ?? report.state;
        setFormError(t(err.code === 'stale_revision' ? 'reviewer.stale' : 'reviewer.locked', { state: t(stateKey(state)) }));
        return;
      }
      setFormError(generalError(err, t));
    }
  }

  return (
    <Dialog title={t(report.reviewerId ? 'reviewer.changeTitle' : 'reviewer.title')} description={t('reviewer.description')} onClose={onClose} size="small">
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)}>
        <ReviewerField choice={reviewer} error={fieldError} autoFocus />
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={update.isPending || noneLeft || !reviewerId}>
            {update.isPending ? t('reviewer.saving') : t('reviewer.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
