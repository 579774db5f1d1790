import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { THREAD_FILTERS, type ThreadFilter } from './thread-model';

export const FILTER_LABEL: Record<ThreadFilter, MessageKey> = {
  open: 'comments.filter.open',
  resolved: 'comments.filter.resolved',
  outdated: 'comments.filter.outdated',
};

interface ThreadFiltersProps {
  filter: ThreadFilter;
  onFilter(filter: ThreadFilter): void;
  counts: Record<ThreadFilter, number>;
}

/** Open, resolved, outdated: toggle chips with how many threads each holds. */
export function ThreadFilters({ filter, onFilter, counts }: ThreadFiltersProps) {
  const { t } = useI18n();
  return (
    <div className="comments-filter" role="group" aria-label={t('comments.filter.label')}>
      {THREAD_FILTERS.map((f) => (
        <button key={f} type="button" className="filter-chip" aria-pressed={f === filter} onClick={() => onFilter(f)} data-filter={f}>
          {t(FILTER_LABEL[f])}
          <span className="filter-count">{counts[f]}</span>
        </button>
      ))}
    </div>
  );
}
