import pg from 'pg';
import {
  type BenchContext,
  type Figure,
  msFromNow,
  newReports,
  param,
  profiled,
  round,
  type SectionResult,
  setupTeam,
  sleep,
  sleepUntil,
} from '../lib/context.js';
import { Histogram, type HistogramData } from '../lib/histogram.js';
import { Meter } from '../lib/meter.js';
import { split } from '../lib/pool.js';
import { BenchServer } from '../lib/server.js';
import { cpuSummary, loadWarnings, loopSummary } from './common.js';

const TARGET_PER_SECOND = 20_000;
/** The server closes a socket above 200 messages/s; writers stay under it. */
const MAX_RATE_PER_SOCKET = 180;
const BUCKET_MS = 100;
const TABLES = ['report_updates', 'report_snapshots', 'reports'] as const;

interface RunResult {
  buckets: number[];
  ackLatency: HistogramData;
  sent: number;
  saved: number;
  sentIncludingSetup: number;
  elu: number;
  threadCpuMs: number;
  lost: number;
  denied: number;
}

type TableStats = Record<(typeof TABLES)[number], { ins: number; upd: number; del: number }>;

async function tableStats(db: pg.Client): Promise<TableStats> {
  await db.query('SELECT pg_stat_clear_snapshot()');
  const rows = (
    await db.query<{ relname: string; ins: string; upd: string; del: string }>(
      `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del
         FROM pg_stat_user_tables WHERE relname = ANY($1)`,
      [TABLES],
    )
  ).rows;
  const out = {} as TableStats;
  for (const t of TABLES) {
    const r = rows.find((x) => x.relname === t);
    out[t] = { ins: Number(r?.ins ?? 0), upd: Number(r?.upd ?? 0), del: Number(r?.del ?? 0) };
  }
  return out;
}

/**
 * What the server's database connections are doing, sampled every 50 ms during the window:
 * counts of (state, wait event, statement) — shows lock waits and where commits spend time.
 */
