import { LIMITS } from '@review/shared';
import { useRef, useState } from 'react';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { type CheckProblem, checkProblems, checkProblemText } from './transition-errors';
import { TransitionShell } from './TransitionShell';
import { type TransitionDialogProps, useTransitionForm } from './use-transition-form';
import { ACTION_LABEL, formatCount } from './workflow-model';

const errorCode = (err: unknown) => (err instanceof ApiError ? err.code : null);

/** Submits for review; when the server's checks fail, names the problems and asks for a reason to go ahead. */
export function SubmitDialog(props: TransitionDialogProps) {
  const { t, locale } = useI18n();
  const { report } = props;
  // Once the server has named the problems, the dialog keeps them while the user writes a reason.
  const [problems, setProblems] = useState<CheckProblem[] | null>(null);
  const overrideRef = useRef<HTMLTextAreaElement>(null);

  const { form, allowed } = useTransitionForm(props, 'submit', {
    initial: { overrideReason: '' },
    extra: ({ overrideReason }) => (problems ? { overrideReason } : {}),
    check: ({ overrideReason }) =>
      problems && !overrideReason.trim() ? { overrideReason: t('workflow.submit.overrideRequired') } : {},
    onFailure: (err) => {
      if (err instanceof ApiError && err.code === 'checks_failed') {
        setProblems(checkProblems(err.details));
        queueMicrotask(() => overrideRef.current?.focus());
      }
    },
    failureMessage: (err, fieldsShown) => {
      if (errorCode(err) === 'invalid_transition' && !report.reviewerId) return t('workflow.submit.noReviewerRefused');
      // The problems are shown above the reason.
      return fieldsShown || errorCode(err) === 'checks_failed' ? null : undefined;
    },
  });

  const reviewer = report.reviewerName ?? t('workflow.someReviewer');

  return (
    <TransitionShell
      report={report}
      action="submit"
      form={form}
      allowed={allowed}
      title={t('workflow.submit.title')}
      description={t('workflow.submit.description', { reviewer })}
      confirmLabel={problems ? t('workflow.submit.withOverride') : t(ACTION_LABEL.submit)}
      onClose={props.onClose}
      focusConfirm={!problems}
    >
      {!problems && !report.reviewerId && <p className="notice">{t('workflow.submit.noReviewer')}</p>}
      {problems && (
        <div className="check-problems" role="alert">
          <p className="check-problems-title">{t('workflow.submit.checksFailed')}</p>
          {problems.length > 0 ? (
            <ul>
              {problems.map((p, i) => (
                <li key={i}>{checkProblemText(p, t)}</li>
              ))}
            </ul>
          ) : (
            <p>{t('workflow.submit.checksUnknown')}</p>
          )}
          <p className="check-problems-help">{t('workflow.submit.overrideHelp')}</p>
        </div>
      )}
      {problems && (
        <Field
          label={t('workflow.submit.overrideLabel')}
          error={form.errors.overrideReason}
          hint={t('workflow.limitHint', { max: formatCount(LIMITS.transitionMessageMax, locale) })}
        >
          {(control) => (
            <textarea
              {...control}
              ref={overrideRef}
              name="overrideReason"
              rows={3}
              maxLength={LIMITS.transitionMessageMax}
              value={form.values.overrideReason}
              onChange={(e) => form.set('overrideReason', e.target.value)}
            />
          )}
        </Field>
      )}
    </TransitionShell>
  );
}
