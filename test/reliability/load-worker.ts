/**
 * One load-generator thread of reliability/load.test.ts: its share of the editors, each typing
 * one character every interval into its own paragraph. A keystroke's Yjs clock is its number
 * (one character per update), and send times sit in a SharedArrayBuffer every thread reads, so
 * any thread can tell how long another editor's keystroke took to arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { BenchClient, charAt, nowNs, paragraphText } from '../bench/lib/bench-client.js';
import { Histogram } from '../bench/lib/histogram.js';

export interface LoadEditor {
  index: number;
  reportId: string;
  paragraph: number;
}

export interface LoadJob {
  url: string;
  cookie: string;
  editors: LoadEditor[];
  clientBase: number;
  maxKeys: number;
  sendTimes: SharedArrayBuffer;
  startNs: string;
  warmupMs: number;
  durationMs: number;
  intervalMs: number;
}

export interface LoadResult {
  propagation: ReturnType<Histogram['toJSON']>;
  persistence: ReturnType<Histogram['toJSON']>;
  sent: number;
  lost: number;
  denied: number;
  unsaved: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(job: LoadJob): Promise<LoadResult> {
  const times = new BigInt64Array(job.sendTimes);
  const start = BigInt(job.startNs);
  const windowStart = start + BigInt(job.warmupMs * 1e6);
  const end = start + BigInt(job.durationMs * 1e6);
  const propagation = new Histogram();
  const persistence = new Histogram();
  const clients: { c: BenchClient; e: LoadEditor; typed: number }[] = [];

  for (const e of job.editors) {
    const c = new BenchClient(job.url, job.cookie, e.reportId);
    await c.connected();
    await c.join();
    c.makeDoc(job.clientBase + e.index);
    await c.pull(true);
    const entry = { c, e, typed: 0 };
    c.onUpdate = (update, at) => {
      const { from, to } = Y.parseUpdateMeta(update);
      for (const [client, toClock] of to) {
        const editor = client - job.clientBase;
        if (editor < 0 || editor === e.index) continue;
        for (let clock = from.get(client) ?? 0; clock < toClock && clock < job.maxKeys; clock++) {
          const sent = times[editor * job.maxKeys + clock] ?? 0n;
          if (sent >= windowStart && sent < end) propagation.record(Number(at - sent) / 1e3);
        }
      }
    };
    let savedUpTo = 0;
    c.onSaved = (count, at) => {
      for (let k = savedUpTo; k < count && k < job.maxKeys; k++) {
        const sent = times[e.index * job.maxKeys + k] ?? 0n;
        if (sent >= windowStart && sent < end) persistence.record(Number(at - sent) / 1e3);
      }
      savedUpTo = Math.max(savedUpTo, count);
    };
    clients.push(entry);
  }
  parentPort?.postMessage({ type: 'ready' });

  const typing = clients.map(async (entry) => {
    // Editors start spread over one interval, so the load is even.
    const offset = BigInt(Math.floor(Math.random() * job.intervalMs * 1e6));
    let next = start + offset;
    while (next < end && entry.typed < job.maxKeys) {
      const wait = Number(next - nowNs()) / 1e6;
      if (wait > 0) await sleep(wait);
      const text = paragraphText(entry.c.doc as Y.Doc, entry.e.paragraph);
      times[entry.e.index * job.maxKeys + entry.typed] = nowNs();
      text.insert(text.length, charAt(entry.typed));
      entry.typed += 1;
      next += BigInt(Math.round(job.intervalMs * 1e6));
    }
  });
  await Promise.all(typing);
  // Let the last keystrokes arrive and be saved.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && clients.some(({ c }) => c.saved < c.sent)) await sleep(100);
  await sleep(500);
  const result: LoadResult = {
    propagation: propagation.toJSON(),
    persistence: persistence.toJSON(),
    sent: clients.reduce((n, { c }) => n + c.sent, 0),
    lost: clients.filter(({ c }) => c.lostConnection).length,
    denied: clients.reduce((n, { c }) => n + c.denied, 0),
    unsaved: clients.reduce((n, { c }) => n + Math.max(0, c.sent - c.saved), 0),
  };
  for (const { c } of clients) c.close();
  return result;
}

parentPort?.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => parentPort?.postMessage({ type: 'done', result }),
    (err: unknown) => parentPort?.postMessage({ type: 'error', error: err instanceof Error ? err.stack : String(err) }),
  );
});
void workerData;
