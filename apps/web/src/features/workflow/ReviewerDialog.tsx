import { type ReportDto, updateReportSchema } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { stateKey } from '../../i18n/messages';
import { ApiError } from '../../lib/api';
import { generalError } from '../../lib/forms';
import { pickFields, useZodForm } from '../../lib/use-zod-form';
import { reportKeys } from '../reports/reports.api';
import { ReviewerField, useReviewerChoice } from '../reports/ReviewerField';
import { useUpdateReport } from './workflow.api';

interface ReviewerDialogProps {
  report: ReportDto;
  onClose(): void;
}

/** Someone else moved the report meanwhile: the dialog says what it is now. */
const movedOn = (err: unknown): err is ApiError =>
  err instanceof ApiError && (err.code === 'stale_revision' || err.code === 'invalid_transition');

/** Names the report's reviewer from the team's supervisors (never the author). */
export function ReviewerDialog({ report, onClose }: ReviewerDialogProps) {
  const { t } = useI18n();
  const toast = useToast();
  const qc = useQueryClient();
  const update = useUpdateReport(report.id);
  const reviewer = useReviewerChoice(report.teamId, report.authorId, report.reviewerId);
  const { reviewerId, noneLeft } = reviewer;

  const form = useZodForm({
    schema: updateReportSchema,
    initial: {},
    toInput: () => ({ expectedRevision: report.revision, reviewerId }),
    messages: { reviewerId: 'reviewer.required' },
    check: () => (reviewerId ? {} : { reviewerId: t('reviewer.required') }),
    submit: async (input) => {
      const updated = await update.mutateAsync(input);
      toast.show(t('reviewer.saved', { name: updated.reviewerName ?? '' }));
      onClose();
    },
    serverMessages: { reviewerId: 'reviewer.rejected' },
    // Show the report as it is now before saying what it has become.
    onFailure: async (err) => {
      if (movedOn(err)) await qc.invalidateQueries({ queryKey: reportKeys.one(report.id) });
    },
    failureFields: (_, standard) => pickFields(standard, ['reviewerId']),
    failureMessage: (err, fieldsShown) => {
      if (fieldsShown) return null;
      if (!movedOn(err)) return generalError(err, t);
      return t(err.code === 'stale_revision' ? 'reviewer.stale' : 'reviewer.locked', { state: t(stateKey(report.state)) });
    },
  });

  return (
    <Dialog title={t(report.reviewerId ? 'reviewer.changeTitle' : 'reviewer.title')} description={t('reviewer.description')} onClose={onClose} size="small">
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <ReviewerField choice={reviewer} error={form.errors.reviewerId} autoFocus />
        <FormError message={form.formError} />
        <DialogActions
          onCancel={onClose}
          submitLabel={t('reviewer.save')}
          pending={form.submitting}
          pendingLabel={t('reviewer.saving')}
          disabled={noneLeft || !reviewerId}
        />
      </form>
    </Dialog>
  );
}
