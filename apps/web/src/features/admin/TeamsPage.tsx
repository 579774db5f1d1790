import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useTeams } from '../teams/teams.api';
import { CreateTeamDialog } from './CreateTeamDialog';
import { TeamMembers } from './TeamMembers';

export function TeamsPage() {
  const { t } = useI18n();
  const teams = useTeams();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  useDocumentTitle(t('admin.teams.title'));

  const selectedId = params.get('team');
  const selected = teams.data?.find((team) => team.id === selectedId) ?? teams.data?.[0];
  const select = (id: string) => setParams({ team: id }, { replace: true });

  return (
    <section className="page">
      <PageHeader
        title={t('admin.teams.title')}
        subtitle={t('admin.teams.subtitle')}
        actions={
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            {t('admin.teams.new')}
          </button>
        }
      />
      <QueryStatus isPending={teams.isPending} error={teams.error} onRetry={() => void teams.refetch()} />
      {teams.data?.length === 0 && (
        <EmptyState title={t('admin.teams.empty.title')}>{t('admin.teams.empty.text')}</EmptyState>
      )}
      {teams.data && selected && (
        <div className="split">
          <nav className="team-list" aria-label={t('admin.teams.listLabel')}>
            <ul>
              {teams.data.map((team) => (
                <li key={team.id}>
                  <button
                    type="button"
                    className="team-list-item"
                    aria-current={team.id === selected.id ? 'true' : undefined}
                    onClick={() => select(team.id)}
                  >
                    {team.name}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className="panel">
            <TeamMembers key={selected.id} team={selected} />
          </div>
        </div>
      )}
      {creating && (
        <CreateTeamDialog
          onClose={() => setCreating(false)}
          onCreated={(team) => {
            setCreating(false);
            select(team.id);
            toast.show(t('admin.teams.created', { name: team.name }));
          }}
        />
      )}
    </section>
  );
}
