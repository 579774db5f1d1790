import { addMemberSchema, TEAM_ROLES, type TeamDto, type TeamMemberDto, type TeamRole } from '@review/shared';
import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { QueryStatus } from '../../components/QueryStatus';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { roleKey } from '../../i18n/messages';
import { type FieldErrors, fieldErrorsFromApi, fieldErrorsFromIssues, generalError } from '../../lib/forms';
import { useTeamMembers, useUsers } from '../teams/teams.api';
import { useAddMember, useRemoveMember } from './admin.api';

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

function AddMemberForm({ team, members }: { team: TeamDto; members: readonly TeamMemberDto[] }) {
  const { t } = useI18n();
  const users = useUsers();
  const add = useAddMember(team.id);
  const toast = useToast();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<TeamRole>('drafter');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const memberIds = new Set(members.map((m) => m.userId));
  const candidates = (users.data ?? []).filter((u) => u.active && !memberIds.has(u.id));

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = addMemberSchema.safeParse({ userId, role });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues, t, { userId: 'admin.teams.pickUser' }));
      return;
    }
    setErrors({});
    try {
      const added = await add.mutateAsync(parsed.data);
      setUserId('');
      toast.show(t('admin.teams.added', { name: added.displayName, team: team.name }));
    } catch (err) {
      const fields = fieldErrorsFromApi(err, t, { userId: 'admin.teams.pickUser' });
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFormError(generalError(err, t));
    }
  }

  return (
    <form className="add-member" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('admin.teams.addTitle')}>
      <h3 className="subsection-title">{t('admin.teams.addTitle')}</h3>
      <div className="add-member-row">
        <Field
          label={t('admin.teams.user')}
          error={errors.userId}
          hint={users.data && candidates.length === 0 ? t('admin.teams.noCandidates') : undefined}
        >
          {(control) => (
            <select {...control} name="userId" value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{t('admin.teams.chooseUser')}</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {t('people.nameWithUsername', { name: u.displayName, username: u.username })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.teams.role')} error={errors.role}>
          {(control) => (
            <select
              {...control}
              name="role"
              value={role}
              onChange={(e) => setRole(e.target.value === 'supervisor' ? 'supervisor' : 'drafter')}
            >
              {TEAM_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(roleKey(r))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button primary" disabled={add.isPending}>
          {t('admin.teams.add')}
        </button>
      </div>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
    </form>
  );
}
