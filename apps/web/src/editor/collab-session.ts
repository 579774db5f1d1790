import { CollabProvider, type CollabSocket, type ProviderSnapshot } from '@review/shared';
import * as Y from 'yjs';
import { createCollabSocket, ReconnectAfterServerClose } from '../lib/collab-socket';
import { LocalEdits } from './local-edits';

/** After this many stored updates the local copy is rewritten as one. */
const COMPACT_LOCAL_AFTER = 200;

export interface SessionState {
  snapshot: ProviderSnapshot;
  /** What the browser says about the network. */
  online: boolean;
  /** The document has been in sync with the server at least once in this session. */
  everSynced: boolean;
  /** Edits were found in this browser's store and put back into the document. */
  restored: number;
  /** Local edits waiting in the browser's store (IndexedDB); false when the store is unavailable. */
  keptLocally: boolean;
  /** The server no longer knows the session (signed out elsewhere, expired). */
  signedOut: boolean;
}

type Listener = () => void;

let sessions = 0;

/**
 * One open report: the Y.Doc, the /collab socket and the provider that syncs them, and the
 * browser store that keeps unconfirmed edits across reloads. Edits found in the store are put
 * into the document before the socket connects, so the provider's first sync sends them.
 */
export class CollabSession {
  /** Tells sessions apart, e.g. as a React key. */
  readonly serial = ++sessions;
  readonly doc = new Y.Doc();
  readonly socket: CollabSocket;
  readonly provider: CollabProvider;

  private state: SessionState;
  private readonly listeners = new Set<Listener>();
  private local: LocalEdits | null = null;
  /** The store holds edits of this document that the server has not confirmed. */
  private dirty = false;
  private records = 0;
  private writes: Promise<void> = Promise.resolve();
  private destroyed = false;
  private readonly reconnect: ReconnectAfterServerClose;

  private constructor(
    readonly reportId: string,
    readonly userId: string,
  ) {
    this.socket = createCollabSocket();
    this.reconnect = new ReconnectAfterServerClose(this.socket);
    this.provider = new CollabProvider(this.socket, reportId, { doc: this.doc });
    this.state = {
      snapshot: this.provider.current,
      online: navigator.onLine,
      everSynced: false,
      restored: 0,
      keptLocally: false,
      signedOut: false,
    };
  }

  static async open(reportId: string, userId: string): Promise<CollabSession> {
    const session = new CollabSession(reportId, userId);
    await session.restoreLocalEdits();
    session.start();
    return session;
  }

  get current(): SessionState {
    return this.state;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Drops the locally kept edits, e.g. after the server refused them and the user copied the text. */
  async discardLocalEdits(): Promise<void> {
    this.dirty = false;
    await this.track(async (local) => local.clear());
    this.set({ keptLocally: false });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
    this.reconnect.stop();
    this.socket.off('connect_error', this.onConnectError);
    this.doc.off('update', this.onDocUpdate);
    this.provider.destroy();
    this.socket.disconnect();
    const local = this.local;
    void this.writes.finally(() => local?.close());
    this.doc.destroy();
    this.listeners.clear();
  }

  private async restoreLocalEdits(): Promise<void> {
    try {
      this.local = await LocalEdits.open(`${this.userId}:${this.reportId}`);
      const updates = await this.local.load();
      // One update at a time, so the provider counts each as a change waiting to be sent.
      for (const update of updates) Y.applyUpdate(this.doc, update, this.local);
      if (updates.length > 0) {
        this.dirty = true;
        this.state = { ...this.state, restored: updates.length, keptLocally: true };
      }
    } catch (err) {
      // Private windows and some embedded browsers have no IndexedDB: edit without the safety net.
      console.warn('local edit store unavailable', err);
      this.local = null;
    }
  }

  private start(): void {
    if (this.destroyed) return;
    this.doc.on('update', this.onDocUpdate);
    this.provider.subscribe(this.onSnapshot);
    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
    this.socket.on('connect_error', this.onConnectError);
    this.socket.connect();
  }

  private set(patch: Partial<SessionState>): void {
    if (this.destroyed) return;
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private readonly onSnapshot = (snapshot: ProviderSnapshot): void => {
    const synced = snapshot.status === 'synced';
    if (this.dirty && synced && snapshot.unsaved === 0 && !snapshot.denied) {
      this.dirty = false;
      void this.track((local) => local.clear()).then(() => {
        if (!this.dirty) this.set({ keptLocally: false });
      });
    }
    if (synced) this.reconnect.reset();
    this.set({ snapshot, everSynced: this.state.everSynced || synced });
  };

  private readonly onConnectError = (err: Error): void => {
    // The handshake is refused without a valid session; retrying cannot help.
    if (err.message === 'unauthenticated') this.set({ signedOut: true });
  };

  private readonly onNetwork = (): void => {
    this.set({ online: navigator.onLine });
  };

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (!this.local) return;
    if (!this.dirty) {
      // Remote changes are the server's to keep; a period starts with the user's own edit.
      if (origin === this.provider) return;
      this.dirty = true;
      this.records = 1;
      this.writeWholeDocument();
      return;
    }
    this.records += 1;
    if (this.records > COMPACT_LOCAL_AFTER) {
      this.records = 1;
      this.writeWholeDocument();
    } else {
      void this.track((local) => local.append(update));
    }
  };

  private writeWholeDocument(): void {
    const state = Y.encodeStateAsUpdate(this.doc);
    void this.track((local) => local.replace(state)).then(() => {
      if (this.dirty) this.set({ keptLocally: true });
    });
  }

  /** Runs store operations one after another, in the order they were asked for. */
  private track(op: (local: LocalEdits) => Promise<void>): Promise<void> {
    const local = this.local;
    if (!local) return Promise.resolve();
    this.writes = this.writes.then(() => op(local)).catch((err: unknown) => console.warn('local edit store failed', err));
    return this.writes;
  }
}
