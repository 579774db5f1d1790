/**
 * One load-generator thread. The orchestrator (run.ts) sends commands; each hosts its share of
 * the clients of the current scenario. Times are process.hrtime (CLOCK_MONOTONIC), which every
 * thread of the process shares, so a send time written by one thread is comparable with an
 * arrival time read by another.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { canonicalContent, FRAGMENT } from '@review/shared';
import * as Y from 'yjs';
import { BenchClient, charAt, eachLimited, nowNs, paragraphText } from './lib/bench-client.js';
import { freshSync } from './lib/fresh-sync.js';
import { Histogram, type HistogramData } from './lib/histogram.js';

const workerIndex = (workerData as { index: number }).index;
let clients: BenchClient[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves at `at` (hrtime ns): a timer for the bulk of the wait, then a short spin for precision. */
async function until(at: bigint): Promise<void> {
  const ms = Number(at - nowNs()) / 1e6;
  if (ms > 3) await sleep(ms - 2);
  while (nowNs() < at) {
    // spin the last ~2 ms
  }
}

function eluSince(start: ReturnType<typeof performance.eventLoopUtilization>): number {
  return performance.eventLoopUtilization(start).utilization;
}

function connectionProblems(): { lost: number; denied: number } {
  return {
    lost: clients.filter((c) => c.lostConnection).length,
    denied: clients.reduce((a, c) => a + c.denied, 0),
  };
}

// ---- typists on one document (latency and burst) -------------------------------------------

interface TypistSetup {
  url: string;
  reportId: string;
  /** One entry per client of this worker: global index (= paragraph it types into) and cookie. */
  typists: { index: number; cookie: string }[];
  /** Client ids are clientBase + index, so an update's items name their sender. */
  clientBase: number;
  total: number;
  /** Send time (hrtime ns) of keystroke k of typist i at [i * maxKeys + k]; shared by all threads. */
  sendTimes: SharedArrayBuffer;
  maxKeys: number;
}

let typing: { setup: TypistSetup; sendNs: BigInt64Array; index: Map<BenchClient, number> } | undefined;

async function typistsSetup(s: TypistSetup): Promise<{ ready: number }> {
  const index = new Map<BenchClient, number>();
  clients = s.typists.map((t) => {
    const c = new BenchClient(s.url, t.cookie, s.reportId);
    index.set(c, t.index);
    return c;
  });
  await eachLimited(clients, 25, async (c) => {
    await c.connected();
    await c.join();
    c.makeDoc(s.clientBase + (index.get(c) ?? 0));
    await c.pull(true);
  });
  typing = { setup: s, sendNs: new BigInt64Array(s.sendTimes), index };
  return { ready: clients.length };
}

function requireTyping() {
  if (!typing) throw new Error('typists are not set up');
  return typing;
}

/** One keystroke: appends a character to the client's own paragraph, noting when it was sent. */
function keystroke(c: BenchClient, i: number, n: number): boolean {
  const { setup, sendNs } = requireTyping();
  const doc = c.doc;
  if (!doc) return false;
  const clock = Y.getState(doc.store, doc.clientID);
  if (clock >= setup.maxKeys) return false;
  Atomics.store(sendNs, i * setup.maxKeys + clock, nowNs());
  paragraphText(doc, i).insert(paragraphText(doc, i).length, charAt(n));
  return true;
}

interface TypeRun {
  startNs: string;
  durationMs: number;
  warmupMs: number;
  intervalMs: number;
  /** Stop waiting for stragglers once nothing arrived for this long (or after maxDrainMs). */
  quietMs: number;
  maxDrainMs: number;
}

