import { type MeDto, REPORT_STATES, type ReportState } from '@review/shared';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { TabPanel, Tabs } from '../../components/Tabs';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey, stateKey } from '../../i18n/messages';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useSignedInUser } from '../auth/session';
import { useTemplates } from '../content/content.api';
import { ImportReportDialog } from '../content/ImportReportDialog';
import { usePeopleNames, useTeamNames } from '../teams/teams.api';
import { NewReportDialog } from './NewReportDialog';
import { type ReportView, useReports } from './reports.api';
import { ReportTable } from './ReportTable';

const VIEWS: readonly ReportView[] = ['mine', 'reviewing', 'all'];

const VIEW_LABEL: Record<ReportView, MessageKey> = {
  mine: 'dashboard.tab.mine',
  reviewing: 'dashboard.tab.reviewing',
  all: 'dashboard.tab.all',
};

const EMPTY: Record<ReportView, { title: MessageKey; text: MessageKey }> = {
  mine: { title: 'dashboard.empty.mine.title', text: 'dashboard.empty.mine.text' },
  reviewing: { title: 'dashboard.empty.reviewing.title', text: 'dashboard.empty.reviewing.text' },
  all: { title: 'dashboard.empty.all.title', text: 'dashboard.empty.all.text' },
};

/** Supervisors land on what waits for them, admins outside any team on everything. */
function defaultView(me: MeDto): ReportView {
  if (me.teams.length === 0) return me.isAdmin ? 'all' : 'mine';
  return me.teams.every((team) => team.role === 'supervisor') ? 'reviewing' : 'mine';
}

const isView = (v: string | null): v is ReportView => VIEWS.some((view) => view === v);
const isState = (v: string | null): v is ReportState => REPORT_STATES.some((s) => s === v);
const SEARCH_DELAY_MS = 300;

export function DashboardPage() {
  const { t } = useI18n();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const viewParam = params.get('view');
  const view = isView(viewParam) ? viewParam : defaultView(me);
  const stateParam = params.get('state');
  const state = isState(stateParam) ? stateParam : undefined;
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const debouncedSearch = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const [dialog, setDialog] = useState<'create' | 'import' | null>(null);
  // Loaded ahead, so that the new-report dialog opens with its templates in place.
  useTemplates({ enabled: me.teams.length > 0 });
  useDocumentTitle(t('dashboard.title'));

  function update(changes: Record<string, string | undefined>, replace = false) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace },
    );
  }

  useEffect(() => {
    if (debouncedSearch !== q) update({ q: debouncedSearch || undefined }, true);
    // Only a settled search should touch the URL; `q` changing by itself must not echo back.
  }, [debouncedSearch]);

  const filter = { state, q: q || undefined };
  const lists = {
    mine: useReports({ view: 'mine', ...filter }),
    reviewing: useReports({ view: 'reviewing', ...filter }),
    all: useReports({ view: 'all', ...filter }),
  };
  const active = lists[view];
  const teamIds = VIEWS.flatMap((v) => (lists[v].data ?? []).map((r) => r.teamId));
  const names = usePeopleNames(teamIds, me.isAdmin);
  const teamNames = useTeamNames();
  const filtered = Boolean(state || q);

  function clearFilters() {
    setSearch('');
    update({ q: undefined, state: undefined });
  }

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
        onSelect={(v) => update({ view: v })}
      />

      <div className="filters" role="search">
        <div className="filter">
          <label htmlFor="report-search">{t('dashboard.search')}</label>
          <input
            id="report-search"
            type="search"
            value={search}
            placeholder={t('dashboard.searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="filter">
          <label htmlFor="report-state">{t('dashboard.stateFilter')}</label>
          <select id="report-state" value={state ?? ''} onChange={(e) => update({ state: e.target.value || undefined })}>
            <option value="">{t('dashboard.allStates')}</option>
            {REPORT_STATES.map((s) => (
              <option key={s} value={s}>
                {t(stateKey(s))}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <button type="button" className="button quiet" onClick={clearFilters}>
            {t('dashboard.clearFilters')}
          </button>
        )}
      </div>

      <TabPanel idPrefix="reports" selected={view}>
        <QueryStatus isPending={active.isPending} error={active.error} onRetry={() => void active.refetch()} />
        {active.data && active.data.length > 0 && (
          <ReportTable caption={t(VIEW_LABEL[view])} reports={active.data} names={names} teamNames={teamNames} />
        )}
        {active.data?.length === 0 &&
          (filtered ? (
            <EmptyState
              title={t('dashboard.empty.filtered.title')}
              action={
                <button type="button" className="button" onClick={clearFilters}>
                  {t('dashboard.clearFilters')}
                </button>
              }
            >
              {t('dashboard.empty.filtered.text')}
            </EmptyState>
          ) : (
            <EmptyState title={t(EMPTY[view].title)} action={view === 'mine' ? <div className="empty-actions">{newReportButtons}</div> : undefined}>
              {t(EMPTY[view].text)}
            </EmptyState>
          ))}
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
