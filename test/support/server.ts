import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { createTestDatabase, type TestDatabase } from './database.js';
import { requireService } from './services.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const mainJs = path.join(repoRoot, 'apps/api/dist/main.js');

export const DEMO_PASSWORD = 'demo-password-for-tests';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface StartedServer {
  url: string;
  port: number;
  db: TestDatabase;
  /** Everything the process wrote, for assertions and for failure reports. */
  output(): string;
  /** The process id of the running server (for its /proc entries). */
  pid(): number | undefined;
  /** Stops with SIGTERM (or the given signal) and waits; returns the exit code or the ending signal. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
  /** Starts the process again on the same port and database. */
  restart(): Promise<void>;
  /** Stops the process and drops the database. */
  dispose(): Promise<void>;
}

export interface ServerOptions {
  env?: Record<string, string>;
  db?: TestDatabase;
}

/** Starts the built API as a child process on 127.0.0.1 with a database of its own. */
export async function startServer(options: ServerOptions = {}): Promise<StartedServer> {
  const db = options.db ?? (await createTestDatabase());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DEMO_PASSWORD,
    ALLOWED_ORIGINS: `${url},http://localhost:${port}`,
    ...db.env,
    ...options.env,
  };
  let proc: ChildProcess | undefined;
  let log = '';

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [mainJs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      proc = child;
      child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
      const onExit = (code: number | null) => reject(new Error(`server exited with ${code} before it was ready:\n${log}`));
      child.once('exit', onExit);
      const deadline = Date.now() + 60_000;
      const poll = async () => {
        if (child.exitCode !== null) return;
        try {
          const res = await fetch(`${url}/api/health`);
          // Up: healthy, or up and saying why it refuses writes (503 `unavailable`).
          if (res.ok || (res.status === 503 && ((await res.json()) as { error?: string }).error === 'unavailable')) {
            child.off('exit', onExit);
            return resolve();
          }
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          return reject(new Error(`server not ready after 60 s:\n${log}`));
        }
        setTimeout(poll, 100);
      };
      void poll();
    });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const child = proc;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
      child.once('exit', (code, sig) => resolve(code ?? sig)),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  await launch();
  return {
    url,
    port,
    db,
    output: () => log,
    pid: () => proc?.pid,
    stop,
    async restart() {
      // Never two processes for one server: one still running would be orphaned.
      await stop();
      await launch();
    },
    async dispose() {
      await stop();
      await db.drop();
    },
  };
}

export interface TwoNodes {
  /** The first node; it seeds the demo data. */
  a: StartedServer;
  b: StartedServer;
  /** The PostgreSQL database both nodes use. */
  db: TestDatabase;
  redisUrl: string;
  /** Stops both nodes and drops the database. */
  stop(): Promise<void>;
}

/**
 * Two API nodes on one new PostgreSQL database and one Redis (TEST_POSTGRES_URL and
 * TEST_REDIS_URL). Without them the test is skipped, or fails in CI, and this returns undefined.
 */
export async function startTwoNodes(t: TestContext): Promise<TwoNodes | undefined> {
  const pgUrl = requireService(t, 'TEST_POSTGRES_URL');
  const redisUrl = requireService(t, 'TEST_REDIS_URL');
  if (!pgUrl || !redisUrl) return undefined;
  const db = await createTestDatabase({ kind: 'postgres', adminUrl: pgUrl });
  const a = await startServer({ db, env: { REDIS_URL: redisUrl } });
  const b = await startServer({ db, env: { REDIS_URL: redisUrl, SEED_DEMO: 'false' } });
  return {
    a,
    b,
    db,
    redisUrl,
    async stop() {
      await a.stop();
      await b.stop();
      await db.drop();
    },
  };
}
