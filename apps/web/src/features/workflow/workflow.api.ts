import type {
  AuditEventDto,
  AuditVerifyDto,
  CreateVersionInput,
  DiffDto,
  ReportContentDto,
  ReportDto,
  SignatureDto,
  TransitionInput,
  UpdateReportInput,
  VersionDetailDto,
  VersionDto,
} from '@review/shared';
import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from '../../lib/api';
import { reportKeys } from '../reports/reports.api';

/** `current` stands for the report's content as it is now. */
export type DiffTarget = string | 'current';

export const workflowKeys = {
  /** Everything below belongs to one report and changes with its workflow. */
  all: (reportId: string) => ['workflow', reportId] as const,
  versions: (reportId: string) => ['workflow', reportId, 'versions'] as const,
  version: (reportId: string, versionId: string) => ['workflow', reportId, 'version', versionId] as const,
  diff: (reportId: string, from: string, to: DiffTarget) => ['workflow', reportId, 'diff', from, to] as const,
  signatures: (reportId: string) => ['workflow', reportId, 'signatures'] as const,
  audit: (reportId: string) => ['workflow', reportId, 'audit'] as const,
  verify: (reportId: string) => ['workflow', reportId, 'verify'] as const,
  content: (reportId: string) => ['workflow', reportId, 'content'] as const,
};

/** After a transition, restore or new version (by anyone): the report and all it shows are stale. */
export function invalidateReportWorkflow(qc: QueryClient, reportId: string): void {
  void qc.invalidateQueries({ queryKey: reportKeys.one(reportId) });
  void qc.invalidateQueries({ queryKey: reportKeys.lists });
  void qc.invalidateQueries({ queryKey: workflowKeys.all(reportId) });
}

/** Versions or the audit trail changed (an `activity` or `thread` event): what the history and activity show. */
export function invalidateHistory(qc: QueryClient, reportId: string): void {
  for (const key of [workflowKeys.versions, workflowKeys.signatures, workflowKeys.audit, workflowKeys.verify]) {
    void qc.invalidateQueries({ queryKey: key(reportId) });
  }
}

export function useVersions(reportId: string, enabled = true) {
  return useQuery({
    queryKey: workflowKeys.versions(reportId),
    queryFn: () => api<VersionDto[]>('GET', `/reports/${reportId}/versions`),
    enabled,
  });
}

export function useVersion(reportId: string, versionId: string) {
  return useQuery({
    queryKey: workflowKeys.version(reportId, versionId),
    queryFn: () => api<VersionDetailDto>('GET', `/reports/${reportId}/versions/${versionId}`),
    // A version never changes.
    staleTime: Infinity,
  });
}

export function useDiff(reportId: string, from: string, to: DiffTarget) {
  return useQuery({
    queryKey: workflowKeys.diff(reportId, from, to),
    queryFn: () => api<DiffDto>('GET', `/reports/${reportId}/diff${queryString({ from, to })}`),
    // Between two versions the answer is fixed; against `current` it follows the document.
    staleTime: to === 'current' ? 0 : Infinity,
  });
}

export function useSignatures(reportId: string, enabled = true) {
  return useQuery({
    queryKey: workflowKeys.signatures(reportId),
    queryFn: () => api<SignatureDto[]>('GET', `/reports/${reportId}/signatures`),
    enabled,
  });
}

export function useAudit(reportId: string, enabled = true) {
  return useQuery({
    queryKey: workflowKeys.audit(reportId),
    queryFn: () => api<AuditEventDto[]>('GET', `/reports/${reportId}/audit`),
    enabled,
  });
}

/** Events per page of the activity list; older pages load on request. */
export const AUDIT_PAGE = 100;

/**
 * The audit trail a page at a time, newest page first (each page oldest-first, as the API sends
 * it): the next page is the one before the oldest event loaded, until event 1.
 */
export function useAuditPages(reportId: string) {
  return useInfiniteQuery({
    queryKey: [...workflowKeys.audit(reportId), 'pages'] as const,
    queryFn: ({ pageParam }) =>
      api<AuditEventDto[]>('GET', `/reports/${reportId}/audit${queryString({ limit: String(AUDIT_PAGE), before: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => {
      const oldest = page[0];
      return oldest && oldest.seq > 1 && page.length === AUDIT_PAGE ? String(oldest.seq) : undefined;
    },
  });
}

export function useAuditVerify(reportId: string) {
  return useQuery({
    queryKey: workflowKeys.verify(reportId),
    queryFn: () => api<AuditVerifyDto>('GET', `/reports/${reportId}/audit/verify`),
  });
}

/** The content as the server holds it now, with the hash an approval signs. */
export function useReportContent(reportId: string) {
  return useQuery({
    queryKey: workflowKeys.content(reportId),
    queryFn: () => api<ReportContentDto>('GET', `/reports/${reportId}/content`),
    staleTime: 0,
  });
}

export function useTransition(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TransitionInput) => api<ReportDto>('POST', `/reports/${reportId}/transitions`, input),
    onSuccess: (report) => {
      qc.setQueryData(reportKeys.one(reportId), report);
      invalidateReportWorkflow(qc, reportId);
    },
  });
}

export function useCreateVersion(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateVersionInput) => api<VersionDto>('POST', `/reports/${reportId}/versions`, input),
    onSuccess: () => invalidateReportWorkflow(qc, reportId),
  });
}

export function useRestoreVersion(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (versionId: string) => api<ReportDto>('POST', `/reports/${reportId}/versions/${versionId}/restore`),
    onSuccess: (report) => {
      qc.setQueryData(reportKeys.one(reportId), report);
      invalidateReportWorkflow(qc, reportId);
    },
  });
}

/** Names another reviewer (the author or an admin, while the report is not in review or approved). */
export function useUpdateReport(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateReportInput) => api<ReportDto>('PATCH', `/reports/${reportId}`, input),
    onSuccess: (report) => {
      qc.setQueryData(reportKeys.one(reportId), report);
      invalidateReportWorkflow(qc, reportId);
    },
  });
}
