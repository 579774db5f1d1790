import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n/i18n';

/** A report that does not exist or is not visible to the user: a plain message and a way back. */
export function ReportNotFound() {
  const { t } = useI18n();
  return (
    <section className="page narrow-page">
      <EmptyState
        titleAs="h1"
        title={t('report.notFound.title')}
        action={
          <Link className="button primary" to="/">
            {t('common.backToReports')}
          </Link>
        }
      >
        {t('report.notFound.text')}
      </EmptyState>
    </section>
  );
}
