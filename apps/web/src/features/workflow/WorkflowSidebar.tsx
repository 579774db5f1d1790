import type { ReportDto, VersionDto } from '@review/shared';
import { type ReactNode, useEffect, useState } from 'react';
import { TabPanel, Tabs } from '../../components/Tabs';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ActivityPanel } from './ActivityPanel';
import { HistoryPanel } from './HistoryPanel';
import type { WorkflowView } from './workflow-model';

export type SidebarTab = 'outline' | 'comments' | 'history' | 'activity';

const TABS: readonly SidebarTab[] = ['outline', 'comments', 'history', 'activity'];
/** On narrow screens the comments have a fold of their own, one tap away. */
const NARROW_TABS: readonly SidebarTab[] = ['outline', 'history', 'activity'];
const TAB_LABEL: Record<SidebarTab, MessageKey> = {
  outline: 'sidebar.outline',
  comments: 'sidebar.comments',
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
  /** On narrow screens the whole panel folds away above the text. */
  collapsible: boolean;
  canSaveVersion: boolean;
  canRestore: boolean;
  isReviewer: boolean;
  view: WorkflowView | null;
  onOpenView(view: WorkflowView): void;
  onRestore(version: VersionDto): void;
}

/** Beside the text: its outline, its comments, its history (versions, redlines, signatures) and its audit trail. */
export function WorkflowSidebar(props: WorkflowSidebarProps) {
  const { t } = useI18n();
  const { collapsible } = props;
  const tabs = collapsible ? NARROW_TABS : TABS;
  const tab = tabs.includes(props.tab) ? props.tab : 'outline';
  const [commentsOpen, setCommentsOpen] = useState(false);
  useEffect(() => {
    if (props.revealComments > 0) setCommentsOpen(true);
  }, [props.revealComments]);

  const panels = (
    <div className="sidebar">
      <Tabs
        label={t('sidebar.label')}
        idPrefix="sidebar"
        items={tabs.map((key) => ({
          key,
          label: t(TAB_LABEL[key]),
          count: key === 'comments' && props.openThreads > 0 ? props.openThreads : undefined,
        }))}
        selected={tab}
        onSelect={props.onTab}
      />
      <TabPanel idPrefix="sidebar" selected={tab}>
        {tab === 'outline' && props.outline}
        {tab === 'comments' && props.comments}
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
      <details className="sidebar-collapsible">
        <summary className="sidebar-summary">{t('sidebar.summary')}</summary>
        {panels}
      </details>
    </>
  );
}
