import { encodeStep2, FRAGMENT } from '@review/shared';
import * as Y from 'yjs';
import { replayUpdates } from '../../documents/index.js';
import { checkIntegrated, InvalidMessageError } from '../pipeline/update-validation.js';
import { refusalOf, type WriteStream } from '../pipeline/write-stream.js';

/** Updates appended to a cold document are folded into its base once there are this many… */
const MERGE_AFTER_UPDATES = 256;
/** …or once they hold this many bytes (and at least as many as the base). */
const MERGE_AFTER_BYTES = 256 * 1024;
/** A live Y.Doc nobody edited or read for this long is encoded again and dropped. */
export const DOC_IDLE_MS = 10_000;

/** An update that changes nothing (no structs, no deletions): what a re-sent update comes to. */
export const EMPTY_UPDATE: Uint8Array = Uint8Array.of(0, 0);

/** A client update admitted to the live document and waiting for the store's decision. */
export interface PendingUpdate {
  /**
   * What the update did to the document: set by `admit` to the update Yjs integrated (the
   * document's own encoding of the change), EMPTY_UPDATE when it held nothing new. This, not
   * the client's bytes, is what is stored and sent on.
   */
  update: Uint8Array;
  /** Its sender's stream and its number there: from a refused message on, the stream is refused. */
  readonly stream: WriteStream;
  readonly count: number;
  /** Set when a rebuild of the live document could not apply it. */
  lost?: boolean;
}

/**
 * A room's document. While people edit it (or the server reads it) it is a live Y.Doc, and every
 * client update is admitted to it first: Yjs integrating an update is the last check that the
 * update is sound, so one it cannot integrate is refused, not stored. An admitted update is
 * pending until the store decides: stored, it becomes part of the committed document; refused,
 * it leaves no trace. Everything the room gives out (state vector, step 2 answers) is the
 * committed document only, so no client is ever sent what the store may still refuse.
 * When nobody has edited or read it for a while, the Y.Doc is encoded and dropped: everything
 * the sync protocol asks of a quiet document works on the encoded form, which costs about a
 * tenth of the memory of the Y.Doc.
 */
export class RoomState {
  /** The committed document plus the pending updates, in the order they were admitted. */
  private doc: Y.Doc | undefined;
  private pending: PendingUpdate[] = [];
  private pendingBytes = 0;
  /**
   * The committed document encoded, kept in both modes: a merged state as a ready sync step 2
   * message (`base` is a view of its payload) and the updates committed since. A live doc is
   * always exactly base + appended + pending, so a doc is rebuilt from them when an update is
   * refused.
   */
  private step2!: Uint8Array;
  private base!: Uint8Array;
  private appended: Uint8Array[] = [];
  private appendedBytes = 0;
  /** Caches of the committed document until it next changes: state vector and whole-document step 2. */
  private vector: Uint8Array | undefined;
  private clocks: Map<number, number> | undefined;
  private fullStep2: Uint8Array | undefined;
  private leases = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  /** The log, applied one update after another (as the room applied them), then encoded. */
  constructor(updates: Uint8Array[]) {
    this.setBase(mergeByReplay(updates));
  }

  /**
   * A client's update: applied to the live document (made if the document was cold) and pending
   * until `settle`. Throws InvalidMessageError when Yjs cannot integrate it, or what it added
   * landed where the report schema has no place for it (checkIntegrated); the live document is
   * then dropped (the next use rebuilds it), so a refused update leaves no trace.
   *
   * The entry's update becomes what Yjs integrated: a client's update may repeat items the
   * document has (a re-send), or carry items under ids the document already holds with other
   * content; Yjs skips those, and storing the client's bytes would let a merge or a replay in
   * another grouping pick them up where the live document did not. What is stored, compacted and
   * sent on is therefore exactly what the live document took.
   */
  admit(entry: PendingUpdate, origin: unknown): void {
    const update = entry.update;
    const doc = this.document();
    this.scheduleIdle();
    const settled = doc.store.pendingStructs === null && doc.store.pendingDs === null;
    const transactions: Y.Transaction[] = [];
    const effective: Uint8Array[] = [];
    const seen = (tr: Y.Transaction) => transactions.push(tr);
    const took = (u: Uint8Array) => effective.push(u);
    doc.on('afterTransaction', seen);
    doc.on('update', took);
    try {
      try {
        Y.applyUpdate(doc, update, origin);
      } catch (err) {
        throw new InvalidMessageError(`update does not integrate: ${String(err)}`);
      }
      checkIntegrated(doc, transactions);
      // A client only builds on what it received from this room, so its update integrates fully.
      // One that leaves structs or deletions waiting for content the document does not have is
      // refused: Yjs would keep it pending, and pending content encoded, merged and replayed in
      // another grouping can come out differently (or not at all) than it did here.
      if (settled && (doc.store.pendingStructs !== null || doc.store.pendingDs !== null)) {
        throw new InvalidMessageError('update depends on content the document does not have');
      }
    } catch (err) {
      this.dropDoc();
      throw err;
    } finally {
      doc.off('afterTransaction', seen);
      doc.off('update', took);
    }
    entry.update = effective.length === 0 ? EMPTY_UPDATE : effective.length === 1 ? (effective[0] as Uint8Array) : Y.mergeUpdates(effective);
    if (entry.update === EMPTY_UPDATE) return;
    this.pending.push(entry);
    this.pendingBytes += entry.update.byteLength;
  }

