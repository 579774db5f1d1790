import type { VersionDto } from '@review/shared';
import { QueryStatus } from '../../components/QueryStatus';
import { useI18n } from '../../i18n/i18n';
import { DocumentBlocks, type RenderedBlock } from './DocumentBlocks';
import { HashText } from './HashText';
import { versionName } from './version-name';
import { ViewerHead, type ViewerHeadProps } from './ViewerHead';
import { useVersion } from './workflow.api';
import type { WorkflowView } from './workflow-model';

interface VersionViewProps {
  reportId: string;
  versionId: string;
  /** The user may replace the content with the version (edit access now). */
  canRestore: boolean;
  onOpenView(view: WorkflowView): void;
  onRestore(version: VersionDto): void;
  onClose(): void;
  headingRef: ViewerHeadProps['headingRef'];
}

/** One version, read-only, with who saved it when and its hash; compare it with now, or restore it. */
export function VersionView({ reportId, versionId, canRestore, onOpenView, onRestore, onClose, headingRef }: VersionViewProps) {
  const { t, formatDate } = useI18n();
  const version = useVersion(reportId, versionId);
  const v = version.data;
  const blocks: RenderedBlock[] = (v?.blocks ?? []).map((b, i) => ({
    key: String(i),
    type: b.type,
    level: b.level,
    content: b.text || '\u00a0',
  }));
  return (
    <>
      <ViewerHead
        headingRef={headingRef}
        onClose={onClose}
        title={v ? t('viewer.versionTitle', { name: versionName(v, t) }) : t('viewer.versionLoading')}
        meta={
          v && (
            <>
              <span className="viewer-readonly">{t('viewer.readOnly')}</span>
              <span>{t('history.byAt', { name: v.createdByName, time: formatDate(v.createdAt) })}</span>
              <span>
                {t('viewer.hash')} <HashText hash={v.contentHash} />
              </span>
            </>
          )
        }
        actions={
          v && (
            <>
              <button type="button" className="button small" onClick={() => onOpenView({ kind: 'diff', from: v.id, to: 'current' })}>
                {t('history.compareCurrent')}
              </button>
              {canRestore && (
                <button type="button" className="button small" onClick={() => onRestore(v)}>
                  {t('history.restore')}
                </button>
              )}
            </>
          )
        }
      />
      <QueryStatus isPending={version.isPending} error={version.error} onRetry={() => void version.refetch()} />
      {v && (
        <div className="paper viewer-paper">
          {blocks.length > 0 ? <DocumentBlocks blocks={blocks} /> : <p className="muted">{t('viewer.emptyVersion')}</p>}
        </div>
      )}
    </>
  );
}
