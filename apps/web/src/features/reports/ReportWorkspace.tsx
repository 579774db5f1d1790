import { type MeDto, type ReportDto, TITLE_BLOCK, type VersionDto } from '@review/shared';
import { lazy, Suspense } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { useReportComments } from '../comments/use-report-comments';
import { problemExcerpt, revealProblem } from '../content/block-positions';
import { ChecksPanel } from '../content/ChecksPanel';
import { WorkflowSidebar } from '../workflow/WorkflowSidebar';
import { WorkflowViewer } from '../workflow/WorkflowViewer';
import type { useReportView } from './use-report-view';
import { useReportSync } from './use-report-sync';
import type { useSidebarTab } from './use-sidebar-tab';

// The editor (Tiptap, ProseMirror, Yjs) is most of the app's code: load it with the first report.
const ReportEditor = lazy(() => import('../../editor/ReportEditor').then((m) => ({ default: m.ReportEditor })));
// They work on the editor, so they come with it.
const CommentsPanel = lazy(() => import('../comments/CommentsPanel').then((m) => ({ default: m.CommentsPanel })));
const NewThread = lazy(() => import('../comments/NewThread').then((m) => ({ default: m.NewThread })));

interface ReportWorkspaceProps {
  report: ReportDto;
  me: MeDto;
  comments: ReturnType<typeof useReportComments>;
  sidebar: ReturnType<typeof useSidebarTab>;
  /** How many problems the pre-submit checks found (unknown while loading). */
  checkProblems: number | undefined;
  /** A version or redline shown in place of the text. */
  view: ReturnType<typeof useReportView>;
  canSaveVersion: boolean;
  canRestore: boolean;
  isReviewer: boolean;
  onRestore(version: VersionDto): void;
  /** A problem of the title was chosen in the checks: the title is renamed in the header. */
  onFixTitle(): void;
}

/**
 * The text and what goes with it: the live editor with the commenting button over it, beside it
 * the outline, comments, checks, history and activity; a version or redline in its place.
 */
export function ReportWorkspace({ report: r, me, comments, sidebar, checkProblems, view, onRestore, onFixTitle, ...may }: ReportWorkspaceProps) {
  const { t } = useI18n();
  const sync = useReportSync(r.id);
  return (
    <div id="editor-root" className="editor-root" data-report-id={r.id}>
      <Suspense fallback={<p className="loading">{t('editor.loading')}</p>}>
        <ReportEditor
          report={r}
          me={me}
          onReportState={sync.onReportState}
          onSignedOut={sync.onSignedOut}
          threads={comments.anchored}
          selectedThreadId={comments.selection?.id ?? null}
          onSelectThread={(threadId) => comments.showThread(threadId, 'text')}
          onThread={comments.onThread}
          onActivity={sync.onActivity}
          onConnected={comments.onReconnected}
          overlay={(context) => (
            <Suspense fallback={null}>
              <NewThread report={r} me={me} context={context} onCreated={(thread) => comments.showThread(thread.id, 'created')} />
            </Suspense>
          )}
          aside={(outline, narrow, context) => (
            <WorkflowSidebar
              report={r}
              tab={sidebar.tab}
              onTab={sidebar.setTab}
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
                  onSelectBlock={(block, problem) => (block === TITLE_BLOCK ? onFixTitle() : revealProblem(context.editor, problem))}
                  excerptOf={(problem) => problemExcerpt(context.editor.state.doc, problem)}
                />
              }
              checkProblems={checkProblems}
              revealChecks={sidebar.revealChecks}
              collapsible={narrow}
              canSaveVersion={may.canSaveVersion}
              canRestore={may.canRestore}
              isReviewer={may.isReviewer}
              view={view.view}
              onOpenView={view.openView}
              onRestore={onRestore}
            />
          )}
          replacement={
            view.view && (
              <WorkflowViewer
                reportId={r.id}
                view={view.view}
                canRestore={may.canRestore}
                onOpenView={view.openView}
                onRestore={onRestore}
                onClose={view.closeView}
              />
            )
          }
        />
      </Suspense>
    </div>
  );
}
