import type { NotificationDto } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createCollabSocket, ReconnectAfterServerClose } from '../../lib/collab-socket';
import { meQueryKey } from '../auth/session';
import { addNotification, notificationKeys } from './notifications.api';

/**
 * The signed-in user's own connection to /collab, open on every page, for notifications pushed
 * to all of the user's sockets. It joins no report: the report page keeps its own connection,
 * whose lifetime (and `leave` on the way out) belongs to the document it edits.
 */
export function useNotificationSocket(userId: string): void {
  const qc = useQueryClient();
  useEffect(() => {
    const socket = createCollabSocket();
    const reconnect = new ReconnectAfterServerClose(socket);
    let connectedBefore = false;
    socket.on('notification', (n: NotificationDto) => addNotification(qc, n));
    socket.on('connect', () => {
      reconnect.reset();
      // Whatever arrived while the connection was down.
      if (connectedBefore) void qc.invalidateQueries({ queryKey: notificationKeys.all });
      connectedBefore = true;
    });
    socket.on('connect_error', (err) => {
      // The session ended: the app goes back to the sign-in page.
      if (err.message === 'unauthenticated') void qc.invalidateQueries({ queryKey: meQueryKey });
    });
    // A tick later, so that a mount that is undone at once never opens a connection.
    const timer = setTimeout(() => socket.connect(), 0);
    return () => {
      clearTimeout(timer);
      reconnect.stop();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [userId, qc]);
}
