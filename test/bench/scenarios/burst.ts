import {
  type BenchContext,
  type Figure,
  msFromNow,
  newReport,
  profiled,
  round,
  type SectionResult,
  setupTeam,
  sleep,
} from '../lib/context.js';
import { percentileOf } from '../lib/histogram.js';
import { Meter } from '../lib/meter.js';
import { split } from '../lib/pool.js';
import { BenchServer } from '../lib/server.js';
import { cpuSummary, loadWarnings, loopSummary, seedParagraphs } from './common.js';

const CLIENT_BASE = 200_000;

interface BurstResult {
  convergedMs: (number | null)[];
  sendSpreadMs: number;
  messagesPerClient: number;
  elu: number;
  digests: string[];
  lost: number;
  denied: number;
}

/**
 * Burst convergence: 200 clients each type one character at the same instant; for each client,
 * the time until it has received all the others' characters. Repeated for a few rounds.
 */
export async function burst(ctx: BenchContext): Promise<SectionResult> {
  const n = 200;
  // Round 1 warms up the JIT of server and clients on this path; it is reported but not counted.
  const rounds = ctx.options.quick ? 3 : 6;
  const server = await BenchServer.start(ctx.target);
  const warnings: string[] = [];
  const perRound: Record<string, unknown>[] = [];
  const all: number[] = [];
  let notConverged = 0;
  let diverged = 0;
  try {
    const team = await setupTeam(server.url);
    const report = await newReport(team);
    await seedParagraphs(server.url, team, report.id, n);
    const parts = split(
      Array.from({ length: n }, (_, i) => i),
      ctx.pool.size,
    );
    await ctx.pool.all('typistsSetup', (w) => ({
      url: server.url,
      reportId: report.id,
      typists: (parts[w] ?? []).map((i) => ({ index: i, cookie: team.cookies[i % 2] })),
      clientBase: CLIENT_BASE,
      total: n,
      sendTimes: new SharedArrayBuffer(n * (rounds + 2) * 8),
      maxKeys: rounds + 2,
    }));
    await sleep(500);
    for (let r = 0; r < rounds; r++) {
      const meter = new Meter(server.pid, ctx.target.kind === 'postgres').start();
      await server.loopStart();
      const results = await profiled(ctx, server, `burst-${r + 1}`, () =>
        ctx.pool.all<BurstResult>('burstFire', () => ({ atNs: msFromNow(500).toString(), round: r, timeoutMs: 20_000 })),
      );
      const usage = meter.stop();
      const loop = await server.loopStop();
      const times = results.flatMap((x) => x.convergedMs);
      const done = times.filter((t): t is number => t !== null);
      notConverged += times.length - done.length;
      const digests = new Set(results.flatMap((x) => x.digests));
      if (digests.size !== 1) diverged += 1;
      if (r > 0) all.push(...done);
      const lost = results.reduce((a, x) => a + x.lost, 0);
      const denied = results.reduce((a, x) => a + x.denied, 0);
      const w = loadWarnings(usage, results.map((x) => x.elu), lost, denied);
      warnings.push(...w.map((x) => `round ${r + 1}: ${x}`));
      const row = {
        round: r + 1,
        warmup: r === 0,
        p50Ms: round(percentileOf(done, 50)),
        p99Ms: round(percentileOf(done, 99)),
        totalMs: round(Math.max(...done)),
        notConverged: times.length - done.length,
        identicalDocuments: digests.size === 1,
        sendSpreadMs: round(Math.max(...results.map((x) => x.sendSpreadMs))),
        // How many broadcasts carried the 200 keystrokes to each client (the server merges per event-loop turn).
        messagesPerClient: round(results.reduce((a, x) => a + x.messagesPerClient, 0) / results.length, 1),
        generatorThreadBusy: results.map((x) => round(x.elu)),
        serverMainThread: loopSummary(loop),
        ...cpuSummary(usage),
      };
      perRound.push(row);
      ctx.log(
        `  round ${r + 1}${r === 0 ? ' (warm-up)' : ''}: p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, all converged after ${row.totalMs} ms` +
          `${row.notConverged ? `, ${row.notConverged} clients not converged` : ''}${digests.size === 1 ? '' : ', DOCUMENTS DIFFER'}`,
      );
      await sleep(1_000);
    }
    await ctx.pool.all('closeAll', () => ({}));
  } finally {
    await server.dispose();
  }
  const p50 = round(percentileOf(all, 50));
  const p99 = round(percentileOf(all, 99));
  const total = round(percentileOf(perRound.slice(1).map((r) => Number(r.totalMs)), 50));
  if (notConverged > 0) warnings.push(`${notConverged} client-rounds did not converge within 20 s`);
  if (diverged > 0) warnings.push(`${diverged} rounds ended with differing documents`);
  const ok = notConverged === 0 && diverged === 0;
  const noisy = warnings.length > 0;
  const figures: Figure[] = [
    { name: 'burst: time to see all, p50 per client', value: p50, unit: 'ms', noisy },
    {
      name: 'burst: time to see all, p99 per client',
      value: p99,
      unit: 'ms',
      target: '≤ 300 ms',
      pass: ok && p99 <= 300,
      note: ok ? undefined : 'not all clients converged to identical documents',
      noisy,
    },
    { name: 'burst: until the last client converged (median of rounds)', value: total, unit: 'ms', noisy },
  ];
  return {
    id: 'burst',
    title: `Burst convergence: ${n} clients write at the same instant`,
    figures,
    details: {
      clients: n,
      rounds,
      countedRounds: 'all but the first (JIT warm-up)',
      p50Ms: p50,
      p99Ms: p99,
      totalMedianMs: total,
      perRound,
      notConverged,
      diverged,
    },
    warnings,
  };
}
