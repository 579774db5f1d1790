import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { COLLAB_NAMESPACE, LIMITS, toUint8Array } from '@review/shared';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { AuthService } from '../auth/auth.service.js';
import { readCookie, SESSION_COOKIE } from '../auth/session-token.js';
import { takeToken } from '../common/token-bucket.js';
import { AppConfig } from '../config/app-config.js';
import { CollabService } from './collab.service.js';
import type { CollabNamespace, CollabSocket, InterServerEvents, SocketData } from './collab.types.js';
import { batchEngineWrites } from './engine-writes.js';
import { InvalidMessageError } from './update-validation.js';

type RedisClient = ReturnType<typeof createClient>;

const CATCH_UP_INTERVAL_MS = 2_000;

/**
 * The Socket.IO side of collaboration: authenticates the handshake, checks every event's shape,
 * size and rate, and hands it to CollabService. A malformed event closes that socket only.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CollabGateway');
  private io: Server | undefined;
  private redis: RedisClient | undefined;
  private catchUpTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly collab: CollabService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const io = new Server<never, never, InterServerEvents, SocketData>(this.adapterHost.httpAdapter.getHttpServer(), {
      serveClient: false,
      maxHttpBufferSize: LIMITS.collabMessageBytes + 64 * 1024,
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        callback(null, origin === undefined || this.config.isAllowedOrigin(origin));
      },
      cors: { origin: [...this.config.allowedOrigins], credentials: true },
    });
    batchEngineWrites(io as unknown as Server);
    if (this.config.redisUrl) {
      this.redis = createClient({ url: this.config.redisUrl });
      this.redis.on('error', (err: unknown) => this.logger.error(`Redis: ${String(err)}`));
      await this.redis.connect();
      io.adapter(createAdapter(withHandledRejections(this.redis, ADAPTER_COMMANDS)));
      this.catchUpTimer = setInterval(() => {
        this.collab.catchUp().catch((err: unknown) => this.logger.warn(`catch-up failed: ${String(err)}`));
      }, CATCH_UP_INTERVAL_MS);
      this.catchUpTimer.unref();
      this.logger.log('Socket.IO uses the Redis streams adapter (multi-node mode)');
    }
    this.io = io;
    const nsp = io.of(COLLAB_NAMESPACE) as unknown as CollabNamespace;
    this.collab.attach(nsp);

    nsp.use((socket, next) => {
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      this.auth.authenticate(token).then(
        (user) => {
          if (!user) return next(new Error('unauthenticated'));
          socket.data.user = user;
          socket.data.tokens = LIMITS.collabBurstMessages;
          socket.data.refilledAt = Date.now();
          next();
        },
        (err: unknown) => {
          this.logger.error(`handshake authentication failed: ${String(err)}`);
          next(new Error('unavailable'));
        },
      );
    });
    nsp.on('connection', (socket) => this.wire(socket));

    nsp.on('collab:update', (reportId, updates) => {
      if (typeof reportId !== 'string' || !Array.isArray(updates)) return;
      const bytes = updates.map((u) => toUint8Array(u)).filter((u) => u !== undefined);
      this.collab.remoteUpdates(reportId, bytes);
    });
    nsp.on('collab:awareness', (reportId, payload) => {
      const bytes = toUint8Array(payload);
      if (typeof reportId === 'string' && bytes) this.collab.remoteAwareness(reportId, bytes);
    });
    nsp.on('collab:state', (reportId) => void this.collab.refreshState(reportId));
    nsp.on('collab:team', (teamId) => void this.collab.refreshTeam(teamId));
  }

  private wire(socket: CollabSocket): void {
    void socket.join([`user:${socket.data.user.id}`, `session:${socket.data.user.sessionId}`]);
    const guard =
      <A extends unknown[]>(event: string, handler: (...args: A) => void | Promise<void>) =>
      (...args: A) => {
        if (!this.takeToken(socket)) return this.drop(socket, `${event}: rate limit exceeded`);
        try {
          const result = handler(...args);
          if (result instanceof Promise) result.catch((err: unknown) => this.fail(socket, event, err));
        } catch (err) {
          this.fail(socket, event, err);
        }
      };

    socket.on(
      'join',
      guard('join', async (req: unknown, ack: unknown) => {
        if (typeof ack !== 'function') throw new InvalidMessageError('join needs an acknowledgement callback');
        const reportId = typeof req === 'object' && req !== null ? (req as { reportId?: unknown }).reportId : undefined;
        ack(await this.collab.join(socket, reportId));
      }),
    );
    socket.on(
      'leave',
      guard('leave', (req: unknown) => {
        const reportId = typeof req === 'object' && req !== null ? (req as { reportId?: unknown }).reportId : undefined;
        this.collab.leave(socket, reportId);
      }),
    );
    socket.on(
      'sync',
      guard('sync', (reportId: unknown, payload: unknown) => this.collab.sync(socket, reportId, this.bytes(payload))),
    );
    socket.on(
      'awareness',
      guard('awareness', (reportId: unknown, payload: unknown) =>
        this.collab.awareness(socket, reportId, this.bytes(payload)),
      ),
    );
    socket.onAny((event: unknown) => {
      if (!['join', 'leave', 'sync', 'awareness'].includes(String(event))) this.drop(socket, `unknown event ${String(event).slice(0, 40)}`);
    });
    socket.on('disconnect', () => this.collab.disconnected(socket));
  }

  private bytes(payload: unknown): Uint8Array {
    const bytes = toUint8Array(payload);
    if (!bytes) throw new InvalidMessageError('payload must be binary');
    if (bytes.byteLength > LIMITS.collabMessageBytes) throw new InvalidMessageError('payload too large');
    return bytes;
  }

  private takeToken(socket: CollabSocket): boolean {
    return takeToken(socket.data, Date.now(), LIMITS.collabBurstMessages, LIMITS.collabMessagesPerSecond);
  }

  private fail(socket: CollabSocket, event: string, err: unknown): void {
    if (err instanceof InvalidMessageError) return this.drop(socket, `${event}: ${err.message}`);
    this.logger.error(`${event} from ${socket.data.user.username} failed: ${err instanceof Error ? err.stack : String(err)}`);
    socket.disconnect(true);
  }

  private drop(socket: CollabSocket, reason: string): void {
    this.logger.warn(`closing socket of ${socket.data.user.username}: ${reason}`);
    socket.disconnect(true);
  }

  /** Disconnects every socket of a session (logout, revocation), on every node. */
  disconnectSession(sessionId: string): void {
    this.io?.of(COLLAB_NAMESPACE).in(`session:${sessionId}`).disconnectSockets(true);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.catchUpTimer);
    // Close the transports rather than disconnecting sockets, so that clients reconnect
    // (to this node when it is back, or to another one) instead of taking it as a dismissal.
    this.io?.engine.close();
    await this.collab.shutdown();
    await this.redis?.quit().catch(() => undefined);
  }
}

/** Commands the streams adapter sends through the main client. */
const ADAPTER_COMMANDS = ['publish', 'sPublish', 'xAdd', 'xRange', 'set'];

/**
 * The streams adapter fires some commands without handling their failure (PUBLISH of every
 * serverSideEmit): while Redis is unreachable those rejections would be unhandled, and Node ends
 * the process. Each call's promise is marked handled here (callers that await it still see the
 * error); the node keeps serving its own clients and catches up from the log once Redis is back.
 */
export function withHandledRejections<T extends object>(client: T, methods: string[]): T {
  const target = client as Record<string, unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      const result: unknown = (original as (...a: unknown[]) => unknown).apply(client, args);
      if (result instanceof Promise) result.catch(() => undefined);
      return result;
    };
  }
  return client;
}
