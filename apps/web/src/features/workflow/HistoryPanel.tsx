import type { ReportDto, VersionDto } from '@review/shared';
import { EmptyState } from '../../components/EmptyState';
import { QueryStatus } from '../../components/QueryStatus';
import { useI18n } from '../../i18n/i18n';
import { CompareForm } from './CompareForm';
import { SaveVersionForm } from './SaveVersionForm';
import { SignatureHistory } from './SignatureHistory';
import { VersionItem } from './VersionItem';
import { useVersions } from './workflow.api';
import { changesSinceVersion, type WorkflowView } from './workflow-model';

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
            {list.map((v) => (
              <VersionItem
                key={v.id}
                version={v}
                viewing={view?.kind === 'version' && view.versionId === v.id}
                canRestore={canRestore}
                onOpenView={onOpenView}
                onRestore={onRestore}
              />
            ))}
          </ol>
        </>
      )}
      <SignatureHistory reportId={report.id} />
    </div>
  );
}
