import { addMemberSchema, TEAM_ROLES, type TeamDto, type TeamMemberDto, type TeamRole } from '@review/shared';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { roleKey } from '../../i18n/messages';
import { useZodForm } from '../../lib/use-zod-form';
import { useUsers } from '../teams/teams.api';
import { useAddMember } from './admin.api';

/** Adds an active user who is not in the team yet, as drafter or supervisor. */
export function AddMemberForm({ team, members }: { team: TeamDto; members: readonly TeamMemberDto[] }) {
  const { t } = useI18n();
  const users = useUsers();
  const add = useAddMember(team.id);
  const toast = useToast();
  const memberIds = new Set(members.map((m) => m.userId));
  const candidates = (users.data ?? []).filter((u) => u.active && !memberIds.has(u.id));
  const form = useZodForm({
    schema: addMemberSchema,
    initial: { userId: '', role: 'drafter' as TeamRole },
    messages: { userId: 'admin.teams.pickUser' },
    submit: async (input) => {
      const added = await add.mutateAsync(input);
      form.set('userId', '');
      toast.show(t('admin.teams.added', { name: added.displayName, team: team.name }));
    },
  });
  const { userId, role } = form.values;

  return (
    <form className="add-member" onSubmit={form.onSubmit} noValidate aria-label={t('admin.teams.addTitle')}>
      <h3 className="subsection-title">{t('admin.teams.addTitle')}</h3>
      <div className="add-member-row">
        <Field
          label={t('admin.teams.user')}
          error={form.errors.userId}
          hint={users.data && candidates.length === 0 ? t('admin.teams.noCandidates') : undefined}
        >
          {(control) => (
            <select {...control} name="userId" value={userId} onChange={(e) => form.set('userId', e.target.value)}>
              <option value="">{t('admin.teams.chooseUser')}</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {t('people.nameWithUsername', { name: u.displayName, username: u.username })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.teams.role')} error={form.errors.role}>
          {(control) => (
            <select
              {...control}
              name="role"
              value={role}
              onChange={(e) => form.set('role', e.target.value === 'supervisor' ? 'supervisor' : 'drafter')}
            >
              {TEAM_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(roleKey(r))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button primary" disabled={form.submitting}>
          {t('admin.teams.add')}
        </button>
      </div>
      <FormError message={form.formError} />
    </form>
  );
}
