import { type BeforeApplicationShutdown, Logger, UseFilters, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  awarenessArgsSchema,
  CLIENT_EVENTS,
  COLLAB_NAMESPACE,
  type JoinAck,
  joinRequestSchema,
  leaveRequestSchema,
  syncArgsSchema,
  toUint8Array,
} from '@review/shared';
import type { z } from 'zod';
import { AwarenessRelay } from './awareness-relay.js';
import { CollabExceptionFilter } from './collab-exception.filter.js';
import { CollabOutput } from './collab-output.js';
import type { CollabNamespace, CollabSocket } from './collab.types.js';
import { EditSessions } from './edit-sessions.js';
import { MessageRateGuard } from './message-rate.guard.js';
import { SocketSessions } from './pipeline/authenticate.js';
import { UpdatePipeline } from './pipeline/update-pipeline.js';
import { RoomMembership } from './rooms/room-membership.js';
import { RoomRegistry } from './rooms/room-registry.js';
import { WsZodPipe } from './ws-zod.pipe.js';

const CATCH_UP_INTERVAL_MS = 2_000;
const KNOWN_EVENTS: readonly string[] = CLIENT_EVENTS;

/**
 * The Socket.IO namespace /collab. Connections are authenticated at the handshake
 * (SocketSessions); every event is rate-limited (MessageRateGuard), its arguments validated with
 * the shared schemas (WsZodPipe), and handed to one unit; whatever goes wrong closes that socket
 * only (CollabExceptionFilter).
 */
@WebSocketGateway({ namespace: COLLAB_NAMESPACE })
@UseGuards(MessageRateGuard)
@UseFilters(CollabExceptionFilter)
export class CollabGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown {
  private readonly logger = new Logger('CollabGateway');
  private catchUpTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: CollabOutput,
    private readonly sessions: SocketSessions,
    private readonly membership: RoomMembership,
    private readonly rooms: RoomRegistry,
    private readonly pipeline: UpdatePipeline,
    private readonly awareness: AwarenessRelay,
    private readonly editSessions: EditSessions,
  ) {}

  afterInit(nsp: CollabNamespace): void {
    this.out.attach(nsp);
    nsp.use((socket, next) => this.sessions.handshake(socket, next));
    this.sessions.startSweep();
    if (!this.out.multiNode) return;
    // Messages of the other API nodes.
    nsp.on('collab:update', (reportId, updates) => {
      if (typeof reportId !== 'string' || !Array.isArray(updates)) return;
      this.rooms.remoteUpdates(reportId, updates.map((u) => toUint8Array(u)).filter((u) => u !== undefined));
    });
    nsp.on('collab:awareness', (reportId, payload) => {
      const room = typeof reportId === 'string' ? this.rooms.get(reportId) : undefined;
      const bytes = toUint8Array(payload);
      if (room && bytes) this.awareness.fromNode(room, bytes);
    });
    nsp.on('collab:state', (reportId) => void this.membership.refreshState(reportId));
    nsp.on('collab:team', (teamId) => void this.membership.refreshTeam(teamId));
    this.catchUpTimer = setInterval(() => {
      this.rooms.catchUp().catch((err: unknown) => this.logger.warn(`catch-up failed: ${String(err)}`));
    }, CATCH_UP_INTERVAL_MS);
    this.catchUpTimer.unref();
  }

  handleConnection(socket: CollabSocket): void {
    this.sessions.connected(socket);
    socket.onAny((event: unknown) => {
      if (!KNOWN_EVENTS.includes(String(event))) {
        this.logger.warn(`closing socket of ${socket.data.user.username}: unknown event ${String(event).slice(0, 40)}`);
        socket.disconnect(true);
      }
    });
  }

  handleDisconnect(socket: CollabSocket): void {
    this.sessions.disconnected(socket);
    this.membership.disconnected(socket);
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: CollabSocket, @MessageBody(new WsZodPipe(joinRequestSchema)) req: z.infer<typeof joinRequestSchema>): Promise<JoinAck> {
    this.sessions.check(socket);
    if (!(await this.sessions.recheck(socket))) return { ok: false, error: 'not_found' };
    return this.membership.join(socket, req.reportId);
  }

  @SubscribeMessage('leave')
  leave(@ConnectedSocket() socket: CollabSocket, @MessageBody(new WsZodPipe(leaveRequestSchema)) req: z.infer<typeof leaveRequestSchema>): void {
    this.membership.leave(socket, req.reportId);
  }

  @SubscribeMessage('sync')
  sync(@ConnectedSocket() socket: CollabSocket, @MessageBody(new WsZodPipe(syncArgsSchema)) [reportId, payload]: z.infer<typeof syncArgsSchema>): void {
    this.sessions.check(socket);
    const { room, member } = this.membership.memberOf(socket, reportId);
    this.pipeline.handle(socket, room, member, payload);
  }

  @SubscribeMessage('awareness')
  presence(
    @ConnectedSocket() socket: CollabSocket,
    @MessageBody(new WsZodPipe(awarenessArgsSchema)) [reportId, payload]: z.infer<typeof awarenessArgsSchema>,
  ): void {
    this.sessions.check(socket);
    const { room, member } = this.membership.memberOf(socket, reportId);
    this.awareness.fromClient(socket, room, member, payload);
  }

  /**
   * SIGTERM: the transports close rather than the sockets being dismissed, so that clients
   * reconnect (here when the node is back, or to another one); then what was received is stored.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.catchUpTimer);
    this.sessions.stop();
    this.out.closeTransports();
    await this.pipeline.stop();
    await this.editSessions.closeAll();
    await this.rooms.shutdown();
  }
}

