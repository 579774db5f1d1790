import type { UserDto } from '@review/shared';
import { useI18n } from '../../i18n/i18n';

interface UserRowProps {
  user: UserDto;
  /** The signed-in admin's own row: no way to lock themself out (the server refuses it too). */
  isMe: boolean;
  onReset(): void;
  onDeactivate(): void;
  onReactivate(): void;
}

/** One user in the admin's list: name, username, role, status, created; reset password, (de)activate. */
export function UserRow({ user: u, isMe, onReset, onDeactivate, onReactivate }: UserRowProps) {
  const { t, formatDate } = useI18n();
  return (
    <tr className={u.active ? undefined : 'row-inactive'}>
      <td className="cell-title" data-label={t('admin.users.displayName')}>
        {u.displayName}
        {isMe && <span className="tag">{t('admin.users.you')}</span>}
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
          onClick={onReset}
          aria-label={t('admin.users.resetFor', { name: u.displayName })}
        >
          {t('admin.users.reset')}
        </button>
        {!isMe &&
          (u.active ? (
            <button
              type="button"
              className="button small danger-quiet"
              onClick={onDeactivate}
              aria-label={t('admin.users.deactivateFor', { name: u.displayName })}
            >
              {t('admin.users.deactivate')}
            </button>
          ) : (
            <button
              type="button"
              className="button small"
              onClick={onReactivate}
              aria-label={t('admin.users.reactivateFor', { name: u.displayName })}
            >
              {t('admin.users.reactivate')}
            </button>
          ))}
      </td>
    </tr>
  );
}