/** Everybody types at the given rate; every arrival of another typist's keystroke is a latency sample. */
async function typeRun(r: TypeRun) {
  const { setup, sendNs, index } = requireTyping();
  const start = BigInt(r.startNs);
  const windowStart = start + BigInt(Math.round(r.warmupMs * 1e6));
  const end = start + BigInt(Math.round(r.durationMs * 1e6));
  const hist = new Histogram();
  let samples = 0;
  let missing = 0;
  let lastArrival = nowNs();
  let sentInWindow = 0;
  let sentTotal = 0;

  for (const c of clients) {
    const own = setup.clientBase + (index.get(c) ?? 0);
    c.onUpdate = (update, at) => {
      lastArrival = at;
      const meta = Y.parseUpdateMeta(update);
      for (const [client, from] of meta.from) {
        const i = client - setup.clientBase;
        if (client === own || i < 0 || i >= setup.total) continue;
        const to = meta.to.get(client) ?? from;
        for (let k = from; k < to && k < setup.maxKeys; k++) {
          const sent = Atomics.load(sendNs, i * setup.maxKeys + k);
          if (sent === 0n) {
            missing += 1;
            continue;
          }
          if (sent < windowStart || sent >= end) continue;
          hist.record(Number(at - sent) / 1000);
          samples += 1;
        }
      }
    };
  }

  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const interval = BigInt(Math.round(r.intervalMs * 1e6));
  await Promise.all(
    clients.map(async (c) => {
      const i = index.get(c) ?? 0;
      let at = start + BigInt(Math.floor(Math.random() * Number(interval)));
      for (let n = 0; at < end; n++, at += interval) {
        const wait = Number(at - nowNs()) / 1e6;
        if (wait > 0) await sleep(wait);
        const sentAt = nowNs();
        if (!keystroke(c, i, n)) break;
        sentTotal += 1;
        if (sentAt >= windowStart && sentAt < end) sentInWindow += 1;
      }
    }),
  );
  const elu = eluSince(elu0);
  const drainStart = nowNs();
  while (true) {
    await sleep(50);
    const quiet = Number(nowNs() - lastArrival) / 1e6;
    const drained = Number(nowNs() - drainStart) / 1e6;
    if (quiet >= r.quietMs || drained >= r.maxDrainMs) break;
  }
  for (const c of clients) c.onUpdate = undefined;
  const cpu = process.cpuUsage(cpu0);
  return {
    worker: workerIndex,
    hist: hist.toJSON(),
    samples,
    missing,
    sentInWindow,
    sentTotal,
    elu,
    threadCpuMs: (cpu.user + cpu.system) / 1000,
    drainMs: Number(nowNs() - drainStart) / 1e6,
    ...connectionProblems(),
  };
}

interface BurstFire {
  atNs: string;
  /** The clock of this round's keystroke of every typist (each types once per round). */
  round: number;
  timeoutMs: number;
}

/** All typists type one character at the same instant; each notes when it has seen everybody's. */
async function burstFire(b: BurstFire) {
  const { setup, index } = requireTyping();
  const at = BigInt(b.atNs);
  const done = new Map<BenchClient, bigint>();
  const received = new Map<BenchClient, Uint8Array[]>();
  let messages = 0;
  for (const c of clients) {
    const own = setup.clientBase + (index.get(c) ?? 0);
    const seen = new Uint8Array(setup.total);
    let count = 0;
    const kept: Uint8Array[] = [];
    received.set(c, kept);
    c.onUpdate = (update, arrival) => {
      kept.push(update);
      messages += 1;
      const meta = Y.parseUpdateMeta(update);
      for (const [client, from] of meta.from) {
        const i = client - setup.clientBase;
        if (client === own || i < 0 || i >= setup.total || seen[i]) continue;
        const to = meta.to.get(client) ?? from;
        if (from <= b.round && b.round < to) {
          seen[i] = 1;
          count += 1;
        }
      }
      if (count === setup.total - 1 && !done.has(c)) done.set(c, arrival);
    };
  }
  // The keystrokes are made and encoded beforehand, so that at the instant only the sends remain.
  for (const c of clients) {
    c.hold();
    keystroke(c, index.get(c) ?? 0, b.round);
  }
  const elu0 = performance.eventLoopUtilization();
  await until(at);
  for (const c of clients) c.release();
  const lastSend = nowNs();
  const deadline = Date.now() + b.timeoutMs;
  while (done.size < clients.length && Date.now() < deadline) await sleep(5);
  const elu = eluSince(elu0);
  // Everybody has the others' keystrokes: apply what arrived and compare the documents.
  for (const c of clients) {
    c.onUpdate = undefined;
    for (const u of received.get(c) ?? []) c.applyRemote(u);
  }
  const digests = clients.map((c) =>
    c.doc ? createHash('sha256').update(canonicalContent(c.doc)).digest('hex') : 'none',
  );
  return {
    worker: workerIndex,
    convergedMs: clients.map((c) => {
      const t = done.get(c);
      return t === undefined ? null : Number(t - at) / 1e6;
    }),
    sendSpreadMs: Number(lastSend - at) / 1e6,
    messagesPerClient: messages / Math.max(1, clients.length),
    elu,
    digests: [...new Set(digests)],
    ...connectionProblems(),
  };
}

