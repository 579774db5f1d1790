import type { DeniedReason } from '@review/shared';

/**
 * One sender's updates to one report (a socket in a room), numbered by arrival. Once one of them
 * is refused, it and every later one are refused (they may build on it); earlier ones are not.
 */
export interface WriteStream {
  readonly id: number;
  /** The first refused message of the stream, and why. */
  refusal?: { reason: DeniedReason; at: number };
}

let streams = 0;

export function newWriteStream(): WriteStream {
  streams += 1;
  return { id: streams };
}

/** Why message `count` of the stream is refused because of an earlier (or its own) refusal, if it is. */
export function refusalOf(stream: WriteStream, count: number): DeniedReason | undefined {
  return stream.refusal && count >= stream.refusal.at ? stream.refusal.reason : undefined;
}

/** Message `count` was refused: from it on, the stream is. */
export function refuse(stream: WriteStream, count: number, reason: DeniedReason): void {
  if (!stream.refusal || count < stream.refusal.at) stream.refusal = { reason, at: count };
}
