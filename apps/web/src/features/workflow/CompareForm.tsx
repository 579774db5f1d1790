import type { VersionDto } from '@review/shared';
import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { versionName } from './version-name';
import type { WorkflowView } from './workflow-model';

const CURRENT = 'current';

interface CompareFormProps {
  /** Newest first; the newest is compared by default. */
  versions: readonly VersionDto[];
  onOpenView(view: WorkflowView): void;
}

/** Opens the redline between any two versions, or a version and now. */
export function CompareForm({ versions, onOpenView }: CompareFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>(CURRENT);
  const fromId = from || (versions[0]?.id ?? '');
  const option = (v: VersionDto) => (
    <option key={v.id} value={v.id}>
      {versionName(v, t)}
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