// ---- many documents (memory) ----------------------------------------------------------------

interface Fill {
  url: string;
  cookie: string;
  reportIds: string[];
  update: Uint8Array;
}

/** Stores `update` as the content of each report: join, send, wait for `saved`, leave. */
async function fill(f: Fill): Promise<{ filled: number }> {
  let filled = 0;
  await eachLimited(f.reportIds, 10, async (reportId) => {
    const c = new BenchClient(f.url, f.cookie, reportId);
    try {
      await c.connected();
      await c.join();
      c.sendUpdate(f.update);
      const deadline = Date.now() + 30_000;
      while (c.saved < 1) {
        if (Date.now() > deadline) throw new Error(`report ${reportId} not saved`);
        await sleep(5);
      }
      filled += 1;
    } finally {
      c.close();
    }
  });
  return { filled };
}

async function openSockets(a: { url: string; cookie: string; reportIds: string[] }): Promise<{ open: number }> {
  clients = a.reportIds.map((id) => new BenchClient(a.url, a.cookie, id));
  await eachLimited(clients, 50, (c) => c.connected());
  return { open: clients.length };
}

/** Every client joins its report and receives the whole document (dropped at once). */
async function joinAll(): Promise<{ joined: number; bytes: number }> {
  await eachLimited(clients, 25, async (c) => {
    await c.join();
    await c.pull(false);
  });
  return { joined: clients.length, bytes: clients.reduce((a, c) => a + c.receivedBytes, 0) };
}

// ---- persisted throughput -------------------------------------------------------------------

interface ThroughputSetup {
  url: string;
  writers: { cookie: string; reportId: string }[];
  /** Updates each writer makes beforehand (one keystroke each), so that the run only sends. */
  prepare: number;
}

let writers: { client: BenchClient; text: Y.XmlText; sendUs: number[]; prepared: Uint8Array[]; typed: number }[] = [];

async function throughputSetup(s: ThroughputSetup): Promise<{ ready: number }> {
  clients = s.writers.map((w) => new BenchClient(s.url, w.cookie, w.reportId));
  writers = [];
  await eachLimited(clients, 25, async (c) => {
    await c.connected();
    await c.join();
    const doc = c.makeDoc();
    await c.pull(true);
    // Each writer types into a paragraph of its own: its local document never needs the others' edits.
    const text = new Y.XmlText();
    doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [text]);
      doc.getXmlFragment(FRAGMENT).push([p]);
      text.insert(0, '段落');
    });
    writers.push({ client: c, text, sendUs: [], prepared: [], typed: 0 });
  });
  const deadline = Date.now() + 30_000;
  while (clients.some((c) => c.saved < c.sent) && Date.now() < deadline) await sleep(10);
  // The keystrokes of the run, made and encoded now: the same messages typing would send then.
  for (const w of writers) {
    w.client.hold();
    for (let k = 0; k < s.prepare; k++) w.text.insert(w.text.length, charAt(w.typed++));
    w.prepared = w.client.takeHeld().reverse();
  }
  return { ready: writers.length };
}

interface ThroughputRun {
  startNs: string;
  durationMs: number;
  /** Updates a writer may have sent and not yet seen acknowledged. */
  window: number;
  /** Per-socket cap, under the server's rate limit (a socket over it is closed). */
  maxRate: number;
  bucketMs: number;
}

