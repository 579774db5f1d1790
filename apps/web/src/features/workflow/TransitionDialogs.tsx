import {
  allowedActions,
  LIMITS,
  type MeDto,
  type ReportDto,
  type TransitionInput,
  transitionSchema,
  type WorkflowAction,
} from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { type Translate, useI18n } from '../../i18n/i18n';
import { stateKey } from '../../i18n/messages';
import { ApiError } from '../../lib/api';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues } from '../../lib/forms';
import { reportKeys } from '../reports/reports.api';
import { HashText } from './HashText';
import { checkProblems, checkProblemText, reportIsStale, transitionErrorText } from './transition-errors';
import { useReportContent, useSignatures, useTransition } from './workflow.api';
import { ACTION_LABEL } from './workflow-model';
import { myRelation } from '../reports/relation';

export interface TransitionDialogProps {
  /** The report as the page knows it now; refetched after a conflict. */
  report: ReportDto;
  me: MeDto;
  onClose(): void;
  onDone(action: WorkflowAction, report: ReportDto): void;
}

type Extra = Omit<TransitionInput, 'action' | 'expectedRevision'>;
type Outcome = { report: ReportDto; error?: undefined } | { report?: undefined; error: unknown };

/** Sends one transition with the report's current revision; keeps the last error for the dialog. */
function useTransitionRequest(report: ReportDto, action: WorkflowAction) {
  const qc = useQueryClient();
  const transition = useTransition(report.id);
  const [error, setError] = useState<unknown>(null);

  async function send(extra: Extra): Promise<Outcome> {
    setError(null);
    try {
      return { report: await transition.mutateAsync({ action, expectedRevision: report.revision, ...extra }) };
    } catch (err) {
      setError(err);
      // Someone else moved the report: show its new state, so the user decides again.
      if (reportIsStale(err)) void qc.invalidateQueries({ queryKey: reportKeys.one(report.id) });
      return { error: err };
    }
  }

  return { send, error, busy: transition.isPending };
}

const formatCount = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);

const errorCode = (err: unknown) => (err instanceof ApiError ? err.code : null);

/** Transition input validated with the shared schema; field messages on failure. */
function validate(input: TransitionInput, t: Translate): FieldErrors | null {
  const parsed = transitionSchema.safeParse(input);
  return parsed.success ? null : fieldErrorsFromIssues(parsed.error.issues, t);
}

interface ShellProps extends TransitionDialogProps {
  action: WorkflowAction;
  title: string;
  description: string;
  confirmLabel: string;
  /** The request is on its way. */
  busy: boolean;
  /** Not ready to send yet (e.g. the hash to sign is still loading). */
  notReady?: boolean;
  /** Shown as the dialog's own alert (errors no field explains). */
  error: string | null;
  onConfirm(): void;
  children?: ReactNode;
  /** A plain confirmation: the confirm button takes the focus (there is no field). */
  focusConfirm?: boolean;
}

