import { Injectable, Logger } from '@nestjs/common';
import {
  colourFor,
  contentHash,
  decodeSyncMessage,
  encodeStep1,
  encodeUpdate,
  isEmptyUpdate,
  type JoinAck,
  type NotificationDto,
  type ThreadDto,
  SYNC_STEP1,
} from '@review/shared';
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { TeamMembership } from '../teams/team-membership.js';
import type { CollabNamespace, CollabSocket, InterServerEvents } from './collab.types.js';
import { DocumentStore } from './document.store.js';
import { EditSessions } from './edit-sessions.js';
import { type RoomMember, Room, roomName, SeenUpdates } from './room.js';
import { TurnQueue } from './turn-queue.js';
import { type PendingUpdate, UnreadableDocumentError } from './room-state.js';
import { newWriteStream, type Refusal, UpdateWriter, type WriteOutcome } from './update-writer.js';
import { type CheckedUpdate, decodeAwareness, encodeAwareness, InvalidMessageError, validateUpdate } from './update-validation.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const COMPACT_AFTER_UPDATES = 500;
export const COMPACT_AFTER_BYTES = 1024 * 1024;
/** A room unloading with at least this many updates after the snapshot folds them in first. */
export const COMPACT_ON_UNLOAD_AFTER = 20;
/** The report's stored content hash is recomputed this long after the last stored edit… */
const HASH_SETTLE_MS = 500;
/** …or after this long, while edits keep coming. */
const HASH_MAX_WAIT_MS = 5_000;
/** Refused updates of one user in one report are audited at most once per this interval. */
const DENIED_AUDIT_INTERVAL_MS = 10_000;

/**
 * The rooms of this node and the rules of the sync protocol: who may join, which messages are
 * applied, stored and broadcast, and how nodes keep each other's rooms current.
 */
