import type { ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { QueryStatus } from '../../components/QueryStatus';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useMe, useSignedInUser } from './session';

/** Sends anonymous visitors to the sign-in page, remembering the page they asked for. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending || me.error) {
    return (
      <div className="page">
        <QueryStatus isPending={me.isPending} error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) {
    const requested = `${location.pathname}${location.search}${location.hash}`;
    const search = requested === '/' ? '' : `?next=${encodeURIComponent(requested)}`;
    return <Navigate to={`/login${search}`} replace />;
  }
  return children;
}

/** Admin pages; anyone else is told plainly that the page is not for them. */
export function RequireAdmin() {
  const me = useSignedInUser();
  return me.isAdmin ? <Outlet /> : <AdminOnlyNotice />;
}

function AdminOnlyNotice() {
  const { t } = useI18n();
  useDocumentTitle(t('forbidden.title'));
  return (
    <section className="page narrow-page">
      <EmptyState
        titleAs="h1"
        title={t('forbidden.title')}
        action={
          <Link className="button primary" to="/">
            {t('common.backToReports')}
          </Link>
        }
      >
        {t('forbidden.adminOnly')}
      </EmptyState>
    </section>
  );
}
