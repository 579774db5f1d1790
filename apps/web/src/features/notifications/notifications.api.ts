import { LIMITS, type NotificationDto } from '@review/shared';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const notificationKeys = {
  list: ['notifications'] as const,
};

/** The latest notifications, newest first (read ones too, so the menu keeps its history). */
export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.list,
    queryFn: () => api<NotificationDto[]>('GET', '/notifications?unread=false'),
    // New ones arrive over the socket; a reconnect refetches.
    staleTime: 5 * 60_000,
  });
}

/** A notification pushed over the socket goes to the top of the list. */
export function addNotification(qc: QueryClient, notification: NotificationDto): void {
  qc.setQueryData<NotificationDto[]>(notificationKeys.list, (list) => {
    if (!list) return list;
    if (list.some((n) => n.id === notification.id)) return list;
    return [notification, ...list].slice(0, LIMITS.notificationsPageMax);
  });
}

function markRead(qc: QueryClient, isRead: (n: NotificationDto) => boolean): void {
  qc.setQueryData<NotificationDto[]>(notificationKeys.list, (list) =>
    list?.map((n) => (n.read || !isRead(n) ? n : { ...n, read: true })),
  );
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<NotificationDto>('POST', `/notifications/${id}/read`),
    // At once: the user is already on the way to what it points at.
    onMutate: (id) => markRead(qc, (n) => n.id === id),
    onError: () => void qc.invalidateQueries({ queryKey: notificationKeys.list }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ updated: number }>('POST', '/notifications/read-all'),
    onMutate: () => markRead(qc, () => true),
    onError: () => void qc.invalidateQueries({ queryKey: notificationKeys.list }),
  });
}
