import type { Socket } from 'socket.io-client';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Access, ReportState } from '../workflow.js';
import type { ClientToServerEvents, DeniedInfo, JoinAck, SavedInfo, ServerToClientEvents, StateInfo } from './events.js';
import { toUint8Array } from './events.js';
import {
  decodeSyncMessage,
  encodeStep1,
  encodeStep2,
  encodeUpdate,
  isEmptyUpdate,
  SYNC_STEP1,
  SYNC_STEP2,
} from './sync-messages.js';

export type CollabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionStatus = 'connecting' | 'syncing' | 'synced' | 'offline' | 'refused';

export interface ProviderSnapshot {
  status: ConnectionStatus;
  /** Local changes the server has not yet confirmed as durably stored. */
  unsaved: number;
  access: Access | null;
  state: ReportState | null;
  revision: number | null;
  /** Set once the server refused one of our updates: the local copy may hold text the server does not. */
  denied: DeniedInfo | null;
  /** Why joining failed, when status is `refused`. */
  joinError: string | null;
}

type Listener = (snapshot: ProviderSnapshot) => void;

/**
 * Binds a Y.Doc and an Awareness to one report over a Socket.IO connection to /collab.
 * Syncs on join and after every reconnect, sends local updates, and tracks which of them the
 * server has acknowledged as saved. Works in browsers and in Node.
 */
export class CollabProvider {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;

  private snapshot: ProviderSnapshot = {
    status: 'connecting',
    unsaved: 0,
    access: null,
    state: null,
    revision: null,
    denied: null,
    joinError: null,
  };
  private readonly listeners = new Set<Listener>();
  private joined = false;
  /** Sync messages carrying changes sent on the current join, and how many the server confirmed. */
  private sent = 0;
  private acked = 0;
  /** Local changes made while not joined; they go out in the step 2 answer after the next join. */
  private waiting = 0;
  private destroyed = false;
  private epoch = 0;
  /** Whether this provider made the awareness (and so must destroy it: it runs an interval). */
  private readonly ownsAwareness: boolean;
  private syncedWaiters: (() => void)[] = [];

  constructor(
    readonly socket: CollabSocket,
    readonly reportId: string,
    options: { doc?: Y.Doc; awareness?: awarenessProtocol.Awareness } = {},
  ) {
    this.doc = options.doc ?? new Y.Doc();
    this.ownsAwareness = options.awareness === undefined;
    this.awareness = options.awareness ?? new awarenessProtocol.Awareness(this.doc);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    socket.on('sync', this.onSync);
    socket.on('awareness', this.onAwareness);
    socket.on('saved', this.onSaved);
    socket.on('denied', this.onDenied);
    socket.on('state', this.onState);
    if (socket.connected) this.onConnect();
  }

  get current(): ProviderSnapshot {
    return this.snapshot;
  }

  /**
   * Counters of the current join (`epoch` grows with every join): sync messages with changes
   * sent, and how many of them the server has confirmed as stored. For tests and benchmarks.
   */
  get progress(): { epoch: number; sent: number; acked: number } {
    return { epoch: this.epoch, sent: this.sent, acked: this.acked };
  }

