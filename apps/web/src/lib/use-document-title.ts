import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n';

/** Sets the tab title to `<page> · <app name>`, in the current language. */
export function useDocumentTitle(page: string | undefined): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = page ? `${page} · ${t('app.name')}` : t('app.name');
  }, [page, t]);
}
