import type { VersionDto } from '@review/shared';
import { useI18n } from '../../i18n/i18n';
import { REASON_LABEL, type WorkflowView } from './workflow-model';

interface VersionItemProps {
  version: VersionDto;
  /** The main area shows this version now. */
  viewing: boolean;
  /** Edit access now: may restore it. */
  canRestore: boolean;
  onOpenView(view: WorkflowView): void;
  onRestore(version: VersionDto): void;
}

/** One version in the history: number, reason, label, who and when; view, compare with now, restore. */
export function VersionItem({ version: v, viewing, canRestore, onOpenView, onRestore }: VersionItemProps) {
  const { t, formatDate } = useI18n();
  return (
    <li className={viewing ? 'version-item viewing' : 'version-item'} data-version={v.number} data-reason={v.reason}>
      <div className="version-line">
        <span className="version-number">{t('history.versionNumber', { number: v.number })}</span>
        <span className={`tag reason-${v.reason}`}>{t(REASON_LABEL[v.reason])}</span>
      </div>
      {v.label && <p className="version-label">{v.label}</p>}
      <p className="version-meta">{t('history.byAt', { name: v.createdByName, time: formatDate(v.createdAt) })}</p>
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
}
