import {
  mayChangeReviewer,
  mayRestoreVersion,
  maySaveVersion,
  relationOf,
  type ReportDto,
  type ReportState,
  type VersionDto,
} from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { QueryStatus } from '../../components/QueryStatus';
import { StateBadge } from '../../components/StateBadge';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { useDocumentTitle } from '../../lib/use-document-title';
import { meQueryKey, useSignedInUser } from '../auth/session';
import { useReportComments } from '../comments/use-report-comments';
import { problemExcerpt, revealProblem } from '../content/block-positions';
import { ChecksPanel, useReportChecks } from '../content/ChecksPanel';
import { ExportButton } from '../content/ExportButton';
import { RestoreDialog } from '../workflow/RestoreDialog';
import { ReviewerDialog } from '../workflow/ReviewerDialog';
import { StateBar } from '../workflow/StateBar';
import { invalidateHistory, workflowKeys } from '../workflow/workflow.api';
import type { WorkflowView } from '../workflow/workflow-model';
import { type SidebarTab, WorkflowSidebar } from '../workflow/WorkflowSidebar';
import { WorkflowViewer } from '../workflow/WorkflowViewer';
import { reportKeys, useReport } from './reports.api';
import { actorFor } from './relation';

// The editor (Tiptap, ProseMirror, Yjs) is most of the app's code: load it with the first report.
const ReportEditor = lazy(() => import('../../editor/ReportEditor').then((m) => ({ default: m.ReportEditor })));
// They work on the editor, so they come with it.
const CommentsPanel = lazy(() => import('../comments/CommentsPanel').then((m) => ({ default: m.CommentsPanel })));
const NewThread = lazy(() => import('../comments/NewThread').then((m) => ({ default: m.NewThread })));

export function ReportPage() {
  const { id = '' } = useParams();
  // Another report (e.g. from a notification) starts afresh: no view, selection or dialog carries over.
  return <ReportScreen key={id} id={id} />;
}

