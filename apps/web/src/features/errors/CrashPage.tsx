import { useEffect } from 'react';
import { useRouteError } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n/i18n';

/** Shown instead of a blank page when rendering fails; the error goes to the console for support. */
export function CrashPage() {
  const { t } = useI18n();
  const error = useRouteError();
  useEffect(() => console.error(error), [error]);
  return (
    <main className="page narrow-page">
      <EmptyState
        titleAs="h1"
        title={t('crash.title')}
        action={
          <a className="button primary" href="/">
            {t('crash.reload')}
          </a>
        }
      >
        {t('crash.text')}
      </EmptyState>
    </main>
  );
}