@Injectable()
export class CollabService {
  private readonly logger = new Logger('Collab');
  private nsp: CollabNamespace | undefined;
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  /** Updates from other nodes that arrive while a room is loading, applied once it is. */
  private readonly loadBuffers = new Map<string, Uint8Array[]>();
  private readonly editSessions: EditSessions;
  /** Broadcasts and acknowledgements of one turn, sent together. */
  private readonly turn = new TurnQueue();
  /** Per report and user: when a refusal was last audited, and how many were not since. */
  private readonly deniedAudit = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly store: DocumentStore,
    private readonly writer: UpdateWriter,
    private readonly audit: AuditService,
    private readonly teams: TeamMembership,
  ) {
    this.editSessions = new EditSessions(audit);
  }

  attach(nsp: CollabNamespace): void {
    this.nsp = nsp;
  }

  private get io(): CollabNamespace {
    if (!this.nsp) throw new Error('collab namespace not attached');
    return this.nsp;
  }

  get openRooms(): number {
    return this.rooms.size;
  }

  // ---- client messages ------------------------------------------------------------------

  async join(socket: CollabSocket, reportId: unknown): Promise<JoinAck> {
    if (typeof reportId !== 'string' || !UUID.test(reportId)) return { ok: false, error: 'invalid' };
    const user = socket.data.user;
    const meta = await this.store.reportAccessRow(reportId);
    if (!meta) return { ok: false, error: 'not_found' };
    const role = await this.teams.roleOf(meta.teamId, user.id);
    if (!role && !user.isAdmin) return { ok: false, error: 'not_found' };

    let room: Room;
    try {
      room = await this.room(reportId);
    } catch (err) {
      this.logger.error(`loading report ${reportId} failed: ${String(err)}`);
      return { ok: false, error: 'unavailable' };
    }
    if (!socket.connected) return { ok: false, error: 'unavailable' };
    clearTimeout(room.idleTimer);
    const existing = room.members.get(socket.id);
    const member: RoomMember = existing ?? {
      socketId: socket.id,
      userId: user.id,
      relation: room.relationOf(user.id, role),
      clientId: undefined,
      received: 0,
      chain: Promise.resolve(),
      stream: newWriteStream(),
    };
    room.members.set(socket.id, member);
    await socket.join(room.name);

    // The server's state vector, so the client answers with whatever the server lacks.
    socket.emit('sync', reportId, encodeStep1(room.state.stateVector()));
    const present = Array.from(room.awareness.getStates().keys());
    if (present.length > 0) socket.emit('awareness', reportId, encodeAwarenessUpdate(room.awareness, present));
    return { ok: true, access: room.accessOf(member), state: room.meta.state };
  }

  leave(socket: CollabSocket, reportId: unknown): void {
    if (typeof reportId !== 'string') throw new InvalidMessageError('leave needs a report id');
    const room = this.rooms.get(reportId);
    if (!room || !room.members.has(socket.id)) return;
    void socket.leave(room.name);
    this.removeMember(room, socket.id);
  }

  disconnected(socket: CollabSocket): void {
    for (const room of this.rooms.values()) {
      if (room.members.has(socket.id)) this.removeMember(room, socket.id);
    }
  }

  /** One y-protocols sync message from a client. Throws InvalidMessageError on malformed input. */
  sync(socket: CollabSocket, reportId: unknown, payload: Uint8Array): void {
    const { room, member } = this.membership(socket, reportId);
    let msg: ReturnType<typeof decodeSyncMessage>;
    try {
      msg = decodeSyncMessage(payload);
    } catch (err) {
      throw new InvalidMessageError(String(err));
    }
    if (msg.type === SYNC_STEP1) {
      let answer: Uint8Array;
      try {
        answer = room.state.step2For(msg.stateVector);
      } catch (err) {
        throw new InvalidMessageError(`bad state vector: ${String(err)}`);
      }
      socket.emit('sync', room.reportId, answer);
      return;
    }
    // A view into the socket's receive buffer (up to 64 KB): copied, so that neither the room
    // nor the writer thread's message holds on to (or copies) the whole buffer.
    const update = msg.update.slice();
    const checked = validateUpdate(update);
    member.received += 1;
    const count = member.received;

    if (isEmptyUpdate(update)) {
      this.settle(socket, room, member, count, Promise.resolve<WriteOutcome>(member.stream.refusedFor ?? 'stored'));
      return;
    }
    const refusal = member.stream.refusedFor ?? this.decide(room, member, checked);
    if (refusal) {
      member.stream.refusedFor = refusal;
      this.settle(socket, room, member, count, Promise.resolve<WriteOutcome>(refusal));
      return;
    }
    const entry: PendingUpdate = { update, stream: member.stream };
    room.state.admit(entry, socket.id);
    room.seen?.add(update);
    room.inFlightWrites += 1;
    const claims = checked.clients.filter((c) => room.owners.get(c) !== member.userId);
    const write = this.writer.write({ reportId: room.reportId, userId: member.userId, data: update, claims }, member.stream);
    this.settle(socket, room, member, count, write, { entry, checked });
  }

  /**
   * May the member's update be stored, as far as this node knows: edit access in the report's
   * state, and no items of a Yjs client that another user owns. The store decides again under
   * the report's row lock, with what is committed.
   */
  private decide(room: Room, member: RoomMember, checked: CheckedUpdate): Refusal | undefined {
    if (room.accessOf(member) !== 'edit') return 'no_edit_access';
    for (const client of checked.clients) {
      const owner = room.owners.get(client);
      if (owner !== undefined && owner !== member.userId) return 'foreign_items';
    }
    return undefined;
  }

  /** One awareness update from a client: its identity is replaced by the server's. */
  awareness(socket: CollabSocket, reportId: unknown, payload: Uint8Array): void {
    const { room, member } = this.membership(socket, reportId);
    const entries = decodeAwareness(payload);
    const user = socket.data.user;
    for (const entry of entries) {
      member.clientId ??= entry.clientId;
      if (entry.clientId !== member.clientId) throw new InvalidMessageError('awareness for another client');
      if (entry.state) {
        entry.state.user = { id: user.id, name: user.displayName, color: colourFor(user.id) };
      }
    }
    const stamped = encodeAwareness(entries);
    applyAwarenessUpdate(room.awareness, stamped, socket.id);
    this.io.local.to(room.name).except(socket.id).emit('awareness', room.reportId, stamped);
    this.toOtherNodes('collab:awareness', room.reportId, stamped);
  }

  // ---- other nodes ------------------------------------------------------------------------

  /** Updates another node (or this one, for server-made content) applied to the report. */
  remoteUpdates(reportId: string, updates: Uint8Array[]): void {
    const buffer = this.loadBuffers.get(reportId);
    if (buffer) buffer.push(...updates);
    const room = this.rooms.get(reportId);
    if (room) this.passOn(room, updates);
  }

  /** Adds updates checked elsewhere to the room and sends them, merged, to its sockets here. */
  private passOn(room: Room, updates: Uint8Array[]): void {
    if (updates.length === 0) return;
    for (const update of updates) {
      room.state.append(update);
      room.seen?.add(update);
    }
    this.io.local.to(room.name).emit('sync', room.reportId, encodeUpdate(mergeAll(updates)));
  }

  remoteAwareness(reportId: string, payload: Uint8Array): void {
    const room = this.rooms.get(reportId);
    if (!room) return;
    applyAwarenessUpdate(room.awareness, payload, 'remote');
    this.io.local.to(room.name).emit('awareness', reportId, payload);
  }

  /**
   * The report's workflow state or parties changed: re-read them and tell every socket on this
   * node its new access. Call through `announceState` so that every node does it.
   */
  async refreshState(reportId: string): Promise<void> {
    const room = this.rooms.get(reportId);
    if (!room) return;
    const meta = await this.store.reportAccessRow(reportId);
    if (!meta) return;
    room.meta = meta;
    for (const member of [...room.members.values()]) {
      const socket = this.io.sockets.get(member.socketId);
      const role = await this.teams.roleOf(meta.teamId, member.userId);
      if (!role && !socket?.data.user.isAdmin) {
        // No longer in the team: out of the room, and the connection is dropped so that the
        // client reconnects and rejoins, which is then refused (not_found) like any outsider's.
        this.removeMember(room, member.socketId);
        if (socket) {
          void socket.leave(room.name);
          socket.conn.close();
        }
        continue;
      }
      member.relation = room.relationOf(member.userId, role);
      socket?.emit('state', reportId, {
        state: meta.state,
        revision: meta.revision,
        access: room.accessOf(member),
      });
    }
  }

  /** A team's memberships or roles changed: every node re-reads the access in its rooms of that team. */
  async announceTeam(teamId: string): Promise<void> {
    if (!this.nsp) return; // not serving sockets yet (start-up seeding)
    this.toOtherNodes('collab:team', teamId);
    await this.refreshTeam(teamId);
  }

  async refreshTeam(teamId: string): Promise<void> {
    for (const room of [...this.rooms.values()]) {
      if (room.meta.teamId === teamId) await this.refreshState(room.reportId);
    }
  }

  /** Every node re-reads the report's state and pushes `state` to its sockets. */
  async announceState(reportId: string): Promise<void> {
    this.toOtherNodes('collab:state', reportId);
    await this.refreshState(reportId);
  }

  /**
   * Multi-node safety net: applies whatever the database holds beyond each room's last known
   * seq. Node-to-node messages can be missed (a node starting up, a Redis hiccup); the log
   * cannot, so every room converges to the stored truth within one catch-up interval.
   */
  async catchUp(): Promise<void> {
    const rooms = [...this.rooms.values()];
    const rows = await this.store.updatesAfter(rooms.map((r) => ({ reportId: r.reportId, seq: r.lastSeq })));
    const missed = new Map<Room, Uint8Array[]>();
    for (const row of rows) {
      const room = this.rooms.get(row.reportId);
      if (!room) continue;
      room.lastSeq = Math.max(room.lastSeq, row.seq);
      if (room.seen?.take(row.data)) continue;
      missed.set(room, [...(missed.get(room) ?? []), row.data]);
    }
    for (const [room, updates] of missed) this.passOn(room, updates);
  }

  /**
   * Content made on the server (restore, template, import) and already committed: every node
   * applies it to its room and passes it to the clients there.
   */
  applyServerUpdate(reportId: string, update: Uint8Array): void {
    this.remoteUpdates(reportId, [update]);
    this.toOtherNodes('collab:update', reportId, [update]);
  }

  /**
   * Runs `fn` on the freshest copy of the document this node has: the open room if there is
   * one, else the stored document. `fn` must not keep the doc.
   */
  async withDocument<T>(reportId: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = this.rooms.get(reportId);
    return room ? this.readRoom(room, fn) : this.readStored(reportId, fn);
  }

  /** `fn` on the room's document; from the log when Yjs cannot read the room's merged form. */
  private async readRoom<T>(room: Room, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    try {
      return await room.state.read(fn);
    } catch (err) {
      if (!(err instanceof UnreadableDocumentError)) throw err;
      this.logger.warn(`report ${room.reportId}: reading the stored log instead of the room (${err.message})`);
      return this.readStored(room.reportId, fn);
    }
  }

  private async readStored<T>(reportId: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const doc = await this.store.loadDoc(reportId);
    try {
      return await fn(doc);
    } finally {
      doc.destroy();
    }
  }

  /** A thread was created or changed: everyone with the report open, on every node. */
  emitThread(reportId: string, thread: ThreadDto): void {
    this.io.to(roomName(reportId)).emit('thread', reportId, thread);
  }

  /** The report's versions or audit trail changed: everyone with it open refetches them. */
  emitActivity(reportId: string): void {
    this.io.to(roomName(reportId)).emit('activity', reportId);
  }

  /** To every socket of the user, on every node. */
  emitNotification(userId: string, notification: NotificationDto): void {
    this.io.to(`user:${userId}`).emit('notification', notification);
  }

  /** Writes this node's open edit sessions of the report to the audit trail now. */
  closeEditSessions(reportId: string): Promise<void> {
    return this.editSessions.closeReport(reportId);
  }

  /** Audits a refused update; a stream of refusals is recorded once per interval with a count. */
  private auditDenied(reportId: string, userId: string, reason: string): void {
    const key = `${reportId}|${userId}`;
    const now = Date.now();
    const last = this.deniedAudit.get(key);
    if (last && now - last.at < DENIED_AUDIT_INTERVAL_MS) {
      last.suppressed += 1;
      return;
    }
    this.deniedAudit.set(key, { at: now, suppressed: 0 });
    if (this.deniedAudit.size > 10_000) {
      for (const [k, v] of this.deniedAudit) if (now - v.at >= DENIED_AUDIT_INTERVAL_MS) this.deniedAudit.delete(k);
    }
    const details: Record<string, unknown> = { attempt: 'edit', reason, via: 'collab' };
    if (last?.suppressed) details.alsoRefusedBefore = last.suppressed;
    this.audit.recordInBackground(reportId, userId, 'denied', details);
  }

  // ---- internals --------------------------------------------------------------------------

  /**
   * A message for the other API nodes. Without Redis there are none, and Socket.IO's in-memory
   * adapter would only warn on every call (measured: 5 % of the server's time under load).
   */
  private toOtherNodes<E extends keyof InterServerEvents>(event: E, ...args: Parameters<InterServerEvents[E]>): void {
    if (this.config.redisUrl === undefined) return;
    (this.io.serverSideEmit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
  }

  private membership(socket: CollabSocket, reportId: unknown): { room: Room; member: RoomMember } {
    if (typeof reportId !== 'string') throw new InvalidMessageError('missing report id');
    const room = this.rooms.get(reportId);
    const member = room?.members.get(socket.id);
    if (!room || !member) throw new InvalidMessageError(`not joined to report ${reportId.slice(0, 40)}`);
    return { room, member };
  }

  private room(reportId: string): Promise<Room> {
    const open = this.rooms.get(reportId);
    if (open) return Promise.resolve(open);
    let pending = this.loading.get(reportId);
    if (!pending) {
      pending = this.load(reportId).finally(() => this.loading.delete(reportId));
      this.loading.set(reportId, pending);
    }
    return pending;
  }

  private async load(reportId: string): Promise<Room> {
    const buffer: Uint8Array[] = [];
    this.loadBuffers.set(reportId, buffer);
    try {
      const meta = await this.store.reportAccessRow(reportId);
      if (!meta) throw new Error('report vanished while loading');
      const state = await this.store.loadState(reportId);
      const room = new Room(reportId, meta, [...state.updates, ...buffer]);
      if (this.config.redisUrl !== undefined) {
        room.seen = new SeenUpdates();
        for (const u of buffer) room.seen.add(u);
      }
      room.lastSeq = state.lastSeq;
      room.tailCount = state.tailCount;
      room.tailBytes = state.tailBytes;
      this.rooms.set(reportId, room);
      return room;
    } finally {
      this.loadBuffers.delete(reportId);
    }
  }

  private removeMember(room: Room, socketId: string): void {
    const member = room.members.get(socketId);
    if (!member) return;
    room.members.delete(socketId);
    if (member.clientId !== undefined && room.awareness.getStates().has(member.clientId)) {
      removeAwarenessStates(room.awareness, [member.clientId], 'server');
      const gone = encodeAwarenessUpdate(room.awareness, [member.clientId]);
      this.io.local.to(room.name).emit('awareness', room.reportId, gone);
      this.toOtherNodes('collab:awareness', room.reportId, gone);
    }
    if (room.members.size === 0) this.scheduleUnload(room);
  }

  private scheduleUnload(room: Room): void {
    clearTimeout(room.idleTimer);
    room.idleTimer = setTimeout(() => {
      if (room.members.size > 0) return;
      if (room.inFlightWrites > 0) return this.scheduleUnload(room);
      if (this.rooms.get(room.reportId) === room) this.rooms.delete(room.reportId);
      void this.editSessions.closeReport(room.reportId);
      // A pending hash refresh means edits were stored since the last one.
      if (room.hashTimer) void this.refreshHash(room).finally(() => room.destroy());
      else room.destroy();
      // The next load reads one snapshot instead of replaying the tail.
      if (room.tailCount >= COMPACT_ON_UNLOAD_AFTER && !room.compacting) {
        this.store.compact(room.reportId).catch((err: unknown) => this.logger.warn(`compacting ${room.reportId} failed: ${String(err)}`));
      }
    }, this.config.collabIdleMs);
    room.idleTimer.unref();
  }

  private queueBroadcast(room: Room, update: Uint8Array, from: string): void {
    room.outbox.push({ update, from });
    if (room.outbox.length > 1) return;
    this.turn.defer(() => {
      const batch = room.outbox;
      room.outbox = [];
      const updates = batch.map((b) => b.update);
      const senders = new Set(batch.map((b) => b.from));
      const message = encodeUpdate(mergeAll(updates));
      const target = this.io.local.to(room.name);
      const [only] = senders;
      (senders.size === 1 && only ? target.except(only) : target).emit('sync', room.reportId, message);
      this.toOtherNodes('collab:update', room.reportId, updates);
    });
  }

  /**
   * Once the store decided (in arrival order per socket): a stored update joins the committed
   * document, goes out to the room and other nodes, and is acknowledged; a refused one leaves
   * the room's document and reaches nobody, and the sender is told `denied`.
   */
  private settle(
    socket: CollabSocket,
    room: Room,
    member: RoomMember,
    count: number,
    write: Promise<WriteOutcome>,
    admitted?: { entry: PendingUpdate; checked: CheckedUpdate },
  ): void {
    member.chain = member.chain.then(async () => {
      const outcome = await write;
      if (admitted) {
        room.inFlightWrites -= 1;
        room.state.settle(admitted.entry, outcome === 'stored');
      }
      if (outcome === 'failed') return;
      if (outcome !== 'stored') {
        socket.emit('denied', room.reportId, { reason: outcome });
        this.auditDenied(room.reportId, member.userId, outcome);
        return;
      }
      if (admitted) {
        for (const client of admitted.checked.clients) room.owners.set(client, member.userId);
        this.queueBroadcast(room, admitted.entry.update, socket.id);
        this.afterStored(room, admitted.entry.update.byteLength);
        this.editSessions.note(room.reportId, member.userId, admitted.checked);
      }
      this.acknowledge(socket, room, member, count);
    });
  }

  /**
   * `saved` says "your updates so far are stored", so the updates of one socket committed
   * together are acknowledged with one message carrying the highest count.
   */
  private acknowledge(socket: CollabSocket, room: Room, member: RoomMember, count: number): void {
    member.savedCount = Math.max(member.savedCount ?? 0, count);
    if (member.savedScheduled) return;
    member.savedScheduled = true;
    this.turn.defer(() => {
      member.savedScheduled = false;
      socket.emit('saved', room.reportId, { count: member.savedCount ?? count });
    });
  }

  private afterStored(room: Room, bytes: number): void {
    room.tailCount += 1;
    room.tailBytes += bytes;
    // The stored content hash follows the text HASH_SETTLE_MS after the last stored edit, and at
    // least every HASH_MAX_WAIT_MS while people keep typing.
    const now = Date.now();
    if (!room.hashTimer) {
      room.hashDueBy = now + HASH_MAX_WAIT_MS;
      room.hashTimer = setTimeout(() => {
        room.hashTimer = undefined;
        void this.refreshHash(room);
      }, HASH_SETTLE_MS);
      room.hashTimer.unref();
    } else if (now + HASH_SETTLE_MS < room.hashDueBy) {
      room.hashTimer.refresh();
    }
    if (!room.compacting && (room.tailCount >= COMPACT_AFTER_UPDATES || room.tailBytes >= COMPACT_AFTER_BYTES)) {
      room.compacting = true;
      room.tailCount = 0;
      room.tailBytes = 0;
      this.store
        .compact(room.reportId)
        .catch((err: unknown) => this.logger.error(`compacting ${room.reportId} failed: ${String(err)}`))
        .finally(() => (room.compacting = false));
    }
  }

  private async refreshHash(room: Room): Promise<void> {
    try {
      clearTimeout(room.hashTimer);
      room.hashTimer = undefined;
      // The hash of what is stored: updates still pending may yet be refused.
      const hash = room.state.pendingCount === 0 ? await this.readRoom(room, contentHash) : await room.state.readCommitted(contentHash);
      await this.store.updateContentHash(room.reportId, hash);
    } catch (err) {
      this.logger.warn(`updating the content hash of ${room.reportId} failed: ${String(err)}`);
    }
  }

  /** Stops taking updates and commits what was acknowledged-pending (SIGTERM). */
  async shutdown(): Promise<void> {
    await this.writer.stop();
    await this.editSessions.closeAll();
    for (const room of this.rooms.values()) {
      if (room.hashTimer) await this.refreshHash(room);
      room.destroy();
    }
    this.rooms.clear();
  }
}

/** One update for several (the update itself when there is only one). */
function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
}
