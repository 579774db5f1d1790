import type { CreateReportInput, ReportDto, ReportState } from '@review/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from '../../lib/api';

/** The dashboard's lists: the user's own reports, those waiting for their review, every visible one. */
export type ReportView = 'mine' | 'reviewing' | 'all';

export interface ReportFilter {
  view: ReportView;
  state?: ReportState;
  q?: string;
}

export const reportKeys = {
  lists: ['reports'] as const,
  list: (filter: ReportFilter) => ['reports', filter] as const,
  one: (id: string) => ['report', id] as const,
};

export function useReports(filter: ReportFilter) {
  return useQuery({
    queryKey: reportKeys.list(filter),
    queryFn: () =>
      api<ReportDto[]>(
        'GET',
        `/reports${queryString({
          mine: filter.view === 'mine' || undefined,
          awaiting: filter.view === 'reviewing' || undefined,
          state: filter.state,
          q: filter.q,
        })}`,
      ),
    // While a search or filter within the same list loads, keep showing the previous rows.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1].view === filter.view ? previous : undefined,
  });
}

export function useReport(id: string) {
  return useQuery({ queryKey: reportKeys.one(id), queryFn: () => api<ReportDto>('GET', `/reports/${id}`) });
}

export function useCreateReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateReportInput) => api<ReportDto>('POST', '/reports', input),
    onSuccess: (report) => {
      qc.setQueryData(reportKeys.one(report.id), report);
      void qc.invalidateQueries({ queryKey: reportKeys.lists });
    },
  });
}
