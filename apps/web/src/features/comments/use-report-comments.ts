import type { ThreadDto } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { invalidateHistory } from '../workflow/workflow.api';
import { commentKeys, upsertThread, useThreads } from './comments.api';
import { anchoredThreads, type ThreadFilter, type ThreadSelection } from './thread-model';

/**
 * The comment state of a report page: the threads (kept live by `thread` events), the selected
 * one and how it was chosen, the panel's filter, and the requests to bring the panel on screen.
 * `onShowPanel` switches the side panel to the comments.
 */
export function useReportComments(reportId: string, onShowPanel: () => void) {
  const qc = useQueryClient();
  const threads = useThreads(reportId);
  const anchored = useMemo(() => anchoredThreads(threads.data ?? []), [threads.data]);
  const openThreads = (threads.data ?? []).filter((th) => th.status === 'open').length;
  const [selection, setSelection] = useState<ThreadSelection | null>(null);
  const [filter, setFilter] = useState<ThreadFilter>('open');
  /** Grows with every request to show the comments (narrow screens open their fold). */
  const [reveal, setReveal] = useState(0);
  const seq = useRef(0);
  const showPanel = useRef(onShowPanel);
  showPanel.current = onShowPanel;

  const showThread = useCallback((threadId: string, source: ThreadSelection['source']) => {
    seq.current += 1;
    setSelection({ id: threadId, source, seq: seq.current });
    if (source === 'panel') return;
    showPanel.current();
    setReveal((n) => n + 1);
  }, []);

  // A thread chosen from elsewhere brings the filter it is found under (once: later changes are the user's).
  const selectedThread = threads.data?.find((th) => th.id === selection?.id);
  const filteredFor = useRef(0);
  useEffect(() => {
    if (!selection || !selectedThread || filteredFor.current === selection.seq) return;
    filteredFor.current = selection.seq;
    if (selection.source === 'panel') return;
    const resolved = selectedThread.status === 'resolved';
    setFilter((f) => (f === 'outdated' && selectedThread.outdated ? f : resolved ? 'resolved' : 'open'));
  }, [selection, selectedThread]);

  const showOpenThreads = useCallback(() => {
    setFilter('open');
    showPanel.current();
    setReveal((n) => n + 1);
    requestAnimationFrame(() => document.querySelector('.comments')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
  }, []);

  const onThread = useCallback(
    (thread: ThreadDto) => {
      upsertThread(qc, thread);
      // Every comment action is in the audit trail.
      invalidateHistory(qc, reportId);
    },
    [qc, reportId],
  );
  const onReconnected = useCallback(() => {
    void qc.invalidateQueries({ queryKey: commentKeys.threads(reportId) });
    invalidateHistory(qc, reportId);
  }, [qc, reportId]);

  // A link to a thread (from a notification): show it, then drop it from the address.
  const [searchParams, setSearchParams] = useSearchParams();
  const linked = searchParams.get('thread');
  useEffect(() => {
    if (!linked) return;
    showThread(linked, 'link');
    setSearchParams(
      (params) => {
        params.delete('thread');
        return params;
      },
      { replace: true },
    );
  }, [linked, showThread, setSearchParams]);

  return { anchored, openThreads, selection, filter, setFilter, reveal, showThread, showOpenThreads, onThread, onReconnected };
}
