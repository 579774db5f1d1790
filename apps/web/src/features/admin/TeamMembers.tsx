import type { TeamDto, TeamMemberDto } from '@review/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { QueryStatus } from '../../components/QueryStatus';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { roleKey } from '../../i18n/messages';
import { useTeamMembers } from '../teams/teams.api';
import { AddMemberForm } from './AddMemberForm';
import { useRemoveMember } from './admin.api';

/** The members of one team, with the form to add someone and a confirmed remove. */
export function TeamMembers({ team }: { team: TeamDto }) {
  const { t } = useI18n();
  const members = useTeamMembers(team.id);
  const remove = useRemoveMember(team.id);
  const toast = useToast();
  const [removing, setRemoving] = useState<TeamMemberDto | null>(null);

  return (
    <div className="team-members">
      <h2 className="section-title">{t('admin.teams.membersOf', { name: team.name })}</h2>
      <QueryStatus isPending={members.isPending} error={members.error} onRetry={() => void members.refetch()} />
      {members.data?.length === 0 && (
        <EmptyState title={t('admin.teams.noMembers.title')}>{t('admin.teams.noMembers.text')}</EmptyState>
      )}
      {members.data && members.data.length > 0 && (
        <table className="data-table">
          <caption className="visually-hidden">{t('admin.teams.membersOf', { name: team.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.displayName')}</th>
              <th scope="col">{t('admin.users.username')}</th>
              <th scope="col">{t('admin.teams.role')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((m) => (
              <tr key={m.userId}>
                <td className="cell-title" data-label={t('admin.users.displayName')}>
                  {m.displayName}
                </td>
                <td data-label={t('admin.users.username')}>
                  <code>{m.username}</code>
                </td>
                <td data-label={t('admin.teams.role')}>{t(roleKey(m.role))}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button small danger-quiet"
                    onClick={() => setRemoving(m)}
                    aria-label={t('admin.teams.removeFor', { name: m.displayName })}
                  >
                    {t('admin.teams.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddMemberForm team={team} members={members.data ?? []} />
      {removing && (
        <ConfirmDialog
          title={t('admin.teams.removeTitle', { name: removing.displayName })}
          message={t('admin.teams.removeMessage', { team: team.name })}
          confirmLabel={t('admin.teams.remove')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await remove.mutateAsync(removing.userId);
            toast.show(t('admin.teams.removed', { name: removing.displayName, team: team.name }));
          }}
        />
      )}
    </div>
  );
}
