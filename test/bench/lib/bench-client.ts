import {
  type CollabSocket,
  decodeSyncMessage,
  encodeStep1,
  encodeUpdate,
  FRAGMENT,
  type JoinAck,
  SYNC_STEP2,
  SYNC_UPDATE,
  toUint8Array,
} from '@review/shared';
import * as Y from 'yjs';
import { connectCollab, withTimeout } from '../../support/collab.js';

export const nowNs = (): bigint => process.hrtime.bigint();

/** Origin of updates this client applies from the server: they must not be sent back. */
const REMOTE = Symbol('remote');

/**
 * A light /collab client speaking raw y-protocols sync messages. Unlike CollabProvider it
 * does not apply what it receives (many of them share one thread): it hands each incoming
 * update to `onUpdate` with its arrival time and keeps a local Y.Doc only for its own edits.
 */
export class BenchClient {
  readonly socket: CollabSocket;
  /** Local document: the state pulled at join plus this client's own edits. */
  doc: Y.Doc | undefined;
  sent = 0;
  saved = 0;
  denied = 0;
  lostConnection = false;
  receivedBytes = 0;
  onUpdate: ((update: Uint8Array, at: bigint) => void) | undefined;
  onSaved: ((count: number, at: bigint) => void) | undefined;
  private step2: ((update: Uint8Array) => void) | undefined;
  /** While set, local updates are encoded and kept here instead of sent (see `hold`). */
  private held: Uint8Array[] | undefined;

  constructor(
    url: string,
    cookie: string,
    readonly reportId: string,
  ) {
    this.socket = connectCollab(url, undefined, { cookie });
    // A silent reconnect would skew every counter: a lost connection is reported instead.
    this.socket.io.reconnection(false);
    this.socket.on('disconnect', () => (this.lostConnection = true));
    this.socket.on('sync', (reportId, payload) => {
      const at = nowNs();
      const bytes = toUint8Array(payload);
      if (reportId !== this.reportId || !bytes) return;
      this.receivedBytes += bytes.byteLength;
      const type = bytes[0];
      if (type !== SYNC_UPDATE && type !== SYNC_STEP2) return;
      if (type === SYNC_UPDATE && !this.onUpdate) return; // nobody looks at it: not decoded
      const msg = decodeSyncMessage(bytes);
      if (!('update' in msg)) return;
      if (type === SYNC_UPDATE) this.onUpdate?.(msg.update, at);
      else {
        const waiter = this.step2;
        this.step2 = undefined;
        waiter?.(msg.update);
      }
    });
    this.socket.on('saved', (reportId, info) => {
      if (reportId !== this.reportId) return;
      this.saved = Math.max(this.saved, info.count);
      this.onSaved?.(this.saved, nowNs());
    });
    this.socket.on('denied', () => (this.denied += 1));
  }

  connected(): Promise<void> {
    return withTimeout(
      new Promise<void>((resolve, reject) => {
        if (this.socket.connected) return resolve();
        this.socket.once('connect', () => resolve());
        this.socket.once('connect_error', (err: Error & { description?: unknown }) => {
          const cause = err.description instanceof Error ? err.description.message : String(err.description ?? '');
          reject(new Error(`socket did not connect: ${err.message} ${cause}`.trim()));
        });
      }),
      30_000,
      'socket did not connect',
    );
  }

  async join(): Promise<void> {
    const ack = await withTimeout(
      new Promise<JoinAck>((resolve) => this.socket.emit('join', { reportId: this.reportId }, resolve)),
      30_000,
      'join was not acknowledged',
    );
    if (!ack.ok) throw new Error(`join refused: ${ack.error}`);
  }

  /**
   * Asks for what the server has beyond our state vector (sync step 1) and waits for the answer
   * (step 2). With `keep`, the answer is applied to the local document.
   */
  async pull(keep: boolean): Promise<Uint8Array> {
    const sv = this.doc ? Y.encodeStateVector(this.doc) : new Uint8Array([0]);
    const answer = withTimeout(
      new Promise<Uint8Array>((resolve) => (this.step2 = resolve)),
      60_000,
      'sync step 2 did not arrive',
    );
    this.socket.emit('sync', this.reportId, encodeStep1(sv));
    const update = await answer;
    if (keep && this.doc) Y.applyUpdate(this.doc, update, REMOTE);
    return update;
  }

  /** A local document whose own edits are sent as they happen; `clientId` makes its items traceable. */
  makeDoc(clientId?: number): Y.Doc {
    const doc = new Y.Doc();
    if (clientId !== undefined) doc.clientID = clientId;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.sendUpdate(update);
    });
    this.doc = doc;
    return doc;
  }

  applyRemote(update: Uint8Array): void {
    if (this.doc) Y.applyUpdate(this.doc, update, REMOTE);
  }

  sendUpdate(update: Uint8Array): void {
    const message = encodeUpdate(update);
    if (this.held) this.held.push(message);
    else this.send(message);
  }

  /** Prepares edits without sending them: `release` then sends them all at once. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    for (const message of this.takeHeld()) this.send(message);
  }

  /** Stops holding and hands over the held messages, to be sent later one by one with `send`. */
  takeHeld(): Uint8Array[] {
    const held = this.held ?? [];
    this.held = undefined;
    return held;
  }

  /** Sends a sync message made earlier (see `hold`). */
  send(message: Uint8Array): void {
    this.sent += 1;
    this.socket.emit('sync', this.reportId, message);
  }

  close(): void {
    this.onUpdate = undefined;
    this.onSaved = undefined;
    this.socket.disconnect();
    this.doc?.destroy();
  }
}

/** The text of paragraph `index` of the document's fragment. */
export function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  const para = doc.getXmlFragment(FRAGMENT).get(index);
  const text = para instanceof Y.XmlElement ? para.get(0) : undefined;
  if (!(text instanceof Y.XmlText)) throw new Error(`paragraph ${index} holds no text`);
  return text;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  });
  await Promise.all(lanes);
}

/** Characters typed by the benchmark clients: Chinese, like the reports. */
const CHARS = '对照检查材料学习体会及问题检视党性分析报告存在问题原因剖析整改措施思想政治站位不高';
export const charAt = (i: number): string => CHARS[i % CHARS.length] ?? '文';
