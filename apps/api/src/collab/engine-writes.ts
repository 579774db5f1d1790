import type { Server } from 'socket.io';

interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: { cork(): void; uncork(): void } };
}

interface EngineSocket {
  transport: EngineTransport;
  flush(): void;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

/**
 * Engine.IO writes each packet to the network as soon as it is queued, one system call per
 * WebSocket frame, and a binary Socket.IO event is two packets (header, then attachment), the
 * second sent only once the first write completed. A broadcast to fifty sockets cost a hundred
 * system calls spread over two turns of the event loop. Here the packets one socket gets in one
 * turn are flushed together at the end of it, and a WebSocket transport writes them corked, as
 * one system call. Packets, their order and the wire format are unchanged.
 *
 * This reaches into Engine.IO's socket (`flush`, `transport`) and ws's underlying net.Socket,
 * which are not public API: checked against engine.io 6.6 and ws 8; a socket or transport
 * without them is left as it is.
 */
export function batchEngineWrites(io: Server): void {
  io.engine.on('connection', (socket: EngineSocket) => {
    if (typeof socket.flush !== 'function') return;
    const flush = socket.flush.bind(socket);
    let scheduled = false;
    socket.flush = () => {
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        flush();
      });
    };
    corkWebSocketWrites(socket.transport);
    socket.on('upgrade', corkWebSocketWrites);
  });
}

function corkWebSocketWrites(transport: EngineTransport): void {
  const raw = transport.socket?._socket;
  if (transport.name !== 'websocket' || !raw || typeof raw.cork !== 'function') return;
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    raw.cork();
    try {
      send(packets);
    } finally {
      raw.uncork();
    }
  };
}
