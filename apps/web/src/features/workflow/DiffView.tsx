import { useState } from 'react';
import { QueryStatus } from '../../components/QueryStatus';
import { useI18n } from '../../i18n/i18n';
import { DocumentBlocks } from './DocumentBlocks';
import { redlineBlocks } from './redline';
import { versionName } from './version-name';
import { ViewerHead, type ViewerHeadProps } from './ViewerHead';
import { useDiff, useVersions } from './workflow.api';
import { diffStats } from './workflow-model';

interface DiffViewProps {
  reportId: string;
  from: string;
  /** A version's id, or `current` for the content as it is now. */
  to: string;
  /** The reviewer's "changes since the last submission". */
  since: boolean;
  onClose(): void;
  headingRef: ViewerHeadProps['headingRef'];
}

/** The redline between two versions, or a version and now: what was inserted and deleted, and how much. */
export function DiffView({ reportId, from, to, since, onClose, headingRef }: DiffViewProps) {
  const { t, locale } = useI18n();
  const diff = useDiff(reportId, from, to);
  const versions = useVersions(reportId);
  const [onlyChanges, setOnlyChanges] = useState(false);
  const byId = new Map((versions.data ?? []).map((v) => [v.id, v]));
  const fromVersion = byId.get(from);
  const toVersion = to === 'current' ? null : byId.get(to);
  const fromName = fromVersion ? versionName(fromVersion, t) : t('history.versionUnknown');
  const toName = to === 'current' ? t('history.current') : toVersion ? versionName(toVersion, t) : t('history.versionUnknown');

  const blocks = diff.data?.blocks ?? [];
  const stats = diffStats(blocks);
  const title = diff.data?.title;
  const changed = stats.inserted + stats.deleted > 0 || blocks.some((b) => b.op !== 'equal') || title !== undefined;
  const number = new Intl.NumberFormat(locale);
  const rendered = redlineBlocks(blocks, onlyChanges, t);

  return (
    <>
      <ViewerHead
        headingRef={headingRef}
        onClose={onClose}
        title={since ? t('viewer.sinceTitle') : t('viewer.diffTitle')}
        meta={
          <>
            <span className="viewer-range">{t('viewer.range', { from: fromName, to: toName })}</span>
            {diff.data && (
              <span className="diff-stats" data-inserted={stats.inserted} data-deleted={stats.deleted}>
                {changed
                  ? t('diff.stats', { inserted: number.format(stats.inserted), deleted: number.format(stats.deleted) })
                  : t('diff.same')}
                {title && t('diff.titleStat')}
              </span>
            )}
          </>
        }
        actions={
          to === 'current' && (
            <button type="button" className="button small" onClick={() => void diff.refetch()} disabled={diff.isFetching}>
              {t('viewer.refresh')}
            </button>
          )
        }
      />
      <div className="diff-toolbar">
        <p className="diff-legend">
          <ins>{t('diff.legendInserted')}</ins>
          <del>{t('diff.legendDeleted')}</del>
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={onlyChanges} onChange={(e) => setOnlyChanges(e.target.checked)} />
          {t('diff.onlyChanges')}
        </label>
      </div>
      <QueryStatus isPending={diff.isPending} error={diff.error} onRetry={() => void diff.refetch()} />
      {diff.data && (
        <div className="paper viewer-paper redline">
          {title && (
            <p className="redline-title" aria-label={t('diff.titleChanged')}>
              <span className="redline-title-label">{t('diff.titleLabel')}</span>
              <del>{title.from}</del>
              <ins>{title.to}</ins>
            </p>
          )}
          {rendered.length > 0 ? <DocumentBlocks blocks={rendered} /> : <p className="muted">{t('viewer.emptyVersion')}</p>}
        </div>
      )}
    </>
  );
}
