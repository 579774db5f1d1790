import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation } from 'react-router';
import { useLogout, useSignedInUser } from '../features/auth/session';
import { NotificationsMenu } from '../features/notifications/NotificationsMenu';
import { useNotificationSocket } from '../features/notifications/use-notification-socket';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of every signed-in page: top bar with navigation, user and sign-out. */
export function AppLayout() {
  const { t } = useI18n();
  const me = useSignedInUser();
  const logout = useLogout();
  useNotificationSocket(me.id);
  const { pathname } = useLocation();
  // The dashboard and every report page belong to "Reports".
  const reportsActive = pathname === '/' || pathname.startsWith('/reports/');
  const mainRef = useRef<HTMLElement>(null);
  const previousPath = useRef(pathname);
  useEffect(() => {
    // After moving to another page, keyboard and screen-reader users start at its content.
    if (previousPath.current !== pathname) mainRef.current?.focus({ preventScroll: true });
    previousPath.current = pathname;
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <span className="brand-seal" aria-hidden="true">
              {t('app.mark')}
            </span>
            <span className="brand-name">{t('app.name')}</span>
          </Link>
          <nav className="mainnav" aria-label={t('nav.label')}>
            <NavLink to="/" className={reportsActive ? 'active' : undefined} aria-current={reportsActive ? 'page' : undefined}>
              {t('nav.reports')}
            </NavLink>
            {me.isAdmin && (
              <>
                <NavLink to="/admin/users">{t('nav.users')}</NavLink>
                <NavLink to="/admin/teams">{t('nav.teams')}</NavLink>
              </>
            )}
          </nav>
          <div className="topbar-tools">
            <NotificationsMenu />
            <span className="who" title={me.username}>
              {me.displayName}
            </span>
            <LanguageSwitch />
            <button type="button" className="button quiet small" onClick={() => void logout()}>
              {t('auth.logout')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={mainRef}>
        <Outlet />
      </main>
      <ScrollRestoration />
    </div>
  );
}
