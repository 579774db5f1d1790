import { type INestApplicationContext, Logger, type WsMessageHandler } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { LIMITS } from '@review/shared';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { AppConfig } from '../config/app-config.js';
import { batchEngineWrites } from './engine-writes.js';

type RedisClient = ReturnType<typeof createClient>;

/**
 * Nest's Socket.IO adapter, as Nest's documentation has it for several nodes: the server checks
 * origins at the handshake, caps message sizes, batches its writes (engine-writes.ts) and, with
 * REDIS_URL, links the nodes through the Redis streams adapter.
 */
export class CollabIoAdapter extends IoAdapter {
  private readonly log = new Logger('CollabIoAdapter');
  private redis: RedisClient | undefined;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /** Connects to Redis when configured; call before the app listens. */
  async connectToRedis(): Promise<void> {
    if (!this.config.redisUrl) return;
    this.redis = createClient({ url: this.config.redisUrl });
    this.redis.on('error', (err: unknown) => this.log.error(`Redis: ${String(err)}`));
    await this.redis.connect();
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: LIMITS.collabMessageBytes + 64 * 1024,
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        callback(null, origin === undefined || this.config.isAllowedOrigin(origin));
      },
      cors: { origin: [...this.config.allowedOrigins], credentials: true },
    } as ServerOptions) as Server;
    batchEngineWrites(server);
    if (this.redis) {
      server.adapter(createAdapter(withHandledRejections(this.redis, ADAPTER_COMMANDS)));
      this.log.log('Socket.IO uses the Redis streams adapter (multi-node mode)');
    }
    return server;
  }

  /**
   * Each event goes to its handler as Nest wraps it (guards, pipes, the exception filter), as in
   * Nest's IoAdapter, but without an RxJS pipeline per message: on the update path that pipeline
   * cost measurably more CPU and garbage per keystroke than the handler itself. A handler's
   * answer (other than undefined) is the acknowledgement, as in Nest.
   */
  override bindMessageHandlers(socket: Socket, handlers: WsMessageHandler[]): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(String(message), (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args);
        const reply = (response: unknown) => {
          if (response === undefined || response === null) return;
          if (typeof response === 'object' && 'event' in response) {
            const { event, data: payload } = response as { event: string; data: unknown };
            socket.emit(event, payload);
          } else if (!isAckHandledManually && typeof ack === 'function') {
            (ack as (r: unknown) => void)(response);
          }
        };
        let result: unknown;
        try {
          result = callback(data, ack);
        } catch (err) {
          this.log.error(err);
          return;
        }
        if (result instanceof Promise) result.then(reply, (err: unknown) => this.log.error(err));
        else reply(result);
      });
    }
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await this.redis?.quit().catch(() => undefined);
    this.redis = undefined;
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
