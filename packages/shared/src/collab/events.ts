import type { z } from 'zod';
import type { NotificationDto, ThreadDto } from '../api-types.js';
import type { deniedInfoSchema, joinAckSchema, savedInfoSchema, stateInfoSchema } from './schemas.js';

/** Socket.IO namespace of the collaboration server. */
export const COLLAB_NAMESPACE = '/collab';

export type JoinAck = z.infer<typeof joinAckSchema>;

/** `count`: this socket's first `count` sync messages with changes for the report are stored. */
export type SavedInfo = z.infer<typeof savedInfoSchema>;

/**
 * Why an update was refused: no edit access in the report's state (as this node knew it), the
 * state changed before it was stored, it carries items of a Yjs client another user owns, it would
 * make the document larger than the server keeps (`too_large`), or the server refuses all writes
 * until an operator repairs it (`unavailable`).
 */
export type DeniedInfo = z.infer<typeof deniedInfoSchema>;
export type DeniedReason = DeniedInfo['reason'];

export type StateInfo = z.infer<typeof stateInfoSchema>;

/** Binary payloads arrive as Buffer in Node and ArrayBuffer in browsers. */
export type BinaryPayload = Uint8Array | ArrayBuffer;

export interface ClientToServerEvents {
  join: (req: { reportId: string }, ack: (res: JoinAck) => void) => void;
  leave: (req: { reportId: string }) => void;
  sync: (reportId: string, payload: Uint8Array) => void;
  awareness: (reportId: string, payload: Uint8Array) => void;
}

/** Every event a client may send, at run time (for the authorisation matrix and the server's guard). */
export const CLIENT_EVENTS = ['join', 'leave', 'sync', 'awareness'] as const satisfies readonly (keyof ClientToServerEvents)[];
// Fails to compile when ClientToServerEvents gains an event that CLIENT_EVENTS lacks.
const everyClientEvent: Record<keyof ClientToServerEvents, true> = { join: true, leave: true, sync: true, awareness: true };
void (everyClientEvent satisfies Record<(typeof CLIENT_EVENTS)[number], true>);

export interface ServerToClientEvents {
  sync: (reportId: string, payload: BinaryPayload) => void;
  awareness: (reportId: string, payload: BinaryPayload) => void;
  saved: (reportId: string, info: SavedInfo) => void;
  denied: (reportId: string, info: DeniedInfo) => void;
  state: (reportId: string, info: StateInfo) => void;
  thread: (reportId: string, thread: ThreadDto) => void;
  /** The report's versions or audit trail changed (a version saved, a restore): refetch them. */
  activity: (reportId: string) => void;
  /** To every socket of the user, on any report page. */
  notification: (notification: NotificationDto) => void;
}

export function toUint8Array(payload: unknown): Uint8Array | undefined {
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  return undefined;
}

const COLOURS = ['#d1495b', '#2e86ab', '#3b8b5a', '#8e44ad', '#e07a1f', '#00798c', '#c0392b', '#6d597a'];

/** The presence colour of a user: the server stamps it on awareness, the web app shows it. */
export function colourFor(userId: string): string {
  let h = 0;
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return COLOURS[Math.abs(h) % COLOURS.length] ?? '#2e86ab';
}
