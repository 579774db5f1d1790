import {
  mayChangeReviewer,
  mayRename,
  mayRestoreVersion,
  maySaveVersion,
  relationOf,
  type VersionDto,
} from '@review/shared';
import { useState } from 'react';
import { useParams } from 'react-router';
import { QueryStatus } from '../../components/QueryStatus';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useSignedInUser } from '../auth/session';
import { useReportComments } from '../comments/use-report-comments';
import { useReportChecks } from '../content/ChecksPanel';
import { RestoreDialog } from '../workflow/RestoreDialog';
import { ReviewerDialog } from '../workflow/ReviewerDialog';
import { StateBar } from '../workflow/StateBar';
import { actorFor } from './relation';
import { ReportHeader } from './ReportHeader';
import { ReportTitle } from './ReportTitle';
import { ReportNotFound } from './ReportNotFound';
import { ReportWorkspace } from './ReportWorkspace';
import { useReport } from './reports.api';
import { useReportView } from './use-report-view';
import { useSidebarTab } from './use-sidebar-tab';

export function ReportPage() {
  const { id = '' } = useParams();
  // Another report (e.g. from a notification) starts afresh: no view, selection or dialog carries over.
  return <ReportScreen key={id} id={id} />;
}

function ReportScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const me = useSignedInUser();
  const report = useReport(id);
  useDocumentTitle(report.data?.title ?? t('report.pageTitle'));

  const sidebar = useSidebarTab();
  const view = useReportView();
  const [restoring, setRestoring] = useState<VersionDto | null>(null);
  const [choosingReviewer, setChoosingReviewer] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const comments = useReportComments(id, () => sidebar.setTab('comments'));
  // Everyone may read the checks; the tab shows how many problems there are.
  const checkProblems = useReportChecks(id).data?.problems.length;

  // Once open, the page stays even if a later refetch fails: the editor may hold unsaved text and
  // explains on its own when the document is no longer reachable.
  const missing =
    report.error instanceof ApiError && (report.error.code === 'not_found' || report.error.code === 'validation_failed');
  if (missing && !report.data) return <ReportNotFound />;
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
  const canChooseReviewer = mayChangeReviewer(r, actor);
  const chooseReviewer = canChooseReviewer ? () => setChoosingReviewer(true) : undefined;

  return (
    <article className="page report-page">
      <ReportHeader
        report={r}
        title={<ReportTitle report={r} editable={mayRename(r, actor)} editing={renaming} onEditing={setRenaming} />}
        onChooseReviewer={chooseReviewer}
      >
        <StateBar
          report={r}
          me={me}
          onOpenView={view.openView}
          onShowOpenThreads={comments.showOpenThreads}
          onAssignReviewer={chooseReviewer}
          onShowChecks={sidebar.showChecks}
        />
      </ReportHeader>
      <ReportWorkspace
        report={r}
        me={me}
        comments={comments}
        sidebar={sidebar}
        checkProblems={checkProblems}
        view={view}
        canSaveVersion={maySaveVersion(r, actor)}
        canRestore={mayRestoreVersion(r, actor)}
        isReviewer={relationOf(r, actor) === 'reviewer'}
        onRestore={setRestoring}
        onFixTitle={() => {
          setRenaming(true);
          window.scrollTo({ top: 0, behavior: 'smooth' });
        }}
      />
      {choosingReviewer && <ReviewerDialog report={r} onClose={() => setChoosingReviewer(false)} />}
      {restoring && (
        <RestoreDialog reportId={r.id} version={restoring} onClose={() => setRestoring(null)} onRestored={view.closeView} />
      )}
    </article>
  );
}
