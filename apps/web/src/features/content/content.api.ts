import type { ApiErrorBody, ImportedReportDto, ReportChecksDto, TemplateDto } from '@review/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';
import { reportKeys } from '../reports/reports.api';

export const contentKeys = {
  templates: ['templates'] as const,
  /** Under the report's own key, so that refreshing a report refreshes its checks too. */
  checks: (reportId: string) => ['report', reportId, 'checks'] as const,
};

/** How often the checks follow the text while a report page shows them. */
export const CHECKS_REFRESH_MS = 5_000;

export function useTemplates({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: contentKeys.templates,
    queryFn: () => api<TemplateDto[]>('GET', '/templates'),
    enabled,
    // Templates change only when the server restarts with new files.
    staleTime: 5 * 60_000,
  });
}

/**
 * The checks a submit must pass, on the text the server holds. The state bar, the checks panel
 * and the underlines share one request through the key. One user polls them every few seconds
 * (`poll`; TanStack Query pauses polling in a hidden tab): the report page's editor, while its
 * connection is up — every user with a timer of its own would multiply the requests, and a
 * server that is away (restart, deploy) is not asked until it is back.
 */
export function useReportChecks(reportId: string, { enabled = true, poll = false }: { enabled?: boolean; poll?: boolean } = {}) {
  return useQuery({
    queryKey: contentKeys.checks(reportId),
    queryFn: () => api<ReportChecksDto>('GET', `/reports/${reportId}/checks`),
    enabled: enabled && Boolean(reportId),
    refetchInterval: poll ? CHECKS_REFRESH_MS : false,
  });
}

/** An API error from a response read by hand (uploads and downloads do not go through `api`). */
function apiErrorOf(status: number, statusText: string, data: unknown): ApiError {
  const err = (typeof data === 'object' && data !== null ? data : {}) as Partial<ApiErrorBody>;
  const code = err.error ?? (status === 413 ? 'payload_too_large' : 'internal_error');
  return new ApiError(status, code, err.message ?? statusText, err.details);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface ImportInput {
  file: File;
  teamId: string;
  title?: string;
  reviewerId?: string;
}

/** Upload progress from 0 to 1; `done` once every byte is sent and the server reads the file. */
export interface UploadProgress {
  fraction: number;
  done: boolean;
}

/**
 * POST /reports/import as multipart. XMLHttpRequest rather than fetch, because only it reports
 * how much of the upload has gone.
 */
export function importReport(
  input: ImportInput,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<ImportedReportDto> {
  const form = new FormData();
  form.set('teamId', input.teamId);
  if (input.title) form.set('title', input.title);
  if (input.reviewerId) form.set('reviewerId', input.reviewerId);
  // The file last: the server reads the text fields before the upload.
  form.set('file', input.file, input.file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/reports/import');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress({ fraction: e.loaded / e.total, done: false });
    };
    xhr.upload.onload = () => onProgress({ fraction: 1, done: true });
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as ImportedReportDto);
      else reject(apiErrorOf(xhr.status, xhr.statusText, data));
    };
    // A network failure: the same TypeError that fetch would give, so generalError says "no connection".
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

export function useImportReport(onProgress: (p: UploadProgress) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, signal }: { input: ImportInput; signal?: AbortSignal }) => importReport(input, onProgress, signal),
    onSuccess: (report) => {
      qc.setQueryData(reportKeys.one(report.id), report);
      void qc.invalidateQueries({ queryKey: reportKeys.lists });
    },
  });
}

/** The file name of an attachment: `filename*` (RFC 5987, UTF-8) first, then `filename`. */
export function attachmentFileName(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed encoding: fall back to the plain name
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ?? undefined;
}

export const exportDocxPath = (reportId: string) => `/api/reports/${reportId}/export.docx`;

/** GET /reports/:id/export.docx as a file: its bytes and the name the server gave it. */
export async function fetchExport(reportId: string): Promise<{ blob: Blob; fileName: string | undefined }> {
  const res = await fetch(exportDocxPath(reportId), { credentials: 'same-origin' });
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw apiErrorOf(res.status, res.statusText, parseJson(text));
  }
  return { blob: await res.blob(), fileName: attachmentFileName(res.headers.get('content-disposition')) };
}

export function useExportReport() {
  return useMutation({ mutationFn: fetchExport });
}
