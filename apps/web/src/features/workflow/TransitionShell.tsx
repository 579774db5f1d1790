import type { ReportDto, WorkflowAction } from '@review/shared';
import type { ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { FormError } from '../../components/FormError';
import { useI18n } from '../../i18n/i18n';
import { stateKey } from '../../i18n/messages';
import type { ZodForm } from '../../lib/use-zod-form';

interface TransitionShellProps {
  report: ReportDto;
  action: WorkflowAction;
  form: Pick<ZodForm<unknown>, 'onSubmit' | 'submitting' | 'formError'>;
  /** The action is still open to the user in the report's current state. */
  allowed: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  /** Not ready to send yet (e.g. the hash to sign is still loading). */
  notReady?: boolean;
  /** A plain confirmation: the confirm button takes the focus (there is no field). */
  focusConfirm?: boolean;
  onClose(): void;
  children?: ReactNode;
}

/** The frame every transition dialog shares: fields, the error, and what to do if the state moved on. */
export function TransitionShell({ report, action, form, allowed, notReady, focusConfirm, onClose, children, ...text }: TransitionShellProps) {
  const { t } = useI18n();
  return (
    <Dialog title={text.title} description={text.description} onClose={onClose}>
      <form className="form" noValidate onSubmit={form.onSubmit} data-action={action}>
        {children}
        <FormError message={form.formError} />
        {!allowed && (
          <p className="notice" role="status">
            {t('workflow.noLongerAllowed', { state: t(stateKey(report.state)) })}
          </p>
        )}
        <DialogActions
          onCancel={onClose}
          cancelLabel={allowed ? t('common.cancel') : t('common.close')}
          submitLabel={allowed ? text.confirmLabel : undefined}
          pending={form.submitting}
          pendingLabel={t('workflow.sending')}
          disabled={notReady}
          autoFocus={focusConfirm ? 'submit' : undefined}
        />
      </form>
    </Dialog>
  );
}
