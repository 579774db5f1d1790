import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite (Postgres compiled to WASM) running in this process, persisted under DATA_DIR and
 * reachable over a private Unix socket so that `pg` and TypeORM talk to it exactly as to a
 * real server. PGlite serves one connection at a time: the pool must have size 1.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly socketDir: string,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const dir = path.join(dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    const db = await PGlite.create({ dataDir: dir });
    const socketDir = await mkdtemp(path.join(os.tmpdir(), 'review-pg-'));
    const server = new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432') });
    await server.start();
    return new EmbeddedPostgres(db, server, socketDir);
  }

  /** Connection settings for `pg`: host is the socket directory. */
  get connection(): { host: string; port: number; username: string; database: string } {
    return { host: this.socketDir, port: 5432, username: 'postgres', database: 'postgres' };
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    await rm(this.socketDir, { recursive: true, force: true });
  }
}
