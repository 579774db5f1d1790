import { COLLAB_NAMESPACE, type CollabSocket } from '@review/shared';
import { io } from 'socket.io-client';

/** A connection to /collab with the session cookie; not connected until `connect()`. */
export function createCollabSocket(): CollabSocket {
  return io(COLLAB_NAMESPACE, {
    transports: ['websocket'],
    withCredentials: true,
    autoConnect: false,
    // Come back quickly once the network returns.
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  });
}

/**
 * Socket.IO reconnects by itself after a network failure, but not when the server closed the
 * connection (a restart or deploy, a message it refused): then it is up to us, with a growing pause.
 */
export class ReconnectAfterServerClose {
  private retries = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly socket: CollabSocket) {
    socket.on('disconnect', this.onDisconnect);
  }

  /** The connection works again: the next pause starts short. */
  reset(): void {
    this.retries = 0;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket.off('disconnect', this.onDisconnect);
  }

  private readonly onDisconnect = (reason: string): void => {
    if (reason !== 'io server disconnect' || this.stopped) return;
    const delay = Math.min(500 * 2 ** this.retries, 15_000);
    this.retries += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.stopped && !this.socket.connected) this.socket.connect();
    }, delay);
  };
}
