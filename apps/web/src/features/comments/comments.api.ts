import type { CommentDto, CreateThreadInput, ThreadDto, ThreadStatus } from '@review/shared';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const commentKeys = {
  threads: (reportId: string) => ['comments', reportId, 'threads'] as const,
};

/** Every thread of the report (open, resolved, outdated): the panel filters and counts them itself. */
export function useThreads(reportId: string) {
  return useQuery({
    queryKey: commentKeys.threads(reportId),
    queryFn: () => api<ThreadDto[]>('GET', `/reports/${reportId}/threads`),
  });
}

/** A thread as the server sent it (an answer or a `thread` event) replaces the one in the list. */
export function upsertThread(qc: QueryClient, thread: ThreadDto): void {
  qc.setQueryData<ThreadDto[]>(commentKeys.threads(thread.reportId), (list) => {
    if (!list) return list;
    const at = list.findIndex((t) => t.id === thread.id);
    if (at === -1) return [...list, thread];
    const next = list.slice();
    next[at] = thread;
    return next;
  });
}

function upsertComment(qc: QueryClient, reportId: string, comment: CommentDto): void {
  qc.setQueryData<ThreadDto[]>(commentKeys.threads(reportId), (list) =>
    list?.map((t) => {
      if (t.id !== comment.threadId) return t;
      const at = t.comments.findIndex((c) => c.id === comment.id);
      const comments = at === -1 ? [...t.comments, comment] : t.comments.map((c) => (c.id === comment.id ? comment : c));
      return { ...t, comments };
    }),
  );
}

export function useCreateThread(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateThreadInput) => api<ThreadDto>('POST', `/reports/${reportId}/threads`, input),
    onSuccess: (thread) => upsertThread(qc, thread),
  });
}

export function useReply(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ threadId, body }: { threadId: string; body: string }) =>
      api<CommentDto>('POST', `/threads/${threadId}/comments`, { body }),
    onSuccess: (comment) => upsertComment(qc, reportId, comment),
  });
}

export function useEditComment(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ commentId, body }: { commentId: string; body: string }) =>
      api<CommentDto>('PATCH', `/comments/${commentId}`, { body }),
    onSuccess: (comment) => upsertComment(qc, reportId, comment),
  });
}

export function useDeleteComment(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) => api<CommentDto>('DELETE', `/comments/${commentId}`),
    onSuccess: (comment) => upsertComment(qc, reportId, comment),
  });
}

export function useSetThreadStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ threadId, status }: { threadId: string; status: ThreadStatus }) =>
      api<ThreadDto>('POST', `/threads/${threadId}/${status === 'resolved' ? 'resolve' : 'reopen'}`),
    onSuccess: (thread) => upsertThread(qc, thread),
  });
}
