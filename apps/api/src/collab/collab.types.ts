import type { ClientToServerEvents, ServerToClientEvents } from '@review/shared';
import type { Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../common/auth-context.js';
import type { TokenBucket } from '../common/token-bucket.js';

/** Messages between API nodes (Socket.IO serverSideEmit over the Redis adapter). */
export interface InterServerEvents {
  /** The updates of one broadcast, unmerged: each is a row of the log (see catch-up). */
  'collab:update': (reportId: string, updates: Uint8Array[]) => void;
  'collab:awareness': (reportId: string, payload: Uint8Array) => void;
  'collab:state': (reportId: string) => void;
  'collab:team': (teamId: string) => void;
}

/** The socket's user, and its token bucket for the per-socket message rate limit. */
export interface SocketData extends TokenBucket {
  user: AuthUser;
  /** The socket's joins (LIMITS.collabJoinBurst, refilled at collabJoinsPerSecond). */
  joins?: TokenBucket;
  /** Joins of the socket still loading their report. */
  joining?: number;
}

export type CollabNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type CollabSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Socket.IO rooms every socket is in: all sockets of a user, of a session. */
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
