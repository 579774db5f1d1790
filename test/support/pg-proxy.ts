import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that can break one connection at the worst moment: after a
 * COMMIT has reached the database and been carried out, before its answer gets back. The client
 * then cannot know whether its transaction committed. Connections are told apart by the
 * `application_name` of their startup message; everything else passes through untouched.
 */
export class CommitCuttingProxy {
  /** Connections broken so far. */
  cuts = 0;
  private armedFor: string | undefined;
  private readonly open = new Set<net.Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
    private readonly server: net.Server,
  ) {}

  static async start(postgresUrl: string): Promise<CommitCuttingProxy> {
    const target = new URL(postgresUrl);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new CommitCuttingProxy(
      { host: target.hostname, port: Number(target.port || 5432) },
      (server.address() as net.AddressInfo).port,
      server,
    );
    server.on('connection', (client) => proxy.handle(client));
    return proxy;
  }

  /** The given URL with this proxy as its host. */
  route(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** Breaks the next COMMIT of a connection with this application name, once it has been carried out. */
  cutNextCommit(applicationName: string): void {
    this.armedFor = applicationName;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.open) s.destroy();
    });
  }

  private handle(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    let applicationName: string | undefined;
    let pending = Buffer.alloc(0);
    let started = false;
    let cutting = false;
    const sockets = [client, upstream];
    // Either side ending ends both.
    const end = () => sockets.forEach((s) => s.destroy());
    for (const s of sockets) {
      this.open.add(s);
      s.on('error', end);
      s.on('close', () => {
        this.open.delete(s);
        end();
      });
    }

    upstream.on('data', (chunk) => {
      if (cutting) {
        // The database has answered the COMMIT: it committed. The client never hears of it.
        this.cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      // Reads whole frontend messages: the startup message (no type byte), then type + length + body.
      for (;;) {
        if (!started) {
          if (pending.length < 8) break;
          const length = pending.readInt32BE(0);
          if (pending.length < length) break;
          const code = pending.readInt32BE(4);
          if (code === 196608) {
            const params = pending.subarray(8, length).toString('utf8').split('\0');
            for (let i = 0; i + 1 < params.length; i += 2) if (params[i] === 'application_name') applicationName = params[i + 1];
            started = true;
          }
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) break;
        const length = pending.readInt32BE(1) + 1;
        if (pending.length < length) break;
        const type = String.fromCharCode(pending[0] as number);
        if (type === 'Q' && this.armedFor !== undefined && applicationName === this.armedFor) {
          const sql = pending.subarray(5, length - 1).toString('utf8').trim().toUpperCase();
          if (sql === 'COMMIT') {
            this.armedFor = undefined;
            cutting = true;
          }
        }
        pending = pending.subarray(length);
      }
      upstream.write(chunk);
    });
  }
}
