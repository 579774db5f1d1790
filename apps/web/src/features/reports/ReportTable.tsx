import type { ReportDto } from '@review/shared';
import { Link } from 'react-router';
import { StateBadge } from '../../components/StateBadge';
import { type Translate, useI18n } from '../../i18n/i18n';
import { type NameLookup, nameOr } from '../teams/teams.api';

interface ReportTableProps {
  caption: string;
  reports: readonly ReportDto[];
  names: NameLookup;
  teamNames: NameLookup;
}

/** A person's display name, or that nobody is assigned. */
export function personName(id: string | null, names: NameLookup, t: Translate): string {
  return id ? nameOr(names, id, t('people.unknown')) : t('people.none');
}

/** Reports as a table; on a narrow screen each row becomes a card (see styles.css). */
export function ReportTable({ caption, reports, names, teamNames }: ReportTableProps) {
  const { t, formatDate } = useI18n();
  const person = (id: string | null) => personName(id, names, t);
  return (
    <table className="data-table report-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.col.title')}</th>
          <th scope="col">{t('reports.col.state')}</th>
          <th scope="col">{t('reports.col.author')}</th>
          <th scope="col">{t('reports.col.reviewer')}</th>
          <th scope="col">{t('reports.col.team')}</th>
          <th scope="col">{t('reports.col.updated')}</th>
        </tr>
      </thead>
      <tbody>
        {reports.map((r) => (
          <tr key={r.id}>
            <td className="cell-title" data-label={t('reports.col.title')}>
              <Link to={`/reports/${r.id}`}>{r.title}</Link>
            </td>
            <td data-label={t('reports.col.state')}>
              <StateBadge state={r.state} />
            </td>
            <td data-label={t('reports.col.author')}>{person(r.authorId)}</td>
            <td data-label={t('reports.col.reviewer')} className={r.reviewerId ? undefined : 'muted'}>
              {person(r.reviewerId)}
            </td>
            <td data-label={t('reports.col.team')}>{nameOr(teamNames, r.teamId, t('common.unknown'))}</td>
            <td data-label={t('reports.col.updated')}>
              <time dateTime={r.updatedAt}>{formatDate(r.updatedAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
