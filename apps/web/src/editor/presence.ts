import { useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';

export interface Person {
  id: string;
  name: string;
  color: string;
  isMe: boolean;
}

interface AwarenessUser {
  id?: unknown;
  name?: unknown;
  color?: unknown;
}

function peopleIn(awareness: Awareness, myId: string): Person[] {
  const byId = new Map<string, Person>();
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: AwarenessUser }).user;
    if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') continue;
    const isMe = clientId === awareness.clientID || user.id === myId;
    // One avatar per person, even with the report open in two tabs; the server's colour wins.
    const known = byId.get(user.id);
    const color = typeof user.color === 'string' && clientId !== awareness.clientID ? user.color : known?.color;
    byId.set(user.id, { id: user.id, name: user.name, color: color ?? '', isMe });
  }
  return [...byId.values()].sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name, 'zh-CN'));
}

/** Who is in the document, from the awareness states (identity stamped by the server). */
export function usePresence(awareness: Awareness, myId: string): Person[] {
  return useSyncExternalStore(
    (onChange) => {
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    () => cached(awareness, myId),
  );
}

// useSyncExternalStore needs a stable value between changes.
const cache = new WeakMap<Awareness, { key: string; people: Person[] }>();
function cached(awareness: Awareness, myId: string): Person[] {
  const people = peopleIn(awareness, myId);
  const key = JSON.stringify(people);
  const hit = cache.get(awareness);
  if (hit && hit.key === key) return hit.people;
  cache.set(awareness, { key, people });
  return people;
}