  /**
   * The store decided on an admitted update: stored, it is committed; refused, it is taken out
   * (the live document is rebuilt from the committed form and the updates still pending).
   */
  settle(entry: PendingUpdate, stored: boolean): void {
    if (entry.update === EMPTY_UPDATE) return;
    const at = this.pending.indexOf(entry);
    if (at < 0) return;
    this.pending.splice(at, 1);
    this.pendingBytes -= entry.update.byteLength;
    // Stored but left out of a rebuild: the next use rebuilds the document with it, as committed.
    if (!stored || entry.lost) this.dropDoc();
    if (stored) this.added(entry.update);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Bytes of the document encoded, with what is pending. By default an upper bound (updates not
   * yet merged count in full, deleted text too); `exact` merges the committed part first.
   */
  encodedBytes(exact = false): number {
    if (exact) {
      if (this.committedDoc() && this.doc) this.setBase(Y.encodeStateAsUpdate(this.doc));
      else this.fold();
    }
    return this.base.byteLength + this.appendedBytes + this.pendingBytes;
  }

  /** Characters of text in the live document, pending updates included. */
  textLength(): number {
    return textLengthOf(this.document().getXmlFragment(FRAGMENT));
  }

  /** An update already checked and stored elsewhere (another node, the log, content made by the server). */
  append(update: Uint8Array): void {
    if (this.doc) {
      try {
        Y.applyUpdate(this.doc, update, 'remote');
      } catch {
        this.dropDoc();
      }
    }
    this.added(update);
  }

  /** The committed document's state vector. */
  stateVector(): Uint8Array {
    if (!this.vector) {
      if (this.committedDoc()) this.vector = Y.encodeStateVector(this.doc as Y.Doc);
      else {
        this.fold();
        this.vector = Y.encodeStateVectorFromUpdate(this.base);
      }
    }
    return this.vector;
  }

  /** The sync step 2 answer for a client with state vector `vector`: whatever of the committed document it lacks. */
  step2For(vector: Uint8Array): Uint8Array {
    const empty = vector.length === 1 && vector[0] === 0;
    if (this.committedDoc() && this.doc) {
      if (!empty) return encodeStep2(Y.encodeStateAsUpdate(this.doc, vector));
      this.fullStep2 ??= encodeStep2(Y.encodeStateAsUpdate(this.doc));
      return this.fullStep2;
    }
    this.fold();
    return empty ? this.step2 : encodeStep2(Y.diffUpdate(this.base, vector));
  }

  /** The clock after the last committed item of Yjs client `client` (0 when it has none). */
  clockOf(client: number): number {
    if (this.committedDoc() && this.doc) return Y.getState(this.doc.store, client);
    this.clocks ??= Y.decodeStateVector(this.stateVector());
    return this.clocks.get(client) ?? 0;
  }

  /**
   * Runs `fn` on the live Y.Doc, which also holds the updates still being stored. `fn` must not
   * keep the doc or change it; the doc stays alive while `fn` runs, however long it awaits.
   */
  async read<T>(fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const doc = this.document();
    this.leases += 1;
    try {
      return await fn(doc);
    } finally {
      this.leases -= 1;
      this.scheduleIdle();
    }
  }

  /** Runs `fn` on the committed document only (a document of its own while updates are pending). */
  async readCommitted<T>(fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    if (this.pending.length === 0) return this.read(fn);
    this.fold();
    const doc = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(doc, this.base);
      return await fn(doc);
    } finally {
      doc.destroy();
    }
  }

  destroy(): void {
    clearTimeout(this.idleTimer);
    this.dropDoc();
    this.appended = [];
    this.pending = [];
    this.pendingBytes = 0;
    this.vector = this.fullStep2 = this.clocks = undefined;
  }

