import { Worker } from 'node:worker_threads';

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/**
 * Load-generator threads: each runs test/bench/worker.ts with its own event loop, so the clients
 * spread over both cores. Commands are request/response messages; see worker.ts for the list.
 */
export class WorkerPool {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: Reply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(m.error));
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    }
  }

  static start(size: number): WorkerPool {
    // Worker threads do not inherit tsx's hooks: register them first, then load the TypeScript entry.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('../worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    const workers = Array.from({ length: size }, (_, index) => new Worker(boot, { eval: true, workerData: { index } }));
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  call<T>(worker: number, cmd: string, args: unknown = {}): Promise<T> {
    const w = this.workers[worker];
    if (!w) throw new Error(`no worker ${worker}`);
    const id = ++this.next;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ id, cmd, args });
    });
  }

  /** Sends a command to every worker, with arguments made per worker. */
  all<T>(cmd: string, args: (worker: number) => unknown): Promise<T[]> {
    return Promise.all(this.workers.map((_, i) => this.call<T>(i, cmd, args(i))));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Splits `items` into `parts` nearly equal, contiguous slices. */
export function split<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < parts; i++) {
    out.push(items.slice(Math.floor((i * items.length) / parts), Math.floor(((i + 1) * items.length) / parts)));
  }
  return out;
}
