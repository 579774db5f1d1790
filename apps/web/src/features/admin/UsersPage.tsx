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

type Pending = { kind: 'create' } | { kind: 'reset'; user: UserDto } | { kind: 'deactivate'; user: UserDto };

export function UsersPage() {
  const { t, formatDate } = useI18n();
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
              <tr key={u.id} className={u.active ? undefined : 'row-inactive'}>
                <td className="cell-title" data-label={t('admin.users.displayName')}>
                  {u.displayName}
                  {u.id === me.id && <span className="tag">{t('admin.users.you')}</span>}
                </td>
                <td data-label={t('admin.users.username')}>
                  <code>{u.username}</code>
                </td>
                <td data-label={t('admin.users.role')}>{u.isAdmin ? t('admin.users.roleAdmin') : t('admin.users.roleUser')}</td>
                <td data-label={t('admin.users.status')}>
                  <span className={u.active ? 'status status-on' : 'status status-off'}>
                    {u.active ? t('admin.users.active') : t('admin.users.inactive')}
                  </span>
                </td>
                <td data-label={t('admin.users.created')}>
                  <time dateTime={u.createdAt}>{formatDate(u.createdAt)}</time>
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button small"
                    onClick={() => setPending({ kind: 'reset', user: u })}
                    aria-label={t('admin.users.resetFor', { name: u.displayName })}
                  >
                    {t('admin.users.reset')}
                  </button>
                  {u.id !== me.id &&
                    (u.active ? (
                      <button
                        type="button"
                        className="button small danger-quiet"
                        onClick={() => setPending({ kind: 'deactivate', user: u })}
                        aria-label={t('admin.users.deactivateFor', { name: u.displayName })}
                      >
                        {t('admin.users.deactivate')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button small"
                        onClick={() => void reactivate(u)}
                        aria-label={t('admin.users.reactivateFor', { name: u.displayName })}
                      >
                        {t('admin.users.reactivate')}
                      </button>
                    ))}
                </td>
              </tr>
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
