import { useI18n } from '../../i18n/i18n';
import { TransitionShell } from './TransitionShell';
import { type TransitionDialogProps, useTransitionForm } from './use-transition-form';
import { ACTION_LABEL } from './workflow-model';

/** Takes a report back from review: a plain confirmation. */
export function WithdrawDialog(props: TransitionDialogProps) {
  const { t } = useI18n();
  const { form, allowed } = useTransitionForm(props, 'withdraw', { initial: {}, fields: [] });
  return (
    <TransitionShell
      report={props.report}
      action="withdraw"
      form={form}
      allowed={allowed}
      title={t('workflow.withdraw.title')}
      description={t('workflow.withdraw.description')}
      confirmLabel={t(ACTION_LABEL.withdraw)}
      onClose={props.onClose}
      focusConfirm
    />
  );
}
