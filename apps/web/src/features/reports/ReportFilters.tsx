import { REPORT_STATES, type ReportState } from '@review/shared';
import { useI18n } from '../../i18n/i18n';
import { stateKey } from '../../i18n/messages';

interface ReportFiltersProps {
  search: string;
  onSearch(search: string): void;
  state: ReportState | undefined;
  onState(state: string): void;
  /** A filter is on: offer to clear them. */
  filtered: boolean;
  onClear(): void;
}

/** Search by title and filter by state, above the report list. */
export function ReportFilters({ search, onSearch, state, onState, filtered, onClear }: ReportFiltersProps) {
  const { t } = useI18n();
  return (
    <div className="filters" role="search">
      <div className="filter">
        <label htmlFor="report-search">{t('dashboard.search')}</label>
        <input
          id="report-search"
          type="search"
          value={search}
          placeholder={t('dashboard.searchPlaceholder')}
          onChange={(e) => onSearch(e.target.value)}
        />
      </div>
      <div className="filter">
        <label htmlFor="report-state">{t('dashboard.stateFilter')}</label>
        <select id="report-state" value={state ?? ''} onChange={(e) => onState(e.target.value)}>
          <option value="">{t('dashboard.allStates')}</option>
          {REPORT_STATES.map((s) => (
            <option key={s} value={s}>
              {t(stateKey(s))}
            </option>
          ))}
        </select>
      </div>
      {filtered && (
        <button type="button" className="button quiet" onClick={onClear}>
          {t('dashboard.clearFilters')}
        </button>
      )}
    </div>
  );
}
