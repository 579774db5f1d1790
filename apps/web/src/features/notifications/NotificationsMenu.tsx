import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { QueryStatus } from '../../components/QueryStatus';
import { useI18n } from '../../i18n/i18n';
import { useSignedInUser } from '../auth/session';
import { mentionsAsNames, useMentionNames } from '../comments/mentions';
import { notificationTarget, notificationText } from './notification-text';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './notifications.api';
import './notifications.css';

/**
 * The bell in the top bar: how many notifications are unread, and a menu listing them in plain
 * language; choosing one marks it read and opens its report (at the thread it is about).
 */
export function NotificationsMenu() {
  const [open, setOpen] = useState(false);
  const { t, formatDate, locale } = useI18n();
  const me = useSignedInUser();
  const list = useNotifications();
  const { names } = useMentionNames(me, open ? me.teams.map((team) => team.id) : []);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const count = useUnreadCount();
  const items = list.data ?? [];
  // All unread ones, from the server; the listed page's own count until that has come.
  const unread = count.data?.count ?? items.filter((n) => !n.read).length;
  const shownCount = unread > 99 ? '99+' : new Intl.NumberFormat(locale).format(unread);

  // Say so when one arrives while the page is open (not for those already there on load).
  const newest = items[0];
  const seen = useRef<string | null | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (!list.data) return;
    const id = newest?.id ?? null;
    if (seen.current !== undefined && id !== seen.current && newest && !newest.read) {
      setAnnouncement(t('notifications.live', { text: notificationText(newest, t).sentence }));
    }
    seen.current = id;
  }, [list.data, newest, t]);

  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="notifications" ref={root}>
      <button
        ref={button}
        type="button"
        className={unread > 0 ? 'bell has-unread' : 'bell'}
        aria-label={unread > 0 ? t('notifications.buttonUnread', { count: unread }) : t('notifications.button')}
        title={t('notifications.title')}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        data-unread={unread}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {shownCount}
          </span>
        )}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
      {open && (
        <div className="notifications-panel" id={panelId} ref={panel} role="dialog" aria-label={t('notifications.title')} tabIndex={-1}>
          <div className="notifications-head">
            <h2>{t('notifications.title')}</h2>
            <button type="button" className="button small quiet" onClick={() => markAll.mutate()} disabled={unread === 0}>
              {t('notifications.markAll')}
            </button>
          </div>
          <QueryStatus isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
          {list.data && items.length === 0 && <p className="notifications-empty">{t('notifications.empty')}</p>}
          {items.length > 0 && (
            <ul className="notifications-list" aria-label={t('notifications.title')}>
              {items.map((n) => {
                const { sentence, excerpt } = notificationText(n, t);
                return (
                  <li key={n.id}>
                    <Link
                      to={notificationTarget(n)}
                      className={n.read ? 'notification' : 'notification unread'}
                      data-kind={n.kind}
                      onClick={() => {
                        if (!n.read) markRead.mutate(n.id);
                        setOpen(false);
                      }}
                    >
                      {!n.read && <span className="visually-hidden">{t('notifications.unread')}</span>}
                      <span className="notification-text">{sentence}</span>
                      {excerpt && <span className="notification-excerpt">{mentionsAsNames(excerpt, names)}</span>}
                      <time className="notification-time" dateTime={n.createdAt}>
                        {formatDate(n.createdAt)}
                      </time>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path
        d="M10 2.75a4.75 4.75 0 0 0-4.75 4.75v2.6c0 .7-.24 1.38-.68 1.92L3.6 13.2c-.4.5-.05 1.3.6 1.3h11.6c.65 0 1-.8.6-1.3l-.97-1.18a3.05 3.05 0 0 1-.68-1.92V7.5A4.75 4.75 0 0 0 10 2.75Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <path d="M8 16.25a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
