import { commentBodySchema } from '@review/shared';
import { useState } from 'react';
import { useToast } from '../../components/Toast';
import { useI18n } from '../../i18n/i18n';
import { commentErrorText } from './comment-errors';
import { useReply, useSetThreadStatus } from './comments.api';
import type { PlacedThread } from './thread-model';

/** What can be done with a thread: reply (the draft, sending it), resolve or reopen; and what went wrong. */
export function useThreadActions(reportId: string, thread: PlacedThread['thread']) {
  const { t } = useI18n();
  const toast = useToast();
  const reply = useReply(reportId);
  const setStatus = useSetThreadStatus();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const resolved = thread.status === 'resolved';

  async function sendReply() {
    setError(null);
    const parsed = commentBodySchema.safeParse({ body: draft });
    if (!parsed.success) return setError(t('comments.bodyRequired'));
    try {
      await reply.mutateAsync({ threadId: thread.id, body: parsed.data.body });
      setDraft('');
    } catch (err) {
      setError(commentErrorText(err, t, 'comments.error.tooManyReplies'));
    }
  }

  async function toggleStatus() {
    setError(null);
    try {
      await setStatus.mutateAsync({ threadId: thread.id, status: resolved ? 'open' : 'resolved' });
      toast.show(t(resolved ? 'comments.reopened' : 'comments.resolvedToast'));
    } catch (err) {
      setError(commentErrorText(err, t, 'comments.error.invalid'));
    }
  }

  return {
    draft,
    setDraft,
    sendReply: () => void sendReply(),
    sending: reply.isPending,
    toggleStatus: () => void toggleStatus(),
    togglingStatus: setStatus.isPending,
    error,
  };
}
