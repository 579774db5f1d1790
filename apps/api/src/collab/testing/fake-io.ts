// For unit specs of the collab units: a stand-in for Socket.IO's namespace and sockets (outside
// our system) that records what would be sent, so that a spec reads what each socket received.
import type { AppConfig } from '../../config/app-config.js';
import { CollabOutput } from '../collab-output.js';
import type { CollabNamespace, CollabSocket } from '../collab.types.js';

export interface Sent {
  to: string;
  event: string;
  args: unknown[];
}

export class FakeIo {
  readonly sent: Sent[] = [];
  readonly sockets = new Map<string, CollabSocket>();
  /** Which sockets are in which Socket.IO room. */
  readonly rooms = new Map<string, Set<string>>();
  readonly disconnectedRooms: string[] = [];

  socket(id: string, user = { id: `user-${id}`, username: id, displayName: id, isAdmin: false, sessionId: `s-${id}`, sessionExpiresAt: Date.now() + 3_600_000 }): CollabSocket {
    const sent = this.sent;
    const rooms = this.rooms;
    const socket = {
      id,
      connected: true,
      data: { user, tokens: 10, refilledAt: Date.now() },
      emit: (event: string, ...args: unknown[]) => sent.push({ to: id, event, args }),
      join: (names: string | string[]) => {
        for (const name of [names].flat()) rooms.set(name, (rooms.get(name) ?? new Set()).add(id));
      },
      leave: (name: string) => rooms.get(name)?.delete(id),
      disconnect: () => {
        socket.connected = false;
      },
    };
    this.sockets.set(id, socket as unknown as CollabSocket);
    return socket as unknown as CollabSocket;
  }

  /** What one socket received, as [event, ...args]. */
  received(socketId: string): unknown[][] {
    return this.sent.filter((s) => s.to === socketId).map((s) => [s.event, ...s.args]);
  }

  namespace(): CollabNamespace {
    const broadcast = (room: string, except?: string) => ({
      except: (id: string) => broadcast(room, id),
      emit: (event: string, ...args: unknown[]) => {
        for (const id of this.rooms.get(room) ?? []) if (id !== except) this.sent.push({ to: id, event, args });
        return true;
      },
    });
    const nsp = {
      sockets: this.sockets,
      local: { to: (room: string) => broadcast(room) },
      to: (room: string) => broadcast(room),
      in: (room: string) => ({ disconnectSockets: () => this.disconnectedRooms.push(room) }),
      serverSideEmit: (event: string, ...args: unknown[]) => this.sent.push({ to: 'other-nodes', event, args }),
      server: { engine: { close: () => undefined } },
    };
    return nsp as unknown as CollabNamespace;
  }

  /** A CollabOutput sending into this fake, as one node (`multiNode`: as if Redis linked others). */
  output(multiNode = false): CollabOutput {
    const out = new CollabOutput({ redisUrl: multiNode ? 'redis://fake' : undefined } as AppConfig);
    out.attach(this.namespace());
    return out;
  }
}

/** Lets the end-of-turn work (TurnQueue's setImmediate) and pending promises run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
