import { LIMITS, type NotificationDto, type UnreadCountDto } from '@review/shared';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const notificationKeys = {
  /** Both queries below: invalidating this refetches the list and the count. */
  all: ['notifications'] as const,
  list: ['notifications', 'list'] as const,
  unread: ['notifications', 'unread-count'] as const,
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

/** How many are unread in all (the list holds only the latest page). */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => api<UnreadCountDto>('GET', '/notifications/unread-count'),
    staleTime: 5 * 60_000,
  });
}

/** A notification pushed over the socket goes to the top of the list, and into the count. */
export function addNotification(qc: QueryClient, notification: NotificationDto): void {
  if (!qc.getQueryData(notificationKeys.list)) {
    // Still loading: what is fetched will include it.
    void qc.invalidateQueries({ queryKey: notificationKeys.all });
    return;
  }
  let isNew = false;
  qc.setQueryData<NotificationDto[]>(notificationKeys.list, (list) => {
    if (!list || list.some((n) => n.id === notification.id)) return list;
    isNew = true;
    return [notification, ...list].slice(0, LIMITS.notificationsPageMax);
  });
  if (isNew && !notification.read) adjustUnread(qc, (count) => count + 1);
}

function adjustUnread(qc: QueryClient, change: (count: number) => number): void {
  qc.setQueryData<UnreadCountDto>(notificationKeys.unread, (data) => (data ? { count: Math.max(0, change(data.count)) } : data));
}

/** Marks the listed ones `isRead` picks as read, at once; returns how many were unread. */
function markRead(qc: QueryClient, isRead: (n: NotificationDto) => boolean): number {
  let changed = 0;
  qc.setQueryData<NotificationDto[]>(notificationKeys.list, (list) =>
    list?.map((n) => {
      if (n.read || !isRead(n)) return n;
      changed += 1;
      return { ...n, read: true };
    }),
  );
  return changed;
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<NotificationDto>('POST', `/notifications/${id}/read`),
    // At once: the user is already on the way to what it points at.
    onMutate: (id) => {
      const changed = markRead(qc, (n) => n.id === id);
      adjustUnread(qc, (count) => count - changed);
    },
    onError: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ updated: number }>('POST', '/notifications/read-all'),
    onMutate: () => {
      markRead(qc, () => true);
      adjustUnread(qc, () => 0);
    },
    onError: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
