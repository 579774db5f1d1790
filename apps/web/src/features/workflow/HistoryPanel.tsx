import { createVersionSchema, LIMITS, type ReportDto, type SignatureDto, type VersionDto } from '@review/shared';
import { type FormEvent, useId, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { QueryStatus } from '../../components/QueryStatus';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues, generalError } from '../../lib/forms';
import { HashText } from './HashText';
import { useCreateVersion, useSignatures, useVersions } from './workflow.api';
import { changesSinceVersion, REASON_LABEL, type WorkflowView } from './workflow-model';

interface HistoryPanelProps {
  report: ReportDto;
  /** Author, reviewer or admin: may save a version by hand. */
  canSaveVersion: boolean;
  /** Edit access now: may restore a version. */
  canRestore: boolean;
  /** The reviewer gets the "changes since the last submission" shortcut. */
  isReviewer: boolean;
  /** What the main area shows now, to mark the matching row. */
  view: WorkflowView | null;
  onOpenView(view: WorkflowView): void;
  onRestore(version: VersionDto): void;
}

const CURRENT = 'current';

/** Versions (newest first), saving one, comparing any two, restoring, and the signatures. */
export function HistoryPanel({ report, canSaveVersion, canRestore, isReviewer, view, onOpenView, onRestore }: HistoryPanelProps) {
  const { t, formatDate } = useI18n();
  const versions = useVersions(report.id);
  const list = versions.data ?? [];
  const since = changesSinceVersion(list, report.state);

  return (
    <div className="history">
      {isReviewer && since && (
        <div className="history-since">
          <button
            type="button"
            className="button small block"
            onClick={() => onOpenView({ kind: 'diff', from: since.id, to: 'current', since: true })}
          >
            {t('history.changesSinceShort')}
          </button>
          <p className="history-hint">
            {t('history.changesSinceHint', { number: since.number, time: formatDate(since.createdAt) })}
          </p>
        </div>
      )}

      {canSaveVersion && <SaveVersionForm reportId={report.id} />}

      <QueryStatus isPending={versions.isPending} error={versions.error} onRetry={() => void versions.refetch()} />
      {versions.data && list.length === 0 && (
        <EmptyState title={t('history.empty.title')}>{t('history.empty.text')}</EmptyState>
      )}
      {list.length > 0 && <CompareForm versions={list} onOpenView={onOpenView} />}
      {list.length > 0 && (
        <>
          <h3 className="panel-subtitle">{t('history.versions')}</h3>
          <ol className="version-list" aria-label={t('history.versions')}>
            {list.map((v) => {
              const viewing = view?.kind === 'version' && view.versionId === v.id;
              return (
                <li key={v.id} className={viewing ? 'version-item viewing' : 'version-item'} data-version={v.number} data-reason={v.reason}>
                  <div className="version-line">
                    <span className="version-number">{t('history.versionNumber', { number: v.number })}</span>
                    <span className={`tag reason-${v.reason}`}>{t(REASON_LABEL[v.reason])}</span>
                  </div>
                  {v.label && <p className="version-label">{v.label}</p>}
                  <p className="version-meta">
                    {t('history.byAt', { name: v.createdByName, time: formatDate(v.createdAt) })}
                  </p>
                  <div className="version-actions">
                    <button
                      type="button"
                      className="button small"
                      aria-current={viewing || undefined}
                      aria-label={t('history.viewFor', { number: v.number })}
                      onClick={() => onOpenView({ kind: 'version', versionId: v.id })}
                    >
                      {t('history.view')}
                    </button>
                    <button
                      type="button"
                      className="button small"
                      aria-label={t('history.compareCurrentFor', { number: v.number })}
                      onClick={() => onOpenView({ kind: 'diff', from: v.id, to: 'current' })}
                    >
                      {t('history.compareCurrentShort')}
                    </button>
                    {canRestore && (
                      <button
                        type="button"
                        className="button small danger-quiet"
                        aria-label={t('history.restoreFor', { number: v.number })}
                        onClick={() => onRestore(v)}
                      >
                        {t('history.restore')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <SignatureHistory reportId={report.id} />
    </div>
  );
}

function SaveVersionForm({ reportId }: { reportId: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const create = useCreateVersion(reportId);
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const id = useId();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = createVersionSchema.safeParse({ label });
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues, t));
    setErrors({});
    try {
      const version = await create.mutateAsync(parsed.data);
      setLabel('');
      toast.show(t('history.saved', { number: version.number }));
    } catch (err) {
      const fields = fieldErrorsFromApi(err, t);
      if (fields.label) setErrors(fields);
      else setFormError(generalError(err, t));
    }
  }

  const error = errors.label;
  return (
    <form className="save-version" onSubmit={(e) => void onSubmit(e)} noValidate>
      <label htmlFor={id}>{t('history.saveLabel')}</label>
      <div className="save-version-row">
        <input
          id={id}
          name="label"
          value={label}
          maxLength={LIMITS.versionLabelMax}
          placeholder={t('history.savePlaceholder')}
          onChange={(e) => setLabel(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          autoComplete="off"
        />
        <button type="submit" className="button small" disabled={create.isPending}>
          {t('history.save')}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
    </form>
  );
}

function CompareForm({ versions, onOpenView }: { versions: readonly VersionDto[]; onOpenView(view: WorkflowView): void }) {
  const { t } = useI18n();
  const id = useId();
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>(CURRENT);
  const fromId = from || (versions[0]?.id ?? '');
  const option = (v: VersionDto) => (
    <option key={v.id} value={v.id}>
      {v.label
        ? t('history.versionLabelled', { number: v.number, label: v.label })
        : t('history.versionReason', { number: v.number, reason: t(REASON_LABEL[v.reason]) })}
    </option>
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fromId) onOpenView({ kind: 'diff', from: fromId, to });
  }

  return (
    <form className="compare" onSubmit={onSubmit} aria-label={t('history.compare')}>
      <h3 className="panel-subtitle">{t('history.compare')}</h3>
      <div className="compare-row">
        <label htmlFor={`${id}-from`}>{t('history.compareFrom')}</label>
        <select id={`${id}-from`} value={fromId} onChange={(e) => setFrom(e.target.value)}>
          {versions.map(option)}
        </select>
      </div>
      <div className="compare-row">
        <label htmlFor={`${id}-to`}>{t('history.compareTo')}</label>
        <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
          <option value={CURRENT}>{t('history.current')}</option>
          {versions.map(option)}
        </select>
      </div>
      <button type="submit" className="button small block" disabled={!fromId || fromId === to}>
        {t('history.compareGo')}
      </button>
    </form>
  );
}

function SignatureHistory({ reportId }: { reportId: string }) {
  const { t, formatDate } = useI18n();
  const signatures = useSignatures(reportId);
  const list: SignatureDto[] = signatures.data ?? [];
  if (signatures.error) {
    return <QueryStatus isPending={false} error={signatures.error} onRetry={() => void signatures.refetch()} />;
  }
  if (list.length === 0) return null;
  return (
    <>
      <h3 className="panel-subtitle">{t('history.signatures')}</h3>
      <ol className="signature-list">
        {list.map((s) => (
          <li key={s.id} className={s.superseded ? 'signature-item superseded' : 'signature-item'} data-superseded={s.superseded}>
            <p className="signature-item-head">
              <span>{t('history.signedBy', { name: s.signerName, meaning: t('signature.meaning.approved') })}</span>
              <span className={s.superseded ? 'tag tag-superseded' : 'tag tag-valid'}>
                {t(s.superseded ? 'signature.superseded' : 'signature.valid')}
              </span>
            </p>
            <p className="version-meta">
              {formatDate(s.signedAt)} · {t('history.versionNumber', { number: s.versionNumber })}
            </p>
            {s.superseded && s.supersededAt && (
              <p className="version-meta">{t('signature.supersededAt', { time: formatDate(s.supersededAt) })}</p>
            )}
            <p className="version-meta">
              <HashText hash={s.contentHash} />
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
