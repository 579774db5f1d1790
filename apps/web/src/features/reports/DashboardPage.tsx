import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { TabPanel, Tabs } from '../../components/Tabs';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useSignedInUser } from '../auth/session';
import { useTemplates } from '../content/content.api';
import { ImportReportDialog } from '../content/ImportReportDialog';
import { usePeopleNames, useTeamNames } from '../teams/teams.api';
import { NewReportDialog } from './NewReportDialog';
import { ReportFilters } from './ReportFilters';
import { ReportListEmpty } from './ReportListEmpty';
import { type ReportView, useReports } from './reports.api';
import { ReportTable } from './ReportTable';
import { useDashboardFilter, VIEWS } from './use-dashboard-filter';

const VIEW_LABEL: Record<ReportView, MessageKey> = {
  mine: 'dashboard.tab.mine',
  reviewing: 'dashboard.tab.reviewing',
  all: 'dashboard.tab.all',
};

export function DashboardPage() {
  const { t } = useI18n();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const filter = useDashboardFilter(me);
  const { view } = filter;
  const [dialog, setDialog] = useState<'create' | 'import' | null>(null);
  // Loaded ahead, so that the new-report dialog opens with its templates in place.
  useTemplates({ enabled: me.teams.length > 0 });
  useDocumentTitle(t('dashboard.title'));

  const narrowing = { state: filter.state, q: filter.q || undefined };
  const lists = {
    mine: useReports({ view: 'mine', ...narrowing }),
    reviewing: useReports({ view: 'reviewing', ...narrowing }),
    all: useReports({ view: 'all', ...narrowing }),
  };
  const active = lists[view];
  const teamIds = VIEWS.flatMap((v) => (lists[v].data ?? []).map((r) => r.teamId));
  const names = usePeopleNames(teamIds, me.isAdmin);
  const teamNames = useTeamNames();

  const newReportButtons = (
    <>
      <button type="button" className="button" onClick={() => setDialog('import')}>
        {t('content.import.open')}
      </button>
      <button type="button" className="button primary" onClick={() => setDialog('create')}>
        {t('dashboard.new')}
      </button>
    </>
  );

  return (
    <section className="page">
      <PageHeader
        title={t('dashboard.title')}
        subtitle={t('dashboard.greeting', { name: me.displayName })}
        actions={newReportButtons}
      />
      {me.teams.length === 0 && !me.isAdmin && (
        <div className="notice" role="note">
          {t('dashboard.noTeams')}
        </div>
      )}

      <Tabs
        label={t('dashboard.tabsLabel')}
        idPrefix="reports"
        items={VIEWS.map((v) => ({ key: v, label: t(VIEW_LABEL[v]), count: lists[v].data?.length }))}
        selected={view}
        onSelect={filter.setView}
      />

      <ReportFilters
        search={filter.search}
        onSearch={filter.setSearch}
        state={filter.state}
        onState={filter.setState}
        filtered={filter.filtered}
        onClear={filter.clearFilters}
      />

      <TabPanel idPrefix="reports" selected={view}>
        <QueryStatus isPending={active.isPending} error={active.error} onRetry={() => void active.refetch()} />
        {active.data && active.data.length > 0 && (
          <ReportTable caption={t(VIEW_LABEL[view])} reports={active.data} names={names} teamNames={teamNames} />
        )}
        {active.data?.length === 0 && (
          <ReportListEmpty
            view={view}
            filtered={filter.filtered}
            onClearFilters={filter.clearFilters}
            newReportButtons={newReportButtons}
          />
        )}
      </TabPanel>

      {dialog === 'create' && (
        <NewReportDialog onClose={() => setDialog(null)} onCreated={(report) => void navigate(`/reports/${report.id}`)} />
      )}
      {dialog === 'import' && (
        <ImportReportDialog onClose={() => setDialog(null)} onImported={(report) => void navigate(`/reports/${report.id}`)} />
      )}
    </section>
  );
}
