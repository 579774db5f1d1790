import type { ReportDto } from '@review/shared';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { StateBadge } from '../../components/StateBadge';
import { useI18n } from '../../i18n/i18n';
import { ExportButton } from '../content/ExportButton';

interface ReportHeaderProps {
  report: ReportDto;
  /** The title, renamed in place by whoever may (ReportTitle). */
  title: ReactNode;
  /** Opens the choice of reviewer; set when this user may name one now. */
  onChooseReviewer?: () => void;
  /** Below the facts: where the report stands in the workflow. */
  children?: ReactNode;
}

/** The way back to the list, the title with its state and export, and the report's facts. */
export function ReportHeader({ report: r, title, onChooseReviewer, children }: ReportHeaderProps) {
  const { t, formatDate } = useI18n();
  return (
    <>
      <nav className="breadcrumb" aria-label={t('report.breadcrumb')}>
        <Link to="/">{t('nav.reports')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{r.title}</span>
      </nav>
      <header className="report-head">
        <div className="report-title-row">
          {title}
          <StateBadge state={r.state} />
          <ExportButton reportId={r.id} title={r.title} className="button small report-export" />
        </div>
        <dl className="report-meta">
          <div>
            <dt>{t('report.author')}</dt>
            <dd>{r.authorName}</dd>
          </div>
          <div>
            <dt>{t('report.reviewer')}</dt>
            <dd className="report-reviewer">
              <span>{r.reviewerName ?? t('people.none')}</span>
              {onChooseReviewer && (
                <button
                  type="button"
                  className="link-button"
                  onClick={onChooseReviewer}
                  aria-label={r.reviewerId ? t('reviewer.changeLabel') : undefined}
                >
                  {r.reviewerId ? t('reviewer.change') : t('reviewer.assign')}
                </button>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('report.team')}</dt>
            <dd>{r.teamName}</dd>
          </div>
          <div>
            <dt>{t('report.created')}</dt>
            <dd>
              <time dateTime={r.createdAt}>{formatDate(r.createdAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('report.updated')}</dt>
            <dd>
              <time dateTime={r.updatedAt}>{formatDate(r.updatedAt)}</time>
            </dd>
          </div>
        </dl>
        {children}
      </header>
    </>
  );
}
