import {
  type BenchContext,
  type Figure,
  msFromNow,
  newReport,
  profiled,
  round,
  type SectionResult,
  setupTeam,
  sleepUntil,
} from '../lib/context.js';
import { Histogram, type HistogramData } from '../lib/histogram.js';
import { Meter } from '../lib/meter.js';
import { split } from '../lib/pool.js';
import { BenchServer } from '../lib/server.js';
import { cpuSummary, loadWarnings, loopSummary, seedParagraphs } from './common.js';

const CLIENT_BASE = 100_000;
const CHARS_PER_SECOND = 5;

interface TypeResult {
  hist: HistogramData;
  samples: number;
  missing: number;
  sentInWindow: number;
  sentTotal: number;
  elu: number;
  threadCpuMs: number;
  drainMs: number;
  lost: number;
  denied: number;
}

/**
 * Propagation latency: N clients type 5 characters a second into one document (each into its
 * own paragraph); every arrival of another client's keystroke is a sample of send → receive.
 */
export async function latency(ctx: BenchContext): Promise<SectionResult> {
  const sizes = [10, 50, 200];
  const warmupMs = ctx.options.quick ? 1_500 : 2_000;
  const measureMs = ctx.options.quick ? 4_000 : 10_000;
  const intervalMs = 1000 / CHARS_PER_SECOND;
  const server = await BenchServer.start(ctx.target);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const usages: SectionResult['usage'] = {};
  const warnings: string[] = [];
  try {
    const team = await setupTeam(server.url);
    for (const n of sizes) {
      const report = await newReport(team);
      await seedParagraphs(server.url, team, report.id, n);
      const durationMs = warmupMs + measureMs;
      const maxKeys = Math.ceil(durationMs / intervalMs) + 4;
      const sendTimes = new SharedArrayBuffer(n * maxKeys * 8);
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
        sendTimes,
        maxKeys,
      }));
      const start = msFromNow(300);
      const windowStart = start + BigInt(warmupMs * 1e6);
      const end = start + BigInt(durationMs * 1e6);
      const meter = new Meter(server.pid, ctx.target.kind === 'postgres');
      const runs = ctx.pool.all<TypeResult>('typeRun', () => ({
        startNs: start.toString(),
        durationMs,
        warmupMs,
        intervalMs,
        quietMs: 500,
        maxDrainMs: 15_000,
      }));
      const { usage, loop } = await profiled(ctx, server, `latency-${n}`, async () => {
        await sleepUntil(windowStart);
        meter.start();
        await server.loopStart();
        await sleepUntil(end);
        return { usage: meter.stop(), loop: await server.loopStop() };
      });
      const results = await runs;
      await ctx.pool.all('closeAll', () => ({}));

      const hist = new Histogram();
      for (const r of results) hist.merge(r.hist);
      const sent = results.reduce((a, r) => a + r.sentInWindow, 0);
      const expected = sent * (n - 1);
      const lost = results.reduce((a, r) => a + r.lost, 0);
      const denied = results.reduce((a, r) => a + r.denied, 0);
      const ms = (us: number) => round(us / 1000, 2);
      const p50 = ms(hist.percentile(50));
      const p99 = ms(hist.percentile(99));
      const delivered = expected === 0 ? 0 : hist.count / expected;
      const w = loadWarnings(usage, results.map((r) => r.elu), lost, denied);
      if (delivered < 0.999) w.push(`only ${round(delivered * 100, 1)} % of the expected deliveries arrived within the drain time`);
      warnings.push(...w.map((x) => `${n} clients: ${x}`));
      const noisy = w.length > 0;
      figures.push({ name: `latency p50, ${n} clients`, value: p50, unit: 'ms', noisy });
      figures.push({
        name: `latency p99, ${n} clients`,
        value: p99,
        unit: 'ms',
        ...(n === 50 ? { target: '≤ 15 ms', pass: p99 <= 15 } : {}),
        noisy,
      });
      details[`clients_${n}`] = {
        p50Ms: p50,
        p90Ms: ms(hist.percentile(90)),
        p99Ms: p99,
        p999Ms: ms(hist.percentile(99.9)),
        maxMs: ms(hist.max),
        meanMs: ms(hist.mean),
        samples: hist.count,
        expectedSamples: expected,
        deliveredPct: round(delivered * 100, 2),
        keystrokesInWindow: sent,
        keystrokesPerSecond: round(sent / (measureMs / 1000), 1),
        untraceable: results.reduce((a, r) => a + r.missing, 0),
        generatorThreadBusy: results.map((r) => round(r.elu)),
        drainMs: round(Math.max(...results.map((r) => r.drainMs)), 0),
        serverMainThread: loopSummary(loop),
        ...cpuSummary(usage),
      };
      usages[`clients_${n}`] = usage;
      ctx.log(
        `  ${String(n).padStart(3)} clients: p50 ${p50} ms, p99 ${p99} ms (${hist.count} samples, ` +
          `${round(delivered * 100, 1)} % delivered; server ${round(usage.serverCores)} cores, main thread busy ` +
          `${round(loop.busy * 100, 0)} %, event-loop delay p99 ${loop.delayP99Ms} ms, ` +
          `generator threads busy ${results.map((r) => round(r.elu)).join('/')})`,
      );
    }
  } finally {
    await server.dispose();
  }
  return {
    id: 'latency',
    title: `Propagation latency, clients typing ${CHARS_PER_SECOND} chars/s on one document`,
    figures,
    details: { warmupMs, measureMs, ...details },
    usage: usages,
    warnings,
  };
}
