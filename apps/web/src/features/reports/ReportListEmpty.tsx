import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { ReportView } from './reports.api';

const EMPTY: Record<ReportView, { title: MessageKey; text: MessageKey }> = {
  mine: { title: 'dashboard.empty.mine.title', text: 'dashboard.empty.mine.text' },
  reviewing: { title: 'dashboard.empty.reviewing.title', text: 'dashboard.empty.reviewing.text' },
  all: { title: 'dashboard.empty.all.title', text: 'dashboard.empty.all.text' },
};

interface ReportListEmptyProps {
  view: ReportView;
  /** A filter is on: nothing matches it, rather than nothing there. */
  filtered: boolean;
  onClearFilters(): void;
  /** The ways to a new report, offered in the user's own empty list. */
  newReportButtons: ReactNode;
}

/** What an empty report list says: that nothing matches the filter, or what this list would hold. */
export function ReportListEmpty({ view, filtered, onClearFilters, newReportButtons }: ReportListEmptyProps) {
  const { t } = useI18n();
  if (filtered) {
    return (
      <EmptyState
        title={t('dashboard.empty.filtered.title')}
        action={
          <button type="button" className="button" onClick={onClearFilters}>
            {t('dashboard.clearFilters')}
          </button>
        }
      >
        {t('dashboard.empty.filtered.text')}
      </EmptyState>
    );
  }
  return (
    <EmptyState title={t(EMPTY[view].title)} action={view === 'mine' ? <div className="empty-actions">{newReportButtons}</div> : undefined}>
      {t(EMPTY[view].text)}
    </EmptyState>
  );
}
