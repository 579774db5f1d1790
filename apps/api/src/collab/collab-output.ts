import { Injectable } from '@nestjs/common';
import type { DeniedReason, NotificationDto, StateInfo, ThreadDto } from '@review/shared';
import { AppConfig } from '../config/app-config.js';
import { type CollabNamespace, type CollabSocket, type InterServerEvents, sessionRoom, userRoom } from './collab.types.js';
import { roomName } from './rooms/room.js';
import { TurnQueue } from './turn-queue.js';

/**
 * Everything the collaboration server sends goes through here: to one socket, to the sockets of a
 * report on this node or on every node, to a user, and to the other API nodes. The gateway hands
 * over the namespace when Socket.IO is up.
 */
@Injectable()
export class CollabOutput {
  private nsp: CollabNamespace | undefined;
  /** Broadcasts and acknowledgements of one turn, sent together (see TurnQueue). */
  private readonly turn = new TurnQueue();

  constructor(private readonly config: AppConfig) {}

  attach(nsp: CollabNamespace): void {
    this.nsp = nsp;
  }

  /** Serving sockets yet (not during start-up seeding, nor in the CLI). */
  get ready(): boolean {
    return this.nsp !== undefined;
  }

  get multiNode(): boolean {
    return this.config.redisUrl !== undefined;
  }

  private get io(): CollabNamespace {
    if (!this.nsp) throw new Error('the collab namespace is not attached');
    return this.nsp;
  }

  /** A socket of this node, if it is still connected. */
  socket(socketId: string): CollabSocket | undefined {
    return this.nsp?.sockets.get(socketId);
  }

  /** This node's sockets. */
  localSockets(): CollabSocket[] {
    return this.nsp ? [...this.nsp.sockets.values()] : [];
  }

  /** Runs `task` at the end of this event-loop turn, with the other output of the turn. */
  defer(task: () => void): void {
    this.turn.defer(task);
  }

  sync(socket: CollabSocket, reportId: string, payload: Uint8Array): void {
    socket.emit('sync', reportId, payload);
  }

  awareness(socket: CollabSocket, reportId: string, payload: Uint8Array): void {
    socket.emit('awareness', reportId, payload);
  }

  saved(socket: CollabSocket, reportId: string, count: number): void {
    socket.emit('saved', reportId, { count });
  }

  denied(socket: CollabSocket, reportId: string, reason: DeniedReason): void {
    socket.emit('denied', reportId, { reason });
  }

  state(socket: CollabSocket, reportId: string, info: StateInfo): void {
    socket.emit('state', reportId, info);
  }

  /** A sync message to the report's sockets on this node, but the sender. */
  syncToRoom(reportId: string, payload: Uint8Array, except?: string): void {
    const target = this.io.local.to(roomName(reportId));
    (except ? target.except(except) : target).emit('sync', reportId, payload);
  }

  awarenessToRoom(reportId: string, payload: Uint8Array, except?: string): void {
    const target = this.io.local.to(roomName(reportId));
    (except ? target.except(except) : target).emit('awareness', reportId, payload);
  }

  /** To everyone with the report open, on every node. */
  thread(reportId: string, thread: ThreadDto): void {
    this.io.to(roomName(reportId)).emit('thread', reportId, thread);
  }

  activity(reportId: string): void {
    this.io.to(roomName(reportId)).emit('activity', reportId);
  }

  /** To every socket of the user, on every node. */
  notification(userId: string, notification: NotificationDto): void {
    this.io.to(userRoom(userId)).emit('notification', notification);
  }

  /** Closes the transports of this node (not a dismissal: clients reconnect). */
  closeTransports(): void {
    this.nsp?.server.engine.close();
  }

  /** Closes every socket of a session, or of a user, on every node. */
  disconnect(target: { sessionId: string } | { userId: string }): void {
    if (!this.nsp) return;
    const room = 'sessionId' in target ? sessionRoom(target.sessionId) : userRoom(target.userId);
    this.nsp.in(room).disconnectSockets(true);
  }

  /**
   * A message for the other API nodes. Without Redis there are none, and Socket.IO's in-memory
   * adapter would only warn on every call (measured: 5 % of the server's time under load).
   */
  toOtherNodes<E extends keyof InterServerEvents>(event: E, ...args: Parameters<InterServerEvents[E]>): void {
    if (!this.multiNode || !this.nsp) return;
    (this.nsp.serverSideEmit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
  }
}
