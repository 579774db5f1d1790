import { useRef, useState } from 'react';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { pickFields } from '../../lib/use-zod-form';
import { ChecksOverrideNote } from './ChecksOverrideNote';
import { HashText } from './HashText';
import { TransitionShell } from './TransitionShell';
import { type TransitionDialogProps, useTransitionForm } from './use-transition-form';
import { useReportContent } from './workflow.api';

interface ApproveDialogProps extends TransitionDialogProps {
  /** Closes the dialog and shows what changed since the last submission. */
  onShowChanges?: () => void;
  /** Closes the dialog and shows the comment threads still open. */
  onShowOpenThreads?: () => void;
}

const errorCode = (err: unknown) => (err instanceof ApiError ? err.code : null);

/** Approval is a signature: of exactly the content whose hash is shown, confirmed with the reviewer's password. */
export function ApproveDialog(props: ApproveDialogProps) {
  const { t } = useI18n();
  const { report, me, onShowChanges, onShowOpenThreads } = props;
  const content = useReportContent(report.id);
  const hash = content.data?.contentHash;
  /** The hash the reviewer had in front of them when the server said the content had changed. */
  const [changedFrom, setChangedFrom] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const { form, allowed } = useTransitionForm(props, 'approve', {
    initial: { password: '' },
    extra: ({ password }) => ({ contentHash: hash, password }),
    check: ({ password }) => (password ? {} : { password: t('workflow.approve.passwordRequired') }),
    onInvalid: () => passwordRef.current?.focus(),
    notReady: !hash || content.isFetching,
    onFailure: (err) => {
      const code = errorCode(err);
      if (code === 'invalid_credentials') {
        // A fresh try with an empty field, focus where the message is.
        form.set('password', '');
        passwordRef.current?.focus();
      } else if (code === 'content_changed') {
        setChangedFrom(hash ?? null);
        void content.refetch();
      }
    },
    failureFields: (err, standard) =>
      errorCode(err) === 'invalid_credentials'
        ? { password: t('workflow.error.invalid_credentials') }
        : pickFields(standard, ['password']),
    failureMessage: (err, fieldsShown) => {
      const code = errorCode(err);
      // These are told where they can be acted upon: at the password, or in a notice with its way out.
      if (fieldsShown || code === 'content_changed' || (code === 'open_threads' && onShowOpenThreads)) return null;
      return undefined;
    },
  });
  const code = errorCode(form.failure);

  return (
    <TransitionShell
      report={report}
      action="approve"
      form={form}
      allowed={allowed}
      title={t('workflow.approve.title')}
      description={t('workflow.approve.description')}
      confirmLabel={t('workflow.approve.confirm')}
      notReady={!hash || content.isFetching}
      onClose={props.onClose}
    >
      <ChecksOverrideNote report={report} />
      <div className="sign-box">
        <dl className="sign-facts">
          <div>
            <dt>{t('signature.signer')}</dt>
            <dd>{me.displayName}</dd>
          </div>
          <div>
            <dt>{t('signature.meaning')}</dt>
            <dd>{t('signature.meaning.approved')}</dd>
          </div>
          <div className="sign-hash">
            <dt>{t('workflow.approve.hashLabel')}</dt>
            <dd>
              {hash ? <HashText hash={hash} /> : content.error ? t('workflow.approve.hashFailed') : t('common.loading')}
            </dd>
          </div>
        </dl>
        <p className="sign-binding">{t('workflow.approve.binding')}</p>
      </div>
      {code === 'content_changed' && changedFrom && (
        <div className="notice notice-warning" role="alert">
          <div>
            <p>{t('workflow.approve.changed')}</p>
            {hash && hash !== changedFrom && (
              <p>
                {t('workflow.approve.newHash')} <HashText hash={hash} />
              </p>
            )}
          </div>
          {onShowChanges && (
            <button type="button" className="button small" onClick={onShowChanges}>
              {t('workflow.approve.showChanges')}
            </button>
          )}
        </div>
      )}
      {code === 'open_threads' && onShowOpenThreads && (
        <div className="notice notice-warning" role="alert">
          <p>{t('workflow.error.open_threads')}</p>
          <button type="button" className="button small" onClick={onShowOpenThreads}>
            {t('workflow.approve.showOpenThreads')}
          </button>
        </div>
      )}
      {content.error !== null && !hash && (
        <p className="form-error" role="alert">
          {t('workflow.approve.hashFailed')}{' '}
          <button type="button" className="link-button" onClick={() => void content.refetch()}>
            {t('common.retry')}
          </button>
        </p>
      )}
      <Field label={t('workflow.approve.password')} error={form.errors.password} hint={t('workflow.approve.passwordHint')}>
        {(control) => (
          <input
            {...control}
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
            value={form.values.password}
            onChange={(e) => form.set('password', e.target.value)}
            data-autofocus
          />
        )}
      </Field>
    </TransitionShell>
  );
}
