import { LIMITS } from '@review/shared';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { TransitionShell } from './TransitionShell';
import { type TransitionDialogProps, useTransitionForm } from './use-transition-form';
import { ACTION_LABEL, formatCount } from './workflow-model';

/** Sends the report back to its author with the reviewer's message (required). */
export function RequestChangesDialog(props: TransitionDialogProps) {
  const { t, locale } = useI18n();
  const { report } = props;
  const { form, allowed } = useTransitionForm(props, 'request_changes', {
    initial: { message: '' },
    extra: ({ message }) => ({ message }),
    check: ({ message }) => (message.trim() ? {} : { message: t('workflow.requestChanges.messageRequired') }),
    fields: ['message'],
  });
  const { message } = form.values;
  const length = [...message].length;

  return (
    <TransitionShell
      report={report}
      action="request_changes"
      form={form}
      allowed={allowed}
      title={t('workflow.requestChanges.title')}
      description={t('workflow.requestChanges.description', { author: report.authorName })}
      confirmLabel={t(ACTION_LABEL.request_changes)}
      onClose={props.onClose}
    >
      <Field
        label={t('workflow.requestChanges.messageLabel')}
        error={form.errors.message}
        hint={t('workflow.requestChanges.messageHint')}
      >
        {(control) => (
          <textarea
            {...control}
            name="message"
            rows={6}
            value={message}
            maxLength={LIMITS.transitionMessageMax}
            onChange={(e) => form.set('message', e.target.value)}
            data-autofocus
          />
        )}
      </Field>
      <p className={length > LIMITS.transitionMessageMax * 0.9 ? 'char-limit near' : 'char-limit'} aria-live="polite">
        {t('workflow.charCount', {
          count: formatCount(length, locale),
          max: formatCount(LIMITS.transitionMessageMax, locale),
        })}
      </p>
    </TransitionShell>
  );
}
