import { Injectable, Logger } from '@nestjs/common';
import { LIMITS } from '@review/shared';
import { AuthService, readCookie, SESSION_COOKIE } from '../../auth/index.js';
import { CollabOutput } from '../collab-output.js';
import { type CollabSocket, sessionRoom, userRoom } from '../collab.types.js';
import { InvalidMessageError } from './update-validation.js';

/** How often this node re-checks the sessions of its sockets, should a revocation have been missed. */
const SWEEP_EVERY_MS = 30_000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The authenticate stage. The handshake is authenticated with the session cookie before the
 * connection is accepted; a socket is closed when its session ends: at once on every node when
 * it is revoked (sign-out, password reset, deactivation), when it expires, and, as a safety net,
 * by a periodic re-check. Joining a report checks the session again, and every message checks
 * that the session has not run out.
 */
@Injectable()
export class SocketSessions {
  private readonly logger = new Logger('SocketSessions');
  private readonly expiryTimers = new WeakMap<CollabSocket, NodeJS.Timeout>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly auth: AuthService,
    private readonly out: CollabOutput,
  ) {}

  /** Socket.IO middleware of the namespace: no session, no connection. */
  handshake(socket: CollabSocket, next: (err?: Error) => void): void {
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
  }

  /** A new connection: reachable by user and by session, and closed when its session expires. */
  connected(socket: CollabSocket): void {
    const user = socket.data.user;
    void socket.join([userRoom(user.id), sessionRoom(user.sessionId)]);
    this.closeAtExpiry(socket);
  }

  private closeAtExpiry(socket: CollabSocket): void {
    const left = socket.data.user.sessionExpiresAt - Date.now();
    // A session longer than setTimeout's reach is looked at again when the timer runs out.
    const timer = setTimeout(() => (left > MAX_TIMER_MS ? this.closeAtExpiry(socket) : this.end(socket, 'session expired')), Math.min(MAX_TIMER_MS, Math.max(0, left)));
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }

  disconnected(socket: CollabSocket): void {
    clearTimeout(this.expiryTimers.get(socket));
  }

  /** Per message: a session that has run out ends the connection. */
  check(socket: CollabSocket): void {
    if (Date.now() >= socket.data.user.sessionExpiresAt) throw new InvalidMessageError('session expired');
  }

  /** Before joining a report: the session must still be valid in the database. */
  async recheck(socket: CollabSocket): Promise<boolean> {
    const valid = await this.auth.validSessions([socket.data.user.sessionId]);
    if (valid.has(socket.data.user.sessionId)) return true;
    this.end(socket, 'session no longer valid');
    return false;
  }

  /** Sessions ended: their sockets close on every node. */
  revoked(target: { sessionId: string } | { userId: string }): void {
    this.out.disconnect(target);
  }

  startSweep(): void {
    this.sweepTimer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.logger.warn(`re-checking socket sessions failed: ${String(err)}`));
    }, SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
  }

  /** Closes this node's sockets whose session is no longer valid. */
  async sweep(): Promise<void> {
    const sockets = this.out.localSockets();
    const valid = await this.auth.validSessions([...new Set(sockets.map((s) => s.data.user.sessionId))]);
    for (const socket of sockets) {
      if (!valid.has(socket.data.user.sessionId)) this.end(socket, 'session no longer valid');
    }
  }

  private end(socket: CollabSocket, why: string): void {
    this.logger.log(`closing socket of ${socket.data.user.username}: ${why}`);
    socket.disconnect(true);
  }
}