  /** The live doc when it holds exactly the committed document (nothing pending). */
  private committedDoc(): boolean {
    return this.doc !== undefined && this.pending.length === 0;
  }

  private added(update: Uint8Array): void {
    this.vector = undefined;
    this.clocks = undefined;
    this.fullStep2 = undefined;
    this.appended.push(update);
    this.appendedBytes += update.byteLength;
    if (
      this.appended.length >= MERGE_AFTER_UPDATES ||
      (this.appendedBytes >= MERGE_AFTER_BYTES && this.appendedBytes >= this.base.byteLength)
    ) {
      if (this.committedDoc() && this.doc) this.setBase(Y.encodeStateAsUpdate(this.doc));
      else this.fold();
    }
  }

  private document(): Y.Doc {
    if (this.doc) return this.doc;
    const fromBase = () => {
      const doc = new Y.Doc({ gc: true });
      try {
        Y.applyUpdate(doc, this.base);
      } catch (err) {
        doc.destroy();
        throw new UnreadableDocumentError(String(err));
      }
      return doc;
    };
    // The appended updates one by one, as the log is replayed, rather than merged first; then
    // what is still pending, but nothing from a refused message of its sender on.
    const doc = replayUpdates(fromBase, this.appended, 'remote');
    for (const entry of this.pending) {
      if (refusalOf(entry.stream, entry.count)) continue;
      try {
        Y.applyUpdate(doc, entry.update, 'pending');
        entry.lost = false;
      } catch {
        // Integrated once already; should it fail now and be stored all the same, `settle`
        // rebuilds the document with it.
        entry.lost = true;
      }
    }
    this.doc = doc;
    this.scheduleIdle();
    return doc;
  }

  private dropDoc(): void {
    const doc = this.doc;
    this.doc = undefined;
    this.vector = this.fullStep2 = this.clocks = undefined;
    doc?.destroy();
  }

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.cool(), DOC_IDLE_MS);
    this.idleTimer.unref();
  }

  /** Encodes the live document (without what garbage collection removed) and drops it. */
  private cool(): void {
    if (!this.doc) return;
    if (this.leases > 0 || this.pending.length > 0) return this.scheduleIdle();
    this.setBase(Y.encodeStateAsUpdate(this.doc));
    this.dropDoc();
  }

  private setBase(update: Uint8Array): void {
    this.step2 = encodeStep2(update);
    this.base = payloadOf(this.step2);
    this.appended = [];
    this.appendedBytes = 0;
  }

  /** Merges the appended updates into the base (encoded form only). */
  private fold(): void {
    if (this.appended.length === 0) return;
    this.setBase(mergeRobustly([this.base, ...this.appended]));
  }
}

/**
 * Yjs could not integrate the merged form of the room's updates (seen only with fuzzed input whose
 * structs stay pending when applied one by one): read the document from the log instead.
 */
export class UnreadableDocumentError extends Error {}

/** The payload of a sync message (type, then a length-prefixed update) as a view, not a copy. */
function payloadOf(message: Uint8Array): Uint8Array {
  let pos = 1; // the message type is a one-byte varuint
  while ((message[pos] ?? 0) & 0x80) pos += 1;
  return message.subarray(pos + 1);
}

/**
 * Merges encoded updates. What a room holds was integrated by a live Y.Doc first, so merging
 * is not expected to fail; should it, the document is replayed through a Y.Doc, which keeps every
 * update it can apply, rather than losing the room.
 */
function mergeRobustly(updates: Uint8Array[]): Uint8Array {
  if (updates.length <= 1) return mergeByReplay(updates);
  try {
    return Y.mergeUpdates(updates);
  } catch {
    return mergeByReplay(updates);
  }
}

/**
 * The updates applied one by one to a Y.Doc, as the room applied them, and encoded: how a room
 * is loaded from the log, so that its document is the log's replay by construction.
 */
function mergeByReplay(updates: Uint8Array[]): Uint8Array {
  if (updates.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
  if (updates.length === 1) return updates[0] as Uint8Array;
  const doc = replayUpdates(() => new Y.Doc({ gc: true }), updates);
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}

/** Characters of the text under `node`: a walk over elements only (a text's length is kept by Yjs). */
function textLengthOf(node: Y.XmlFragment | Y.XmlElement): number {
  let n = 0;
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) n += child.length;
    else if (child instanceof Y.XmlElement) n += textLengthOf(child);
  }
  return n;
}
