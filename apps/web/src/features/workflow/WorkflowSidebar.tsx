import type { ReportDto, VersionDto } from '@review/shared';
import type { ReactNode } from 'react';
import { TabPanel, Tabs } from '../../components/Tabs';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ActivityPanel } from './ActivityPanel';
import { HistoryPanel } from './HistoryPanel';
import type { WorkflowView } from './workflow-model';

export type SidebarTab = 'outline' | 'history' | 'activity';

const TABS: readonly SidebarTab[] = ['outline', 'history', 'activity'];
const TAB_LABEL: Record<SidebarTab, MessageKey> = {
  outline: 'sidebar.outline',
  history: 'sidebar.history',
  activity: 'sidebar.activity',
};

interface WorkflowSidebarProps {
  report: ReportDto;
  tab: SidebarTab;
  onTab(tab: SidebarTab): void;
  /** The editor's outline, shown in the first tab. */
  outline: ReactNode;
  /** On narrow screens the whole panel folds away above the text. */
  collapsible: boolean;
  canSaveVersion: boolean;
  canRestore: boolean;
  isReviewer: boolean;
  view: WorkflowView | null;
  onOpenView(view: WorkflowView): void;
  onRestore(version: VersionDto): void;
}

/** Beside the text: its outline, its history (versions, redlines, signatures) and its audit trail. */
export function WorkflowSidebar(props: WorkflowSidebarProps) {
  const { t } = useI18n();
  const { tab } = props;
  const panels = (
    <div className="sidebar">
      <Tabs
        label={t('sidebar.label')}
        idPrefix="sidebar"
        items={TABS.map((key) => ({ key, label: t(TAB_LABEL[key]) }))}
        selected={tab}
        onSelect={props.onTab}
      />
      <TabPanel idPrefix="sidebar" selected={tab}>
        {tab === 'outline' && props.outline}
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
  if (!props.collapsible) return panels;
  return (
    <details className="sidebar-collapsible">
      <summary className="sidebar-summary">{t('sidebar.summary')}</summary>
      {panels}
    </details>
  );
}
