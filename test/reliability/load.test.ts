/**
 * Sustained load, on PostgreSQL: LOAD_DOCS documents × LOAD_EDITORS editors each typing LOAD_RATE
 * characters a second for LOAD_SECONDS (default 50 × 10 × 5/s for 2 minutes; part of `npm test`,
 * `npm run load` alone, `npm run soak` for 30 minutes).
 * Asserted: no connection lost, no update refused, every update saved, server heap flat.
 * Measured, printed against their targets and written to bench-results/load.json (timings are
 * figures, not assertions): propagation (send → another editor receives) p95 < 200 ms and
 * persistence (send → saved) p95 < 1 s.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { Histogram } from '../bench/lib/histogram.js';
import { BenchServer } from '../bench/lib/server.js';
import { addParagraph, closeProvider, openProvider } from '../support/collab.js';
import { defaultTarget } from '../support/database.js';
import { Fixtures } from '../support/fixtures.js';
import { repoRoot } from '../support/server.js';
import type { LoadEditor, LoadJob, LoadResult } from './load-worker.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DOCS = num('LOAD_DOCS', 50);
const EDITORS = num('LOAD_EDITORS', 10);
const RATE = num('LOAD_RATE', 5);
const SECONDS = num('LOAD_SECONDS', 120);
const THREADS = 2;

function startWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./load-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

const TARGETS = { propagationP95Ms: 200, persistenceP95Ms: 1_000 };

test(`load: ${DOCS} documents × ${EDITORS} editors × ${RATE} edits/s for ${SECONDS} s`, { timeout: (SECONDS + 300) * 1000 }, async (t) => {
  if (defaultTarget().kind !== 'postgres') {
    // The embedded database is for trying the app on one machine; CI runs this on PostgreSQL.
    t.skip('the load run needs PostgreSQL: set TEST_POSTGRES_URL');
    return;
  }
  const server = await BenchServer.start(defaultTarget());
  const workers = Array.from({ length: THREADS }, startWorker);
  try {
    const fx = await Fixtures.create(server.url);
    const t = await fx.newTeamWithMembers();
    const reports: string[] = [];
    for (let d = 0; d < DOCS; d++) {
      const report = await fx.newReport(t.drafter.client, t.team.id);
      const p = await openProvider(server.url, t.drafter.client, report.id);
      for (let i = 0; i < EDITORS; i++) addParagraph(p.doc, '');
      await p.whenSaved();
      closeProvider(p);
      reports.push(report.id);
    }
    const editors: LoadEditor[] = [];
    reports.forEach((reportId, d) => {
      for (let i = 0; i < EDITORS; i++) editors.push({ index: d * EDITORS + i, reportId, paragraph: i });
    });
    const intervalMs = 1000 / RATE;
    const warmupMs = Math.min(10_000, SECONDS * 100);
    const durationMs = SECONDS * 1000;
    const maxKeys = Math.ceil(durationMs / intervalMs) + 4;
    const sendTimes = new SharedArrayBuffer(editors.length * maxKeys * 8);
    // Generous lead time: connecting and joining 500 sockets takes a while.
    const startNs = process.hrtime.bigint() + BigInt((15_000 + editors.length * 20) * 1e6);

    const ready: Promise<void>[] = [];
    const done = workers.map((w, i) => {
      const job: LoadJob = {
        url: server.url,
        cookie: t.drafter.client.cookie ?? '',
        editors: editors.filter((e) => e.index % THREADS === i),
        clientBase: 1_000_000,
        maxKeys,
        sendTimes,
        startNs: startNs.toString(),
        warmupMs,
        durationMs,
        intervalMs,
      };
      let markReady: () => void = () => undefined;
      ready.push(new Promise<void>((r) => (markReady = r)));
      const finished = new Promise<LoadResult>((resolve, reject) => {
        w.on('message', (m: { type: string; result?: LoadResult; error?: string }) => {
          if (m.type === 'ready') markReady();
          if (m.type === 'done') resolve(m.result as LoadResult);
          if (m.type === 'error') reject(new Error(m.error));
        });
        w.on('error', reject);
      });
      w.postMessage(job);
      return finished;
    });
    await Promise.all(ready);
    assert.ok(process.hrtime.bigint() < startNs, 'all editors connected before the start');
    await new Promise((r) => setTimeout(r, Number(startNs - process.hrtime.bigint()) / 1e6 + warmupMs));
    const memoryStart = await server.memory();
    const results = await Promise.all(done);
    await new Promise((r) => setTimeout(r, 1_000));
    const memoryEnd = await server.memory();

    const propagation = new Histogram();
    const persistence = new Histogram();
    for (const r of results) {
      propagation.merge(r.propagation);
      persistence.merge(r.persistence);
    }
    const sum = (k: 'sent' | 'lost' | 'denied' | 'unsaved') => results.reduce((n, r) => n + r[k], 0);
    const ms = (h: Histogram, p: number) => Math.round(h.percentile(p) / 100) / 10;
    const figures = {
      docs: DOCS,
      editors: EDITORS,
      rate: RATE,
      seconds: SECONDS,
      database: defaultTarget().kind,
      sent: sum('sent'),
      propagationP50Ms: ms(propagation, 50),
      propagationP95Ms: ms(propagation, 95),
      propagationP99Ms: ms(propagation, 99),
      persistenceP50Ms: ms(persistence, 50),
      persistenceP95Ms: ms(persistence, 95),
      persistenceP99Ms: ms(persistence, 99),
      lost: sum('lost'),
      denied: sum('denied'),
      unsaved: sum('unsaved'),
      rssStartMb: Math.round(memoryStart.rssKb / 1e3),
      rssEndMb: Math.round(memoryEnd.rssKb / 1e3),
      heapStartMb: Math.round(memoryStart.heapUsed / 1e6),
      heapEndMb: Math.round(memoryEnd.heapUsed / 1e6),
    };
    console.log(`load figures: ${JSON.stringify(figures)}`);
    for (const [name, target] of Object.entries(TARGETS) as [keyof typeof TARGETS, number][]) {
      console.log(`  ${name} ${figures[name]} ms (target < ${target} ms): ${figures[name] < target ? 'pass' : 'MISS'}`);
    }
    mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'bench-results', 'load.json'), `${JSON.stringify(figures, null, 2)}\n`);

    assert.equal(figures.lost, 0, 'no connection lost');
    assert.equal(figures.denied, 0, 'no update refused');
    assert.equal(figures.unsaved, 0, 'every update saved');
    assert.ok(memoryEnd.heapUsed < memoryStart.heapUsed * 1.5 + 20e6, `heap flat: ${figures.heapStartMb} → ${figures.heapEndMb} MB`);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await server.dispose();
  }
});
