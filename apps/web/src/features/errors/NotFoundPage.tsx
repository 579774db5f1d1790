import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <section className="page narrow-page">
      <EmptyState
        titleAs="h1"
        title={t('notFound.title')}
        action={
          <Link className="button primary" to="/">
            {t('common.backToReports')}
          </Link>
        }
      >
        {t('notFound.text')}
      </EmptyState>
    </section>
  );
}
