import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type DatabaseTarget, type TestDatabase } from '../../support/database.js';
import { type StartedServer, startServer } from '../../support/server.js';
import { findChildPid, type ProcStat, readProc } from './proc.js';

const hookPath = path.join(import.meta.dirname, '..', 'server-hook.cjs');

/** Servers still running, so that a benchmark that is cut short leaves none behind. */
const live = new Set<BenchServer>();
process.on('exit', () => {
  for (const s of live) {
    try {
      process.kill(s.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** How busy the server's main thread was and how late its callbacks ran, over a window. */
export interface ServerLoop {
  busy: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
}

export interface ServerMemory extends ProcStat {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/**
 * The built API server in a process of its own (startServer), with a fresh database, plus what
 * the benchmark needs from outside: its pid for /proc, and the hook preloaded by server-hook.cjs.
 */
export class BenchServer {
  private seq = 0;
  pid = 0;

  private constructor(
    readonly started: StartedServer,
    private readonly hookDir: string,
  ) {
    this.findPid();
    live.add(this);
  }

  /** Stops every server still running (used when the benchmark is cut short). */
  static async disposeAll(): Promise<void> {
    await Promise.all([...live].map((s) => s.dispose().catch(() => undefined)));
  }

  static async start(target: DatabaseTarget, env: Record<string, string> = {}): Promise<BenchServer> {
    const hookDir = mkdtempSync(path.join(os.tmpdir(), 'review-bench-hook-'));
    const db: TestDatabase = await createTestDatabase(target);
    const started = await startServer({
      db,
      env: {
        NODE_OPTIONS: `--require ${hookPath}`,
        BENCH_HOOK_DIR: hookDir,
        LOG_LEVEL: 'warn',
        // Scenarios set up hundreds of reports through the API as one user: the benchmark
        // measures the collaboration server, not the per-user limit on HTTP writes.
        HTTP_WRITE_BURST: '1000000',
        HTTP_WRITES_PER_SECOND: '1000000',
        ...env,
      },
    });
    return new BenchServer(started, hookDir);
  }

  get url(): string {
    return this.started.url;
  }

  get db(): TestDatabase {
    return this.started.db;
  }

  private findPid(): void {
    const pid = findChildPid('apps/api/dist/main.js');
    if (pid === undefined) throw new Error('cannot find the server process');
    this.pid = pid;
  }

  proc(): ProcStat {
    const s = readProc(this.pid);
    if (!s) throw new Error(`server process ${this.pid} is gone:\n${this.started.output().slice(-2000)}`);
    return s;
  }

  private async command(line: string, timeoutMs = 30_000): Promise<unknown> {
    const seq = ++this.seq;
    const answer = path.join(this.hookDir, `answer-${seq}.json`);
    writeFileSync(path.join(this.hookDir, 'command'), `${seq}\n${line}`);
    process.kill(this.pid, 'SIGWINCH');
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(answer)) {
      if (Date.now() > deadline) throw new Error(`server hook did not answer "${line}"`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 10));
    const reply = JSON.parse(readFileSync(answer, 'utf8')) as { ok: boolean; res?: unknown; error?: string };
    if (!reply.ok) throw new Error(`server hook: ${reply.error}`);
    return reply.res;
  }

  /** Memory after a full GC in the server: V8's figures and RSS from /proc. */
  async memory(): Promise<ServerMemory> {
    const m = (await this.command('memory')) as { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
    await new Promise((r) => setTimeout(r, 200));
    return { ...this.proc(), heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
  }

  async loopStart(): Promise<void> {
    await this.command('loop-start');
  }

  async loopStop(): Promise<ServerLoop> {
    return (await this.command('loop-stop')) as ServerLoop;
  }

  async profileStart(): Promise<void> {
    await this.command('profile-start');
  }

  async profileStop(file: string): Promise<void> {
    await this.command(`profile-stop ${file}`, 60_000);
  }

  async stop(): Promise<void> {
    await this.started.stop();
  }

  async restart(): Promise<void> {
    await this.started.restart();
    this.findPid();
  }

  async dispose(): Promise<void> {
    live.delete(this);
    await this.started.dispose();
    rmSync(this.hookDir, { recursive: true, force: true });
  }
}
