import type { DiffBlock, DiffSegment, VersionDto } from '@review/shared';
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { QueryStatus } from '../../components/QueryStatus';
import { type Translate, useI18n } from '../../i18n/i18n';
import { DocumentBlocks, type RenderedBlock } from './DocumentBlocks';
import { HashText } from './HashText';
import { useDiff, useVersion, useVersions } from './workflow.api';
import { diffStats, REASON_LABEL, type WorkflowView } from './workflow-model';

interface WorkflowViewerProps {
  reportId: string;
  view: WorkflowView;
  /** The user may replace the content with a version (edit access now). */
  canRestore: boolean;
  onOpenView(view: WorkflowView): void;
  onRestore(version: VersionDto): void;
  onClose(): void;
}

/**
 * Shown in place of the editor (which stays connected underneath): one version read-only, or
 * the redline between two versions or a version and now. Escape or "back" returns to the text.
 */
export function WorkflowViewer(props: WorkflowViewerProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const { view, onClose } = props;
  const viewKey = view.kind === 'version' ? view.versionId : `${view.from}:${view.to}`;

  useEffect(() => {
    const heading = headingRef.current;
    if (!heading) return;
    heading.focus({ preventScroll: true });
    // Bring the view's top into sight (on narrow screens it sits below the side panel).
    const top = heading.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) sectionRef.current?.scrollIntoView({ block: 'start' });
  }, [viewKey]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <section ref={sectionRef} className="viewer" aria-labelledby="viewer-title" data-view={view.kind}>
      {view.kind === 'version' ? (
        <VersionView {...props} versionId={view.versionId} headingRef={headingRef} />
      ) : (
        <DiffView {...props} from={view.from} to={view.to} since={view.since ?? false} headingRef={headingRef} />
      )}
    </section>
  );
}

interface HeadProps {
  title: string;
  meta?: ReactNode;
  actions?: ReactNode;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose(): void;
}

function ViewerHead({ title, meta, actions, headingRef, onClose }: HeadProps) {
  const { t } = useI18n();
  return (
    <header className="viewer-head">
      <div className="viewer-head-text">
        <h2 id="viewer-title" ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        {meta && <div className="viewer-meta">{meta}</div>}
      </div>
      <div className="viewer-actions">
        {actions}
        <button type="button" className="button small" onClick={onClose} aria-keyshortcuts="Escape">
          {t('viewer.back')}
        </button>
      </div>
    </header>
  );
}

function versionName(v: VersionDto, t: Translate): string {
  const reason = t(REASON_LABEL[v.reason]);
  return v.label
    ? t('history.versionLabelled', { number: v.number, label: v.label })
    : t('history.versionReason', { number: v.number, reason });
}

function VersionView({
  reportId,
  versionId,
  canRestore,
  onOpenView,
  onRestore,
  onClose,
  headingRef,
}: WorkflowViewerProps & { versionId: string; headingRef: HeadProps['headingRef'] }) {
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

function segmentNodes(segments: readonly DiffSegment[], blockOp: DiffBlock['op'], labels: { ins: string; del: string }) {
  return segments.map((seg, i) => {
    const op = blockOp === 'insert' || blockOp === 'delete' ? blockOp : seg.op;
    if (op === 'insert') {
      return (
        <ins key={i} title={labels.ins}>
          <span className="visually-hidden">[{labels.ins}]</span>
          {seg.text}
        </ins>
      );
    }
    if (op === 'delete') {
      return (
        <del key={i} title={labels.del}>
          <span className="visually-hidden">[{labels.del}]</span>
          {seg.text}
        </del>
      );
    }
    return <span key={i}>{seg.text}</span>;
  });
}

function DiffView({
  reportId,
  from,
  to,
  since,
  onClose,
  headingRef,
}: WorkflowViewerProps & { from: string; to: string; since: boolean; headingRef: HeadProps['headingRef'] }) {
  const { t, locale } = useI18n();
  const diff = useDiff(reportId, from, to);
  const versions = useVersions(reportId);
  const [onlyChanges, setOnlyChanges] = useState(false);
  const byId = new Map((versions.data ?? []).map((v) => [v.id, v]));
  const fromVersion = byId.get(from);
  const toVersion = to === 'current' ? null : byId.get(to);
  const fromName = fromVersion ? versionName(fromVersion, t) : t('history.versionUnknown');
  const toName = to === 'current' ? t('history.current') : toVersion ? versionName(toVersion, t) : t('history.versionUnknown');
  const labels = { ins: t('diff.inserted'), del: t('diff.deleted') };

  const blocks = diff.data?.blocks ?? [];
  const stats = diffStats(blocks);
  const changed = stats.inserted + stats.deleted > 0 || blocks.some((b) => b.op !== 'equal');
  const number = new Intl.NumberFormat(locale);

  const rendered: RenderedBlock[] = [];
  let hidden = 0;
  const flushHidden = (key: string) => {
    if (hidden === 0) return;
    rendered.push({ key: `gap-${key}`, type: 'paragraph', className: 'diff-gap', content: t('diff.unchanged', { count: hidden }) });
    hidden = 0;
  };
  blocks.forEach((b, i) => {
    if (onlyChanges && b.op === 'equal') {
      hidden += 1;
      return;
    }
    flushHidden(String(i));
    const text = b.segments.map((s) => s.text).join('');
    rendered.push({
      key: String(i),
      type: b.type,
      level: b.level,
      className: `diff-block diff-${b.op}`,
      content: text ? segmentNodes(b.segments, b.op, labels) : '\u00a0',
    });
  });
  flushHidden('end');

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
          {rendered.length > 0 ? <DocumentBlocks blocks={rendered} /> : <p className="muted">{t('viewer.emptyVersion')}</p>}
        </div>
      )}
    </>
  );
}
