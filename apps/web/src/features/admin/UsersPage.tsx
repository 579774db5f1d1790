import type { UserDto } from '@review/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryStatus } from '../../components/QueryStatus';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useSignedInUser } from '../auth/session';
import { useUsers } from '../teams/teams.api';
import { useUpdateUser } from './admin.api';
import { CreateUserDialog } from './CreateUserDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UserRow } from './UserRow';

type Pending = { kind: 'create' } | { kind: 'reset'; user: UserDto } | { kind: 'deactivate'; user: UserDto };

export function UsersPage() {
  const { t } = useI18n();
  const me = useSignedInUser();
  const users = useUsers();
  const update = useUpdateUser();
  const toast = useToast();
  const [pending, setPending] = useState<Pending | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  useDocumentTitle(t('admin.users.title'));
  const close = () => setPending(null);

  async function reactivate(user: UserDto) {
    setRowError(null);
    try {
      await update.mutateAsync({ id: user.id, input: { active: true } });
      toast.show(t('admin.users.reactivated', { name: user.displayName }));
    } catch {
      setRowError(t('admin.users.reactivateFailed', { name: user.displayName }));
    }
  }

  return (
    <section className="page">
      <PageHeader
        title={t('admin.users.title')}
        subtitle={t('admin.users.subtitle')}
        actions={
          <button type="button" className="button primary" onClick={() => setPending({ kind: 'create' })}>
            {t('admin.users.new')}
          </button>
        }
      />
      <QueryStatus isPending={users.isPending} error={users.error} onRetry={() => void users.refetch()} />
      {rowError && (
        <p className="notice notice-error" role="alert">
          {rowError}
        </p>
      )}
      {users.data?.length === 0 && <EmptyState title={t('admin.users.empty')} />}
      {users.data && users.data.length > 0 && (
        <table className="data-table">
          <caption className="visually-hidden">{t('admin.users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.displayName')}</th>
              <th scope="col">{t('admin.users.username')}</th>
              <th scope="col">{t('admin.users.role')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              <th scope="col">{t('admin.users.created')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                isMe={u.id === me.id}
                onReset={() => setPending({ kind: 'reset', user: u })}
                onDeactivate={() => setPending({ kind: 'deactivate', user: u })}
                onReactivate={() => void reactivate(u)}
              />
            ))}
          </tbody>
        </table>
      )}

      {pending?.kind === 'create' && (
        <CreateUserDialog
          onClose={close}
          onCreated={(user) => {
            close();
            toast.show(t('admin.users.createdToast', { name: user.displayName }));
          }}
        />
      )}
      {pending?.kind === 'reset' && (
        <ResetPasswordDialog
          user={pending.user}
          onClose={close}
          onDone={() => {
            close();
            toast.show(t('admin.users.resetDone', { name: pending.user.displayName }));
          }}
        />
      )}
      {pending?.kind === 'deactivate' && (
        <ConfirmDialog
          title={t('admin.users.deactivateTitle', { name: pending.user.displayName })}
          message={t('admin.users.deactivateMessage')}
          confirmLabel={t('admin.users.deactivate')}
          onClose={close}
          onConfirm={async () => {
            await update.mutateAsync({ id: pending.user.id, input: { active: false } });
            toast.show(t('admin.users.deactivated', { name: pending.user.displayName }));
          }}
        />
      )}
    </section>
  );
}