function ReportScreen({ id }: { id: string }) {
  const { t, formatDate } = useI18n();
  const me = useSignedInUser();
  const report = useReport(id);
  const qc = useQueryClient();
  useDocumentTitle(report.data?.title ?? t('report.pageTitle'));

  // A transition (by anyone) reaches the page through the collaboration socket: show it at once.
  const onReportState = useCallback(
    (state: ReportState, revision: number | null) => {
      const known = qc.getQueryData<ReportDto>(reportKeys.one(id));
      if (!known || (known.state === state && (revision === null || known.revision === revision))) return;
      qc.setQueryData<ReportDto>(reportKeys.one(id), { ...known, state, revision: revision ?? known.revision });
      void qc.invalidateQueries({ queryKey: reportKeys.one(id) });
      void qc.invalidateQueries({ queryKey: reportKeys.lists });
      // A transition made elsewhere also brings new versions, signatures and audit events.
      void qc.invalidateQueries({ queryKey: workflowKeys.all(id) });
    },
    [qc, id],
  );

  const [tab, setTab] = useState<SidebarTab>('outline');
  const [view, setView] = useState<WorkflowView | null>(null);
  const [restoring, setRestoring] = useState<VersionDto | null>(null);
  // Where the focus goes back to when the version or redline view closes.
  const viewOpener = useRef<HTMLElement | null>(null);
  const openView = useCallback((next: WorkflowView) => {
    setView((current) => {
      if (!current && document.activeElement instanceof HTMLElement) viewOpener.current = document.activeElement;
      return next;
    });
  }, []);
  const closeView = useCallback(() => {
    setView(null);
    const opener = viewOpener.current;
    viewOpener.current = null;
    requestAnimationFrame(() => {
      if (opener?.isConnected) opener.focus();
    });
  }, []);

  const onSignedOut = useCallback(() => void qc.invalidateQueries({ queryKey: meQueryKey }), [qc]);

  const comments = useReportComments(id, () => setTab('comments'));
  const onActivity = useCallback(() => invalidateHistory(qc, id), [qc, id]);

  const [choosingReviewer, setChoosingReviewer] = useState(false);

  // Everyone may read the checks; the tab shows how many problems there are.
  const checkProblems = useReportChecks(id).data?.problems.length;
  const [revealChecks, setRevealChecks] = useState(0);
  const showChecks = useCallback(() => {
    setTab('checks');
    setRevealChecks((n) => n + 1);
  }, []);

  // Once open, the page stays even if a later refetch fails: the editor may hold unsaved text and
  // explains on its own when the document is no longer reachable.
  const missing =
    report.error instanceof ApiError && (report.error.code === 'not_found' || report.error.code === 'validation_failed');
  if (missing && !report.data) {
    return (
      <section className="page narrow-page">
        <EmptyState
          titleAs="h1"
          title={t('report.notFound.title')}
          action={
            <Link className="button primary" to="/">
              {t('common.backToReports')}
            </Link>
          }
        >
          {t('report.notFound.text')}
        </EmptyState>
      </section>
    );
  }
  if (!report.data) {
    return (
      <section className="page">
        <QueryStatus isPending={report.isPending} error={report.error} onRetry={() => void report.refetch()} />
      </section>
    );
  }

  const r = report.data;
  // What the user may do here, by the rules the server applies (permissions.ts in @review/shared).
  const actor = actorFor(me, r);
  const canRestore = mayRestoreVersion(r, actor);
  const canSaveVersion = maySaveVersion(r, actor);
  const canChooseReviewer = mayChangeReviewer(r, actor);
  const isReviewer = relationOf(r, actor) === 'reviewer';

  return (
    <article className="page report-page">
      <nav className="breadcrumb" aria-label={t('report.breadcrumb')}>
        <Link to="/">{t('nav.reports')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{r.title}</span>
      </nav>
      <header className="report-head">
        <div className="report-title-row">
          <h1 className="doc-title">{r.title}</h1>
          <StateBadge state={r.state} />
          <ExportButton reportId={r.id} title={r.title} className="button small report-export" />
        </div>
        <dl className="report-meta">
          <div>
            <dt>{t('report.author')}</dt>
            <dd>{r.authorName}</dd>
          </div>
          <div>
            <dt>{t('report.reviewer')}</dt>
            <dd className="report-reviewer">
              <span>{r.reviewerName ?? t('people.none')}</span>
              {canChooseReviewer && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setChoosingReviewer(true)}
                  aria-label={r.reviewerId ? t('reviewer.changeLabel') : undefined}
                >
                  {r.reviewerId ? t('reviewer.change') : t('reviewer.assign')}
                </button>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('report.team')}</dt>
            <dd>{r.teamName}</dd>
          </div>
          <div>
            <dt>{t('report.created')}</dt>
            <dd>
              <time dateTime={r.createdAt}>{formatDate(r.createdAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('report.updated')}</dt>
            <dd>
              <time dateTime={r.updatedAt}>{formatDate(r.updatedAt)}</time>
            </dd>
          </div>
        </dl>
        <StateBar
          report={r}
          me={me}
          onOpenView={openView}
          onShowOpenThreads={comments.showOpenThreads}
          onAssignReviewer={canChooseReviewer ? () => setChoosingReviewer(true) : undefined}
          onShowChecks={showChecks}
        />
      </header>
      <div id="editor-root" className="editor-root" data-report-id={r.id}>
        <Suspense fallback={<p className="loading">{t('editor.loading')}</p>}>
          <ReportEditor
            report={r}
            me={me}
            onReportState={onReportState}
            onSignedOut={onSignedOut}
            threads={comments.anchored}
            selectedThreadId={comments.selection?.id ?? null}
            onSelectThread={(threadId) => comments.showThread(threadId, 'text')}
            onThread={comments.onThread}
            onActivity={onActivity}
            onConnected={comments.onReconnected}
            overlay={(context) => (
              <Suspense fallback={null}>
                <NewThread report={r} me={me} context={context} onCreated={(thread) => comments.showThread(thread.id, 'created')} />
              </Suspense>
            )}
            aside={(outline, narrow, context) => (
              <WorkflowSidebar
                report={r}
                tab={tab}
                onTab={setTab}
                outline={outline}
                comments={
                  <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
                    <CommentsPanel
                      report={r}
                      me={me}
                      context={context}
                      filter={comments.filter}
                      onFilter={comments.setFilter}
                      selection={comments.selection}
                      onSelect={(threadId) => comments.showThread(threadId, 'panel')}
                    />
                  </Suspense>
                }
                openThreads={comments.openThreads}
                revealComments={comments.reveal}
                checks={
                  <ChecksPanel
                    reportId={r.id}
                    onSelectBlock={(_, problem) => revealProblem(context.editor, problem)}
                    excerptOf={(problem) => problemExcerpt(context.editor.state.doc, problem)}
                  />
                }
                checkProblems={checkProblems}
                revealChecks={revealChecks}
                collapsible={narrow}
                canSaveVersion={canSaveVersion}
                canRestore={canRestore}
                isReviewer={isReviewer}
                view={view}
                onOpenView={openView}
                onRestore={setRestoring}
              />
            )}
            replacement={
              view && (
                <WorkflowViewer
                  reportId={r.id}
                  view={view}
                  canRestore={canRestore}
                  onOpenView={openView}
                  onRestore={setRestoring}
                  onClose={closeView}
                />
              )
            }
          />
        </Suspense>
      </div>
      {choosingReviewer && <ReviewerDialog report={r} onClose={() => setChoosingReviewer(false)} />}
      {restoring && (
        <RestoreDialog reportId={r.id} version={restoring} onClose={() => setRestoring(null)} onRestored={closeView} />
      )}
    </article>
  );
}