/** Each writer keeps `window` small updates in flight, sending the next as soon as one is saved. */
async function throughputRun(r: ThroughputRun) {
  const start = BigInt(r.startNs);
  const end = start + BigInt(Math.round(r.durationMs * 1e6));
  const buckets = new Array<number>(Math.ceil(r.durationMs / r.bucketMs) + 1).fill(0);
  const ackLatency = new Histogram();
  const base = { sent: 0, saved: 0 };
  for (const w of writers) {
    base.sent += w.client.sent;
    base.saved += w.client.saved;
  }
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  await until(start);
  const interval = 1000 / r.maxRate;

  await Promise.all(
    writers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const c = w.client;
          const first = c.sent;
          let acked = c.saved;
          let nextAllowed = 0;
          let timer: NodeJS.Timeout | undefined;
          const pump = () => {
            timer = undefined;
            if (nowNs() >= end) {
              if (c.saved >= c.sent || c.lostConnection) resolve();
              return;
            }
            while (c.sent - c.saved < r.window) {
              const t = performance.now();
              if (t < nextAllowed) {
                timer ??= setTimeout(pump, nextAllowed - t);
                return;
              }
              nextAllowed = Math.max(nextAllowed, t - interval * 4) + interval;
              w.sendUs[c.sent - first] = Number(nowNs() / 1000n);
              const message = w.prepared.pop();
              if (message) c.send(message);
              else w.text.insert(w.text.length, charAt(w.typed++)); // ran out: typed live
            }
          };
          c.onSaved = (count, at) => {
            const atUs = Number(at / 1000n);
            for (let k = acked; k < count; k++) {
              const sentUs = w.sendUs[k - first];
              if (sentUs !== undefined) ackLatency.record(atUs - sentUs);
            }
            const bucket = Math.floor(Number(at - start) / 1e6 / r.bucketMs);
            if (bucket >= 0 && bucket < buckets.length) buckets[bucket] = (buckets[bucket] ?? 0) + (count - acked);
            acked = count;
            pump();
          };
          c.socket.on('disconnect', () => resolve());
          pump();
          // Stragglers: give up waiting for acknowledgements 30 s after the end.
          setTimeout(resolve, r.durationMs + 30_000).unref();
        }),
    ),
  );
  const cpu = process.cpuUsage(cpu0);
  const totals = { sent: -base.sent, saved: -base.saved };
  for (const w of writers) {
    w.client.onSaved = undefined;
    totals.sent += w.client.sent;
    totals.saved += w.client.saved;
  }
  return {
    worker: workerIndex,
    buckets,
    ackLatency: ackLatency.toJSON() as HistogramData,
    ...totals,
    sentIncludingSetup: writers.reduce((a, w) => a + w.client.sent, 0),
    elu: eluSince(elu0),
    threadCpuMs: (cpu.user + cpu.system) / 1000,
    ...connectionProblems(),
  };
}

// ---- dispatch ----------------------------------------------------------------------------

async function closeAll(): Promise<{ closed: number }> {
  const n = clients.length;
  for (const c of clients) c.close();
  clients = [];
  writers = [];
  typing = undefined;
  await sleep(50);
  return { closed: n };
}

const commands: Record<string, (args: never) => Promise<unknown>> = {
  freshSync: (a: { url: string; cookie: string; reportId: string; expectLength: number }) =>
    freshSync(a.url, a.cookie, a.reportId, a.expectLength),
  typistsSetup,
  typeRun,
  burstFire,
  fill,
  openSockets,
  joinAll,
  throughputSetup,
  throughputRun,
  closeAll,
};

parentPort?.on('message', (m: { id: number; cmd: string; args: never }) => {
  const handler = commands[m.cmd];
  if (!handler) {
    parentPort?.postMessage({ id: m.id, ok: false, error: `unknown command ${m.cmd}` });
    return;
  }
  handler(m.args).then(
    (result) => parentPort?.postMessage({ id: m.id, ok: true, result }),
    (err: unknown) =>
      parentPort?.postMessage({ id: m.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
