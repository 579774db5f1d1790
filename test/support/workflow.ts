import type { ReportDto, WorkflowAction } from '@review/shared';
import type { ApiClient, Reply } from './http.js';

/**
 * POSTs a workflow action as `client`, at the report's current revision. Fields the action
 * requires are filled unless `extra` gives them: a change request's message, an approval's
 * current content hash and `password` (the approver's).
 */
export async function transition(
  client: ApiClient,
  reportId: string,
  action: WorkflowAction,
  extra: Record<string, unknown> = {},
  { password }: { password?: string } = {},
): Promise<Reply<ReportDto>> {
  const current = (await client.get<ReportDto>(`/reports/${reportId}`)).body;
  const body: Record<string, unknown> = { action, expectedRevision: current.revision, ...extra };
  if (action === 'request_changes') body.message ??= '请补充整改时限';
  if (action === 'approve') {
    body.contentHash ??= current.contentHash;
    body.password ??= password;
  }
  return client.post<ReportDto>(`/reports/${reportId}/transitions`, body);
}