  /** Calls back now and on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.snapshot);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the document has received the server's state after the current join. */
  whenSynced(): Promise<void> {
    if (this.snapshot.status === 'synced') return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  /** Resolves once every local change has been confirmed as saved. */
  async whenSaved(): Promise<void> {
    if (this.snapshot.unsaved === 0 && this.snapshot.status === 'synced') return;
    await new Promise<void>((resolve) => {
      const off = this.subscribe((s) => {
        if (s.unsaved === 0 && s.status === 'synced') {
          queueMicrotask(() => off());
          resolve();
        }
      });
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'destroy');
    if (this.joined && this.socket.connected) this.socket.emit('leave', { reportId: this.reportId });
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off('sync', this.onSync);
    this.socket.off('awareness', this.onAwareness);
    this.socket.off('saved', this.onSaved);
    this.socket.off('denied', this.onDenied);
    this.socket.off('state', this.onState);
    this.listeners.clear();
    if (this.ownsAwareness) this.awareness.destroy();
  }

  private update(patch: Partial<ProviderSnapshot>): void {
    const next = { ...this.snapshot, ...patch };
    next.unsaved = this.waiting + (this.sent - this.acked);
    this.snapshot = next;
    if (next.status === 'synced') {
      const waiters = this.syncedWaiters;
      this.syncedWaiters = [];
      for (const w of waiters) w();
    }
    for (const l of this.listeners) l(next);
  }

  private readonly onConnect = (): void => {
    this.joined = false;
    this.sent = 0;
    this.acked = 0;
    this.epoch += 1;
    this.update({ status: 'connecting', joinError: null });
    this.socket.emit('join', { reportId: this.reportId }, (res: JoinAck) => {
      if (this.destroyed) return;
      if (!res.ok) {
        this.update({ status: 'refused', joinError: res.error });
        return;
      }
      this.joined = true;
      this.update({ status: 'syncing', access: res.access, state: res.state });
      this.socket.emit('sync', this.reportId, encodeStep1(Y.encodeStateVector(this.doc)));
      const local = this.awareness.getLocalState();
      if (local !== null) {
        this.socket.emit(
          'awareness',
          this.reportId,
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]),
        );
      }
    });
  };

  private readonly onDisconnect = (): void => {
    // What was sent but not confirmed is re-sent through step 2 after the next join.
    this.waiting += this.sent - this.acked;
    this.sent = 0;
    this.acked = 0;
    this.joined = false;
    const others = Array.from(this.awareness.getStates().keys()).filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    if (!this.destroyed) this.update({ status: 'offline' });
  };

  private readonly onSync = (reportId: string, payload: unknown): void => {
    if (reportId !== this.reportId) return;
    const bytes = toUint8Array(payload);
    if (!bytes) return;
    const msg = decodeSyncMessage(bytes);
    if (msg.type === SYNC_STEP1) {
      // The server sends its step 1 once this socket is in the room, just before the join's
      // acknowledgement, which can arrive in a later read: from here on changes go out at once,
      // or one made in between would wait for the next join.
      this.joined = true;
      const diff = Y.encodeStateAsUpdate(this.doc, msg.stateVector);
      const hadWaiting = this.waiting;
      this.waiting = 0;
      if (!isEmptyUpdate(diff)) {
        this.sent += 1;
        this.socket.emit('sync', this.reportId, encodeStep2(diff));
      }
      if (hadWaiting) this.update({});
      return;
    }
    Y.applyUpdate(this.doc, msg.update, this);
    if (msg.type === SYNC_STEP2) this.update({ status: 'synced' });
  };

  private readonly onAwareness = (reportId: string, payload: unknown): void => {
    if (reportId !== this.reportId) return;
    const bytes = toUint8Array(payload);
    if (bytes) awarenessProtocol.applyAwarenessUpdate(this.awareness, bytes, this);
  };

  private readonly onSaved = (reportId: string, info: SavedInfo): void => {
    if (reportId !== this.reportId) return;
    this.acked = Math.min(Math.max(this.acked, info.count), this.sent);
    this.update({});
  };

  private readonly onDenied = (reportId: string, info: DeniedInfo): void => {
    if (reportId !== this.reportId) return;
    this.update({ denied: info });
  };

  private readonly onState = (reportId: string, info: StateInfo): void => {
    if (reportId !== this.reportId) return;
    this.update({ state: info.state, revision: info.revision, access: info.access });
  };

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    if (this.joined && this.socket.connected) {
      this.sent += 1;
      this.socket.emit('sync', this.reportId, encodeUpdate(update));
    } else {
      this.waiting += 1;
    }
    this.update({});
  };

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this || !this.joined || !this.socket.connected) return;
    const mine = [...changes.added, ...changes.updated, ...changes.removed].filter((id) => id === this.doc.clientID);
    if (mine.length === 0) return;
    this.socket.emit('awareness', this.reportId, awarenessProtocol.encodeAwarenessUpdate(this.awareness, mine));
  };
}
