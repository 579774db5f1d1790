import type { ThreadDto } from '@review/shared';
import type { Editor } from '@tiptap/core';
import { useEffect, useRef } from 'react';
import type { CollabSession } from './collab-session';
import { clickedThread } from './comment-highlights';

export interface EditorEventHandlers {
  /** A click on a marked passage chose its thread. */
  onSelectThread?: (threadId: string) => void;
  /** A thread or comment of this report was created or changed (by anyone). */
  onThread?: (thread: ThreadDto) => void;
  /** The report's versions or audit trail changed. */
  onActivity?: () => void;
  /** The socket reconnected: whatever was pushed while it was away has to be fetched. */
  onConnected?: () => void;
}

/**
 * Passes on what happens in the text (a click on a commented passage) and on the report's
 * socket (threads, activity, a reconnection). Always calls the latest handlers, so the
 * listeners stay subscribed across renders.
 */
export function useEditorEvents(editor: Editor, session: CollabSession, handlers: EditorEventHandlers) {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const onTransaction = ({ transaction }: { transaction: Parameters<typeof clickedThread>[0] }) => {
      const id = clickedThread(transaction);
      if (id) latest.current.onSelectThread?.(id);
    };
    editor.on('transaction', onTransaction);
    return () => {
      editor.off('transaction', onTransaction);
    };
  }, [editor]);

  useEffect(() => {
    const { socket } = session;
    const reportId = session.reportId;
    const onThread = (id: string, thread: ThreadDto) => {
      if (id === reportId) latest.current.onThread?.(thread);
    };
    const onActivity = (id: string) => {
      if (id === reportId) latest.current.onActivity?.();
    };
    // The first connection is not news; every later one may have missed something.
    let initial = !socket.connected;
    const onConnect = () => {
      if (initial) initial = false;
      else latest.current.onConnected?.();
    };
    socket.on('thread', onThread);
    socket.on('activity', onActivity);
    socket.on('connect', onConnect);
    return () => {
      socket.off('thread', onThread);
      socket.off('activity', onActivity);
      socket.off('connect', onConnect);
    };
  }, [session]);
}
