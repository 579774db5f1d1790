import { type MeDto, REPORT_STATES, type ReportState } from '@review/shared';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import type { ReportView } from './reports.api';

export const VIEWS: readonly ReportView[] = ['mine', 'reviewing', 'all'];

/** Supervisors land on what waits for them, admins outside any team on everything. */
function defaultView(me: MeDto): ReportView {
  if (me.teams.length === 0) return me.isAdmin ? 'all' : 'mine';
  return me.teams.every((team) => team.role === 'supervisor') ? 'reviewing' : 'mine';
}

const isView = (v: string | null): v is ReportView => VIEWS.some((view) => view === v);
const isState = (v: string | null): v is ReportState => REPORT_STATES.some((s) => s === v);
const SEARCH_DELAY_MS = 300;

/**
 * The dashboard's list, state filter and title search, kept in the address (`view`, `state`,
 * `q`) so that they survive a reload and the back button. The search reaches the address once
 * the typing has settled.
 */
export function useDashboardFilter(me: MeDto) {
  const [params, setParams] = useSearchParams();
  const viewParam = params.get('view');
  const view = isView(viewParam) ? viewParam : defaultView(me);
  const stateParam = params.get('state');
  const state = isState(stateParam) ? stateParam : undefined;
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const debouncedSearch = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);

  function update(changes: Record<string, string | undefined>, replace = false) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace },
    );
  }

  useEffect(() => {
    if (debouncedSearch !== q) update({ q: debouncedSearch || undefined }, true);
    // Only a settled search should touch the URL; `q` changing by itself must not echo back.
  }, [debouncedSearch]);

  function clearFilters() {
    setSearch('');
    update({ q: undefined, state: undefined });
  }

  return {
    view,
    setView: (v: ReportView) => update({ view: v }),
    state,
    setState: (s: string) => update({ state: s || undefined }),
    q,
    search,
    setSearch,
    filtered: Boolean(state || q),
    clearFilters,
  };
}
