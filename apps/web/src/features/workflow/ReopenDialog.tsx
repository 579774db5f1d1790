import { LIMITS } from '@review/shared';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { TransitionShell } from './TransitionShell';
import { type TransitionDialogProps, useTransitionForm } from './use-transition-form';
import { useSignatures } from './workflow.api';
import { ACTION_LABEL, formatCount } from './workflow-model';

/** Reopens an approved report, with an optional reason; says whose signature it supersedes. */
export function ReopenDialog(props: TransitionDialogProps) {
  const { t, formatDate, locale } = useI18n();
  const { report } = props;
  const signatures = useSignatures(report.id);
  const current = signatures.data?.find((s) => !s.superseded);
  const { form, allowed } = useTransitionForm(props, 'reopen', {
    initial: { reason: '' },
    extra: ({ reason }) => (reason.trim() ? { message: reason } : {}),
    fields: ['message'],
  });

  return (
    <TransitionShell
      report={report}
      action="reopen"
      form={form}
      allowed={allowed}
      title={t('workflow.reopen.title')}
      description={t('workflow.reopen.description')}
      confirmLabel={t(ACTION_LABEL.reopen)}
      onClose={props.onClose}
    >
      <p className="notice notice-warning">
        {current
          ? t('workflow.reopen.supersedes', { name: current.signerName, time: formatDate(current.signedAt) })
          : t('workflow.reopen.supersedesAny')}
      </p>
      <Field
        label={t('workflow.reopen.reasonLabel')}
        error={form.errors.message}
        hint={t('workflow.limitHint', { max: formatCount(LIMITS.transitionMessageMax, locale) })}
      >
        {(control) => (
          <textarea
            {...control}
            name="message"
            rows={3}
            value={form.values.reason}
            maxLength={LIMITS.transitionMessageMax}
            onChange={(e) => form.set('reason', e.target.value)}
            data-autofocus
          />
        )}
      </Field>
    </TransitionShell>
  );
}
