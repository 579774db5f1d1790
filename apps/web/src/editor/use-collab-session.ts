import { useEffect, useState, useSyncExternalStore } from 'react';
import { CollabSession, type SessionState } from './collab-session';

/**
 * Opens the report's collaboration session while the component is mounted; null until the
 * locally kept edits are loaded and the socket is on its way.
 */
export function useCollabSession(reportId: string, userId: string): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    let cancelled = false;
    let opened: CollabSession | null = null;
    void CollabSession.open(reportId, userId).then((s) => {
      if (cancelled) return s.destroy();
      opened = s;
      setSession(s);
    });
    return () => {
      cancelled = true;
      setSession(null);
      // After the editor bound to this document has been torn down.
      if (opened) {
        const s = opened;
        setTimeout(() => s.destroy(), 0);
      }
    };
  }, [reportId, userId]);
  return session;
}

export function useSessionState(session: CollabSession): SessionState {
  return useSyncExternalStore(session.subscribe, () => session.current);
}