/** The frame every transition dialog shares: fields, the error, and what to do if the state moved on. */
function TransitionShell(props: ShellProps) {
  const { t } = useI18n();
  const { report, me, action, busy, error } = props;
  const stillAllowed = allowedActions(report.state, myRelation(report, me), me.isAdmin).includes(action);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (stillAllowed && !busy && !props.notReady) props.onConfirm();
  }

  return (
    <Dialog title={props.title} description={props.description} onClose={props.onClose}>
      <form className="form" noValidate onSubmit={onSubmit} data-action={action}>
        {props.children}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {!stillAllowed && (
          <p className="notice" role="status">
            {t('workflow.noLongerAllowed', { state: t(stateKey(report.state)) })}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onClose}>
            {stillAllowed ? t('common.cancel') : t('common.close')}
          </button>
          {stillAllowed && (
            <button
              type="submit"
              className="button primary"
              disabled={busy || props.notReady}
              data-autofocus={props.focusConfirm || undefined}
            >
              {busy ? t('workflow.sending') : props.confirmLabel}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

/** The error of a transition as the dialog's alert, unless a field already shows it. */
function generalText(err: unknown, fieldShown: boolean, t: Translate, report: ReportDto): string | null {
  if (!err || fieldShown) return null;
  return transitionErrorText(err, t, report);
}

export function SubmitDialog(props: TransitionDialogProps) {
  const { t, locale } = useI18n();
  const { report } = props;
  const request = useTransitionRequest(report, 'submit');
  const [overrideReason, setOverrideReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  // Once the server has named the problems, the dialog keeps them while the user writes a reason.
  const [problems, setProblems] = useState<ReturnType<typeof checkProblems> | null>(null);
  const overrideRef = useRef<HTMLTextAreaElement>(null);

  async function confirm() {
    const input: TransitionInput = {
      action: 'submit',
      expectedRevision: report.revision,
      ...(problems ? { overrideReason } : {}),
    };
    if (problems && !overrideReason.trim()) {
      setErrors({ overrideReason: t('workflow.submit.overrideRequired') });
      return;
    }
    const invalid = validate(input, t);
    if (invalid) return setErrors(invalid);
    setErrors({});
    const outcome = await request.send(problems ? { overrideReason: overrideReason.trim() } : {});
    if (outcome.report) return props.onDone('submit', outcome.report);
    if (outcome.error instanceof ApiError && outcome.error.code === 'checks_failed') {
      setProblems(checkProblems(outcome.error.details));
      queueMicrotask(() => overrideRef.current?.focus());
    }
  }

  const err = request.error;
  const apiFields = fieldErrorsFromApi(err, t);
  const shownErrors = { ...apiFields, ...errors };
  const fieldShown = Object.keys(apiFields).length > 0 || errorCode(err) === 'checks_failed';
  const reviewer = report.reviewerName ?? t('workflow.someReviewer');

  return (
    <TransitionShell
      {...props}
      action="submit"
      title={t('workflow.submit.title')}
      description={t('workflow.submit.description', { reviewer })}
      confirmLabel={problems ? t('workflow.submit.withOverride') : t(ACTION_LABEL.submit)}
      busy={request.busy}
      error={
        errorCode(err) === 'invalid_transition' && !report.reviewerId
          ? t('workflow.submit.noReviewerRefused')
          : generalText(err, fieldShown, t, report)
      }
      onConfirm={() => void confirm()}
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
          error={shownErrors.overrideReason}
          hint={t('workflow.limitHint', { max: formatCount(LIMITS.transitionMessageMax, locale) })}
        >
          {(control) => (
            <textarea
              {...control}
              ref={overrideRef}
              name="overrideReason"
              rows={3}
              maxLength={LIMITS.transitionMessageMax}
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.target.value)}
            />
          )}
        </Field>
      )}
    </TransitionShell>
  );
}

export function WithdrawDialog(props: TransitionDialogProps) {
  const { t } = useI18n();
  const request = useTransitionRequest(props.report, 'withdraw');
  return (
    <TransitionShell
      {...props}
      action="withdraw"
      title={t('workflow.withdraw.title')}
      description={t('workflow.withdraw.description')}
      confirmLabel={t(ACTION_LABEL.withdraw)}
      busy={request.busy}
      error={generalText(request.error, false, t, props.report)}
      onConfirm={() => void request.send({}).then((o) => o.report && props.onDone('withdraw', o.report))}
      focusConfirm
    />
  );
}

export function RequestChangesDialog(props: TransitionDialogProps) {
  const { t, locale } = useI18n();
  const { report } = props;
  const request = useTransitionRequest(report, 'request_changes');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const length = [...message].length;

  async function confirm() {
    if (!message.trim()) return setErrors({ message: t('workflow.requestChanges.messageRequired') });
    const invalid = validate({ action: 'request_changes', expectedRevision: report.revision, message }, t);
    if (invalid) return setErrors(invalid);
    setErrors({});
    const outcome = await request.send({ message: message.trim() });
    if (outcome.report) props.onDone('request_changes', outcome.report);
  }

  const apiFields = fieldErrorsFromApi(request.error, t);
  const messageError = errors.message ?? apiFields.message;
  const count = new Intl.NumberFormat(locale);
  return (
    <TransitionShell
      {...props}
      action="request_changes"
      title={t('workflow.requestChanges.title')}
      description={t('workflow.requestChanges.description', { author: report.authorName })}
      confirmLabel={t(ACTION_LABEL.request_changes)}
      busy={request.busy}
      error={generalText(request.error, Boolean(apiFields.message), t, report)}
      onConfirm={() => void confirm()}
    >
      <Field
        label={t('workflow.requestChanges.messageLabel')}
        error={messageError}
        hint={t('workflow.requestChanges.messageHint')}
      >
        {(control) => (
          <textarea
            {...control}
            name="message"
            rows={6}
            value={message}
            maxLength={LIMITS.transitionMessageMax}
            onChange={(e) => setMessage(e.target.value)}
            data-autofocus
          />
        )}
      </Field>
      <p className={length > LIMITS.transitionMessageMax * 0.9 ? 'char-limit near' : 'char-limit'} aria-live="polite">
        {t('workflow.charCount', { count: count.format(length), max: count.format(LIMITS.transitionMessageMax) })}
      </p>
    </TransitionShell>
  );
}

interface ApproveDialogProps extends TransitionDialogProps {
  /** Closes the dialog and shows what changed since the last submission. */
  onShowChanges?: () => void;
  /** Closes the dialog and shows the comment threads still open. */
  onShowOpenThreads?: () => void;
}

export function ApproveDialog(props: ApproveDialogProps) {
  const { t } = useI18n();
  const { report, me } = props;
  const request = useTransitionRequest(report, 'approve');
  const content = useReportContent(report.id);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  /** The hash the reviewer had in front of them when the server said the content had changed. */
  const [changedFrom, setChangedFrom] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const hash = content.data?.contentHash;

  async function confirm() {
    if (!hash) return;
    if (!password) {
      setErrors({ password: t('workflow.approve.passwordRequired') });
      passwordRef.current?.focus();
      return;
    }
    setErrors({});
    setChangedFrom(null);
    const outcome = await request.send({ contentHash: hash, password });
    if (outcome.report) return props.onDone('approve', outcome.report);
    const code = errorCode(outcome.error);
    if (code === 'invalid_credentials') {
      // A fresh try with an empty field, focus where the message is.
      setPassword('');
      passwordRef.current?.focus();
    } else if (code === 'content_changed') {
      setChangedFrom(hash);
      void content.refetch();
    }
  }

  const err = request.error;
  const code = errorCode(err);

  const passwordError =
    errors.password ?? (code === 'invalid_credentials' ? t('workflow.error.invalid_credentials') : fieldErrorsFromApi(err, t).password);
  const fieldShown =
    code === 'invalid_credentials' || code === 'content_changed' || (code === 'open_threads' && Boolean(props.onShowOpenThreads)) || Boolean(passwordError);

  return (
    <TransitionShell
      {...props}
      action="approve"
      title={t('workflow.approve.title')}
      description={t('workflow.approve.description')}
      confirmLabel={t('workflow.approve.confirm')}
      busy={request.busy}
      notReady={!hash || content.isFetching}
      error={generalText(err, fieldShown, t, report)}
      onConfirm={() => void confirm()}
    >
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
          {props.onShowChanges && (
            <button type="button" className="button small" onClick={props.onShowChanges}>
              {t('workflow.approve.showChanges')}
            </button>
          )}
        </div>
      )}
      {code === 'open_threads' && props.onShowOpenThreads && (
        <div className="notice notice-warning" role="alert">
          <p>{t('workflow.error.open_threads')}</p>
          <button type="button" className="button small" onClick={props.onShowOpenThreads}>
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
      <Field label={t('workflow.approve.password')} error={passwordError} hint={t('workflow.approve.passwordHint')}>
        {(control) => (
          <input
            {...control}
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-autofocus
          />
        )}
      </Field>
    </TransitionShell>
  );
}

export function ReopenDialog(props: TransitionDialogProps) {
  const { t, formatDate, locale } = useI18n();
  const { report } = props;
  const request = useTransitionRequest(report, 'reopen');
  const signatures = useSignatures(report.id);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const current = signatures.data?.find((s) => !s.superseded);

  async function confirm() {
    const extra = reason.trim() ? { message: reason.trim() } : {};
    const invalid = validate({ action: 'reopen', expectedRevision: report.revision, ...extra }, t);
    if (invalid) return setErrors(invalid);
    setErrors({});
    const outcome = await request.send(extra);
    if (outcome.report) props.onDone('reopen', outcome.report);
  }

  const apiFields = fieldErrorsFromApi(request.error, t);
  return (
    <TransitionShell
      {...props}
      action="reopen"
      title={t('workflow.reopen.title')}
      description={t('workflow.reopen.description')}
      confirmLabel={t(ACTION_LABEL.reopen)}
      busy={request.busy}
      error={generalText(request.error, Boolean(apiFields.message), t, report)}
      onConfirm={() => void confirm()}
    >
      <p className="notice notice-warning">
        {current
          ? t('workflow.reopen.supersedes', { name: current.signerName, time: formatDate(current.signedAt) })
          : t('workflow.reopen.supersedesAny')}
      </p>
      <Field
        label={t('workflow.reopen.reasonLabel')}
        error={errors.message ?? apiFields.message}
        hint={t('workflow.limitHint', { max: formatCount(LIMITS.transitionMessageMax, locale) })}
      >
        {(control) => (
          <textarea
            {...control}
            name="message"
            rows={3}
            value={reason}
            maxLength={LIMITS.transitionMessageMax}
            onChange={(e) => setReason(e.target.value)}
            data-autofocus
          />
        )}
      </Field>
    </TransitionShell>
  );
}
