import type { ReportDto, VersionDto } from '@review/shared';
import { type ReactNode, useEffect, useState } from 'react';
import { TabPanel, Tabs } from '../../components/Tabs';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ActivityPanel } from './ActivityPanel';
import { HistoryPanel } from './HistoryPanel';
import type { WorkflowView } from './workflow-model';

export type SidebarTab = 'outline' | 'comments' | 'checks' | 'history' | 'activity';

const TABS: readonly SidebarTab[] = ['outline', 'comments', 'checks', 'history', 'activity'];
/** On narrow screens the comments and the checks have a fold of their own each, one tap away. */
const NARROW_TABS: readonly SidebarTab[] = ['outline', 'history', 'activity'];
const TAB_LABEL: Record<SidebarTab, MessageKey> = {
  outline: 'sidebar.outline',
  comments: 'sidebar.comments',
  checks: 'content.checks.tab',
  history: 'sidebar.history',
  activity: 'sidebar.activity',
};

interface WorkflowSidebarProps {
  report: ReportDto;
  tab: SidebarTab;
  onTab(tab: SidebarTab): void;
  /** The editor's outline, shown in the first tab. */
  outline: ReactNode;
  /** The comment threads, and how many are open (shown on the tab). */
  comments: ReactNode;
  openThreads: number;
  /** Grows whenever a thread is chosen from elsewhere: the comments must be on screen. */
  revealComments: number;
  /** The pre-submit checks, and how many problems they found (shown on the tab; unknown while loading). */
  checks: ReactNode;
  checkProblems: number | undefined;
  /** Grows whenever the checks are asked for from elsewhere (the state bar): they must be on screen. */
  revealChecks: number;
  /** On narrow screens the whole panel folds away above the text. */
  collapsible: boolean;
  canSaveVersion: boolean;
  canRestore: boolean;
  isReviewer: boolean;
  view: WorkflowView | null;
  onOpenView(view: WorkflowView): void;
  onRestore(version: VersionDto): void;
}

/** Beside the text: its outline, its comments, its pre-submit checks, its history (versions, redlines, signatures) and its audit trail. */
export function WorkflowSidebar(props: WorkflowSidebarProps) {
  const { t } = useI18n();
  const { collapsible } = props;
  const tabs = collapsible ? NARROW_TABS : TABS;
  const tab = tabs.includes(props.tab) ? props.tab : 'outline';
  const [commentsOpen, setCommentsOpen] = useState(false);
  useEffect(() => {
    if (props.revealComments > 0) setCommentsOpen(true);
  }, [props.revealComments]);
  const [checksOpen, setChecksOpen] = useState(false);
  useEffect(() => {
    if (props.revealChecks > 0) setChecksOpen(true);
  }, [props.revealChecks]);
  const checkProblems = props.checkProblems;

  const panels = (
    <div className="sidebar">
      <Tabs
        label={t('sidebar.label')}
        idPrefix="sidebar"
        items={tabs.map((key) => ({
          key,
          label: t(TAB_LABEL[key]),
          count:
            key === 'comments' && props.openThreads > 0 ? props.openThreads
            : key === 'checks' && checkProblems ? checkProblems
            : undefined,
        }))}
        selected={tab}
        onSelect={props.onTab}
      />
      <TabPanel idPrefix="sidebar" selected={tab}>
        {tab === 'outline' && props.outline}
        {tab === 'comments' && props.comments}
        {tab === 'checks' && props.checks}
        {tab === 'history' && (
          <HistoryPanel
            report={props.report}
            canSaveVersion={props.canSaveVersion}
            canRestore={props.canRestore}
            isReviewer={props.isReviewer}
            view={props.view}
            onOpenView={props.onOpenView}
            onRestore={props.onRestore}
          />
        )}
        {tab === 'activity' && <ActivityPanel reportId={props.report.id} />}
      </TabPanel>
    </div>
  );
  if (!collapsible) return panels;
  return (
    <>
      <details className="comments-collapsible" open={commentsOpen} onToggle={(e) => setCommentsOpen(e.currentTarget.open)}>
        <summary className="comments-summary">
          {props.openThreads > 0 ? t('comments.summaryOpen', { count: props.openThreads }) : t('comments.title')}
        </summary>
        {commentsOpen && props.comments}
      </details>
      <details className="checks-collapsible" open={checksOpen} onToggle={(e) => setChecksOpen(e.currentTarget.open)}>
        <summary className="checks-summary">
          {checkProblems ? t('content.checks.summaryProblems', { count: checkProblems })
          : checkProblems === 0 ? t('content.checks.statePass')
          : t('content.checks.summary')}
        </summary>
        {checksOpen && props.checks}
      </details>
      <details className="sidebar-collapsible">
        <summary className="sidebar-summary">{t('sidebar.summary')}</summary>
        {panels}
      </details>
    </>
  );
}