function sampleActivity(db: pg.Client, until: bigint): Promise<{ samples: number; top: { what: string; share: number }[] }> {
  const counts = new Map<string, number>();
  let samples = 0;
  return (async () => {
    while (process.hrtime.bigint() < until) {
      const rows = (
        await db.query<{ state: string | null; wait: string | null; q: string | null }>(
          `SELECT state, wait_event_type || ':' || wait_event AS wait, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 70) AS q
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        )
      ).rows;
      samples += 1;
      for (const r of rows) {
        const key = r.state === 'idle' ? 'idle' : `${r.state ?? '?'} | ${r.wait ?? 'on CPU'} | ${r.q ?? ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await sleep(50);
    }
    const top = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([what, n]) => ({ what, share: round(n / Math.max(1, samples), 2) }));
    return { samples, top };
  })();
}

const walLsn = async (db: pg.Client) => (await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn')).rows[0]?.lsn ?? '0/0';

/**
 * Sustained persisted updates/s: many writers across many documents each keep a few small
 * updates in flight, sending the next as soon as `saved` acknowledges one. Counts acknowledged
 * updates over a fixed window; on PostgreSQL also WAL bytes per update, and checks that every
 * update became exactly one row and that saving never rewrites a whole document.
 */
export async function throughput(ctx: BenchContext): Promise<SectionResult> {
  // 100 documents: enough writers to stay clear of the per-socket cap, and each document passes the
  // compaction threshold (500 updates) during a full run, so compaction is part of the load.
  const docs = param(ctx, 'throughput.docs', 100);
  const writersPerDoc = param(ctx, 'throughput.writersPerDoc', 2);
  const window = param(ctx, 'throughput.window', 4);
  const warmupMs = ctx.options.quick ? 2_000 : 3_000;
  const measureMs = ctx.options.quick ? 5_000 : 15_000;
  const postgres = ctx.target.kind === 'postgres';
  const server = await BenchServer.start(ctx.target);
  const warnings: string[] = [];
  let details: Record<string, unknown> = {};
  const figures: Figure[] = [];
  let db: pg.Client | undefined;
  try {
    const team = await setupTeam(server.url);
    const ids = await newReports(team, docs);
    const writers = ids.flatMap((reportId) =>
      Array.from({ length: writersPerDoc }, (_, j) => ({ reportId, cookie: team.cookies[j % 2] })),
    );
    const parts = split(writers, ctx.pool.size);
    // Enough keystrokes made beforehand for a writer at the per-socket cap the whole run.
    const prepare = Math.ceil((MAX_RATE_PER_SOCKET * (warmupMs + measureMs)) / 1000);
    await ctx.pool.all('throughputSetup', (w) => ({ url: server.url, writers: parts[w] ?? [], prepare }));
    if (postgres) {
      db = new pg.Client({ connectionString: server.db.env.DATABASE_URL });
      await db.connect();
    }
    const countRows = async () => {
      const sql = 'SELECT count(*)::int AS n FROM report_updates WHERE report_id = ANY($1::uuid[])';
      if (db) return (await db.query<{ n: number }>(sql, [ids])).rows[0]?.n ?? 0;
      return 0;
    };
    const rows0 = await countRows();
    const stats0 = db ? await tableStats(db) : undefined;

    const start = msFromNow(500);
    const windowStart = start + BigInt(warmupMs * 1e6);
    const end = windowStart + BigInt(measureMs * 1e6);
    const runs = ctx.pool.all<RunResult>('throughputRun', () => ({
      startNs: start.toString(),
      durationMs: warmupMs + measureMs,
      window,
      maxRate: MAX_RATE_PER_SOCKET,
      bucketMs: BUCKET_MS,
    }));
    const meter = new Meter(server.pid, postgres);
    let activity: Awaited<ReturnType<typeof sampleActivity>> | undefined;
    const { usage, walBytes, loop } = await profiled(ctx, server, 'throughput', async () => {
      await sleepUntil(windowStart);
      const lsn0 = db ? await walLsn(db) : undefined;
      meter.start();
      await server.loopStart();
      if (postgres) {
        const probe = new pg.Client({ connectionString: server.db.env.DATABASE_URL });
        await probe.connect();
        activity = await sampleActivity(probe, end);
        await probe.end();
      }
      await sleepUntil(end);
      const u = meter.stop();
      const l = await server.loopStop();
      const lsn1 = db ? await walLsn(db) : undefined;
      const diff =
        db && lsn0 && lsn1
          ? Number((await db.query<{ d: string }>('SELECT pg_wal_lsn_diff($1, $2) AS d', [lsn1, lsn0])).rows[0]?.d ?? 0)
          : null;
      return { usage: u, walBytes: diff, loop: l };
    });
    const results = await runs;

    const first = Math.floor(warmupMs / BUCKET_MS);
    const last = Math.floor((warmupMs + measureMs) / BUCKET_MS);
    let ackedInWindow = 0;
    const perSecond: number[] = [];
    for (const r of results) {
      r.buckets.slice(first, last).forEach((c, i) => {
        ackedInWindow += c;
        const s = Math.floor((i * BUCKET_MS) / 1000);
        perSecond[s] = (perSecond[s] ?? 0) + c;
      });
    }
    const rate = ackedInWindow / (measureMs / 1000);
    const sent = results.reduce((a, r) => a + r.sent, 0);
    const saved = results.reduce((a, r) => a + r.saved, 0);
    const lost = results.reduce((a, r) => a + r.lost, 0);
    const denied = results.reduce((a, r) => a + r.denied, 0);
    const ack = new Histogram();
    for (const r of results) ack.merge(r.ackLatency);

    // Storage checks, once everything is acknowledged.
    await ctx.pool.all('closeAll', () => ({}));
    let rowsDelta: number;
    let stats: TableStats | undefined;
    let snapshotBytes: number | null = null;
    let updateBytes: number | null = null;
    let expectedCompactions: number | null = null;
    if (db && stats0) {
      rowsDelta = (await countRows()) - rows0;
      // Statistics reach pg_stat_user_tables up to ~10 s after the transactions (idle flush).
      const deadline = Date.now() + 15_000;
      do {
        await sleep(500);
        stats = await tableStats(db);
      } while (stats.report_updates.ins - stats0.report_updates.ins < rowsDelta && Date.now() < deadline);
      const delta = {} as TableStats;
      for (const t of TABLES) {
        delta[t] = {
          ins: stats[t].ins - stats0[t].ins,
          upd: stats[t].upd - stats0[t].upd,
          del: stats[t].del - stats0[t].del,
        };
      }
      stats = delta;
      updateBytes = Number(
        (
          await db.query<{ b: string | null }>(
            'SELECT avg(octet_length(data)) AS b FROM report_updates WHERE report_id = ANY($1::uuid[])',
            [ids],
          )
        ).rows[0]?.b ?? 0,
      );
      // Compaction folds the tail once it reaches 500 updates: about one snapshot per 500 per document.
      expectedCompactions = Number(
        (
          await db.query<{ n: string | null }>(
            `SELECT sum(floor(n / 500)) AS n FROM (SELECT count(*) AS n FROM report_updates
               WHERE report_id = ANY($1::uuid[]) GROUP BY report_id) c`,
            [ids],
          )
        ).rows[0]?.n ?? 0,
      );
      snapshotBytes = Number(
        (
          await db.query<{ b: string | null }>(
            'SELECT avg(octet_length(data)) AS b FROM report_snapshots WHERE report_id = ANY($1::uuid[])',
            [ids],
          )
        ).rows[0]?.b ?? 0,
      );
    } else {
      await server.stop();
      const [r] = await server.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM report_updates WHERE report_id = ANY($1::uuid[])',
        [ids],
      );
      // Each writer's paragraph (made before the run) is one row of its own.
      rowsDelta = (r?.n ?? 0) - writers.length;
    }
    const storedOnce = rowsDelta === sent && saved === sent;
    const perUpdateWal = walBytes === null || ackedInWindow === 0 ? null : walBytes / ackedInWindow;
    const snapshotsPerUpdate = stats ? stats.report_snapshots.ins / Math.max(1, stats.report_updates.ins) : null;
    // A whole-document rewrite per save would show as about one snapshot per update (and WAL per update
    // around the document's size); compaction writes about one per 500 updates of a document.
    const noRewrite =
      stats && expectedCompactions !== null
        ? stats.report_snapshots.ins <= expectedCompactions + docs && stats.report_snapshots.ins * 50 < stats.report_updates.ins
        : null;

    const w = loadWarnings(usage, results.map((r) => r.elu), lost, denied);
    const capacity = writers.length * MAX_RATE_PER_SOCKET;
    if (rate > 0.9 * capacity) w.push(`writers ran at their per-socket cap (${capacity}/s in total): the server may do more`);
    if (!postgres) w.push('measured on PGlite: the target is for PostgreSQL; WAL not measured');
    warnings.push(...w);

    // What one update costs on each side (server and PostgreSQL in CPU, the generator's threads in
    // busy time), and how many cores the target rate would take at those costs: the load
    // generator shares this machine's cores, which bounds what the measurement can show.
    const perUpdateUs = (cores: number | null) => (cores === null || rate === 0 ? 0 : (cores / rate) * 1e6);
    const serverUs = perUpdateUs(usage.serverCores);
    const generatorUs = perUpdateUs(results.reduce((a, r) => a + r.elu, 0));
    const postgresUs = perUpdateUs(usage.postgresCores);
    const coresAtTarget = round(((serverUs + generatorUs + postgresUs) * TARGET_PER_SECOND) / 1e6, 1);
    const cost =
      `per update: server ${Math.round(serverUs)} µs CPU, load generator ${Math.round(generatorUs)} µs busy` +
      (postgresUs ? `, PostgreSQL ${Math.round(postgresUs)} µs CPU` : '') +
      ` → ${TARGET_PER_SECOND.toLocaleString('en')}/s at these costs would take ~${coresAtTarget} cores (this machine: ${usage.cores})`;
    figures.push({
      name: `persisted updates/s (${writers.length} writers on ${docs} documents, ${window} in flight each)`,
      value: Math.round(rate),
      unit: '/s',
      target: `≥ ${TARGET_PER_SECOND.toLocaleString('en')} on PostgreSQL`,
      pass: postgres ? rate >= TARGET_PER_SECOND : null,
      note: `save latency (send → saved) p50 ${round(ack.percentile(50) / 1000)} ms, p99 ${round(ack.percentile(99) / 1000)} ms; ${cost}`,
      noisy: w.some((x) => !x.startsWith('measured on PGlite')),
    });
    figures.push({
      name: 'each update stored once (rows in report_updates = updates sent)',
      value: `${rowsDelta} rows / ${sent} sent`,
      unit: '',
      target: 'equal',
      pass: storedOnce,
      exact: true,
    });
    if (perUpdateWal !== null) {
      figures.push({
        name: 'WAL bytes per persisted update',
        value: Math.round(perUpdateWal),
        unit: 'B',
        note: `pg_wal_lsn_diff over the window (cluster-wide); an update row holds ${round(updateBytes ?? 0, 0)} B of Yjs data on average`,
      });
    }
    if (noRewrite !== null && stats) {
      figures.push({
        name: 'no whole-document rewrite per save',
        value: `${stats.report_snapshots.ins} snapshots for ${stats.report_updates.ins} updates`,
        unit: '',
        target: `snapshots only on compaction (≈ ${expectedCompactions} here)`,
        pass: noRewrite,
        exact: true,
        note:
          `snapshots average ${round((snapshotBytes ?? 0) / 1024, 1)} KB; the reports row was updated ${stats.reports.upd} ` +
          `times (log_seq once per commit, content_hash once per room every 500 ms), no document content in it`,
      });
    }
    details = {
      database: ctx.database,
      documents: docs,
      writers: writers.length,
      writersPerDocument: writersPerDoc,
      inFlightPerWriter: window,
      maxRatePerSocket: MAX_RATE_PER_SOCKET,
      warmupMs,
      measureMs,
      ackedInWindow,
      updatesPerSecond: Math.round(rate),
      cpuPerUpdateUs: { server: Math.round(serverUs), generator: Math.round(generatorUs), postgres: Math.round(postgresUs) },
      coresAtTarget,
      perSecond,
      sent,
      saved,
      rowsStored: rowsDelta,
      storedOnce,
      saveLatencyMs: {
        p50: round(ack.percentile(50) / 1000),
        p99: round(ack.percentile(99) / 1000),
        max: round(ack.max / 1000),
      },
      walBytesInWindow: walBytes,
      walBytesPerUpdate: perUpdateWal === null ? null : Math.round(perUpdateWal),
      tableChanges: stats,
      databaseConnections: activity
        ? { note: 'average number of the server\'s connections in each state during the window', ...activity }
        : null,
      snapshotsPerUpdate,
      averageSnapshotBytes: snapshotBytes,
      averageUpdateBytes: updateBytes,
      expectedCompactions,
      generatorThreadBusy: results.map((r) => round(r.elu)),
      serverMainThread: loopSummary(loop),
      ...cpuSummary(usage),
    };
    ctx.log(
      `  ${Math.round(rate)} updates/s acknowledged (save latency p50 ${round(ack.percentile(50) / 1000)} ms, ` +
        `p99 ${round(ack.percentile(99) / 1000)} ms); server ${round(usage.serverCores)} cores (main thread busy ` +
        `${round(loop.busy * 100, 0)} %), ` +
        `PostgreSQL ${usage.postgresCores === null ? 'n/a' : round(usage.postgresCores)} cores, generator threads busy ` +
        `${results.map((r) => round(r.elu)).join('/')}`,
    );
    ctx.log(`  rows ${rowsDelta} for ${sent} sent${perUpdateWal === null ? '' : `, ${Math.round(perUpdateWal)} WAL bytes per update`}`);
    ctx.log(`  ${cost}`);
  } finally {
    await db?.end();
    await server.dispose();
  }
  return {
    id: 'throughput',
    title: `Sustained persisted updates (${ctx.database})`,
    figures,
    details,
    warnings,
  };
}
