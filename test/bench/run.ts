/**
 * `npm run bench [-- --quick] [-- --only=latency,burst,memory,trace,throughput] [-- --profile]
 *   [-- --set throughput.docs=300 --set throughput.writersPerDoc=1 --set throughput.window=8]`
 *
 * Starts the built API server in processes of its own (one per scenario, each with a fresh
 * database), drives it with real Socket.IO clients from worker threads of this process, reads
 * the server's CPU and memory from /proc, and writes bench-results/latest.{json,md}.
 * Database: DATABASE_URL, else TEST_POSTGRES_URL, else embedded PGlite.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseTarget } from '../support/database.js';
import { repoRoot } from '../support/server.js';
import type { BenchContext, BenchOptions, SectionResult } from './lib/context.js';
import { tcpRoundTrip } from './lib/floor.js';
import { WorkerPool } from './lib/pool.js';
import { NoiseMonitor } from './lib/meter.js';
import { machineCpu } from './lib/proc.js';
import { type BenchReport, toConsole, toMarkdown } from './lib/report.js';
import { BenchServer } from './lib/server.js';
import { burst } from './scenarios/burst.js';
import { latency } from './scenarios/latency.js';
import { memory } from './scenarios/memory.js';
import { throughput } from './scenarios/throughput.js';
import { traceSync } from './scenarios/trace-sync.js';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<SectionResult>> = {
  latency,
  burst,
  memory,
  trace: traceSync,
  throughput,
};

function parseOptions(argv: string[]): BenchOptions {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const options: BenchOptions = {
    quick: argv.includes('--quick') || process.env.BENCH_QUICK === '1',
    profile: argv.includes('--profile'),
    only: only ? only.split(',').filter(Boolean) : undefined,
    overrides: {},
  };
  argv.forEach((a, i) => {
    if (a !== '--set') return;
    const [key, value] = (argv[i + 1] ?? '').split('=');
    if (!key || value === undefined || !Number.isFinite(Number(value))) throw new Error(`--set needs name=number, got "${argv[i + 1]}"`);
    options.overrides[key] = Number(value);
  });
  for (const name of options.only ?? []) {
    if (!SCENARIOS[name]) throw new Error(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
  }
  return options;
}

function databaseTarget(): { target: DatabaseTarget; label: string } {
  const fromEnv = process.env.DATABASE_URL ? 'DATABASE_URL' : process.env.TEST_POSTGRES_URL ? 'TEST_POSTGRES_URL' : undefined;
  if (!fromEnv) return { target: { kind: 'pglite' }, label: 'PGlite (embedded; set TEST_POSTGRES_URL for PostgreSQL)' };
  const url = new URL(process.env[fromEnv] ?? '');
  return { target: { kind: 'postgres', adminUrl: url.toString() }, label: `PostgreSQL at ${url.host} (${fromEnv})` };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Above this many cores used by other processes during a section, its figures are marked noisy. */
const NOISY_CORES = 0.25;
/** Above this share of CPU time stolen by the hypervisor (a busy host), likewise. */
const NOISY_STEAL = 0.05;

/** Cores the rest of the machine keeps busy (other jobs skew every figure here). */
async function otherLoad(ms: number): Promise<{ cores: number; stealPct: number }> {
  const m0 = machineCpu();
  const own0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const m1 = machineCpu();
  const own = process.cpuUsage(own0);
  return {
    cores: Number(Math.max(0, (m1.busyMs - m0.busyMs - (own.user + own.system) / 1000) / ms).toFixed(2)),
    stealPct: Math.round((100 * (m1.stealMs - m0.stealMs)) / Math.max(1, m1.totalMs - m0.totalMs)),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { target, label } = databaseTarget();
  const resultsDir = path.join(repoRoot, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  const started = Date.now();
  const budgetMs = (options.quick ? 4 : 12) * 60_000;
  const pool = WorkerPool.start(2);
  const ctx: BenchContext = { options, target, database: label, pool, resultsDir, log: (l) => console.log(l) };
  const report: BenchReport = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: 0,
    mode: options.quick ? 'quick' : 'full',
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.versions.node,
      loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
      busyAtStart: await otherLoad(2_000),
      tcpRoundTripIdle: await tcpRoundTrip(),
    },
    commit: commit(),
    database: label,
    sections: [],
    failures: [],
  };
  const write = () => {
    report.durationSeconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(resultsDir, 'latest.md'), toMarkdown(report));
  };
  // The benchmark stops by itself: past its budget it writes what it has and ends.
  const deadline = setTimeout(() => {
    console.error(`benchmark exceeded ${budgetMs / 60_000} minutes; writing partial results and stopping`);
    report.failures.push({ section: 'time budget', error: `stopped after ${budgetMs / 60_000} minutes` });
    write();
    void BenchServer.disposeAll().finally(() => process.exit(1));
  }, budgetMs);

  console.log(`Benchmark (${report.mode}) on ${label}; ${report.machine.cores} cores`);
  const floor = report.machine.tcpRoundTripIdle;
  console.log(`  machine floor: loopback TCP round trip between two idle processes p50 ${floor.p50Ms} ms, p99 ${floor.p99Ms} ms`);
  const busy = report.machine.busyAtStart;
  if (busy.cores > NOISY_CORES || busy.stealPct > NOISY_STEAL * 100) {
    console.log(
      `  warning: other processes keep ${busy.cores} cores busy and the hypervisor withholds ${busy.stealPct} % ` +
        'of the CPU time (steal): the figures will be noisy',
    );
  }
  for (const [name, run] of Object.entries(SCENARIOS)) {
    if (options.only && !options.only.includes(name)) continue;
    console.log(`\n[${name}]`);
    const t0 = Date.now();
    const noise = new NoiseMonitor().start();
    try {
      const section = await run(ctx);
      const { otherCores, steal } = noise.stop();
      section.otherCores = Number(otherCores.toFixed(2));
      section.stealPct = Math.round(steal * 100);
      if (otherCores > NOISY_CORES) {
        section.warnings.push(`other processes used ${section.otherCores} cores on average meanwhile: figures are noisy`);
      }
      if (steal > NOISY_STEAL) {
        section.warnings.push(`the hypervisor withheld ${section.stealPct} % of the CPU time meanwhile (steal): figures are noisy`);
      }
      if (otherCores > NOISY_CORES || steal > NOISY_STEAL) for (const f of section.figures) f.noisy = !f.exact;
      report.sections.push(section);
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.error(`  ${name} failed: ${error}`);
      report.failures.push({ section: name, error });
      await pool.all('closeAll', () => ({})).catch(() => undefined);
    }
    console.log(`  (${Math.round((Date.now() - t0) / 1000)} s)`);
    write();
  }
  clearTimeout(deadline);
  await Promise.race([pool.close(), new Promise((r) => setTimeout(r, 5_000))]);
  write();
  console.log(toConsole(report));
  console.log(`Written: ${path.relative(repoRoot, path.join(resultsDir, 'latest.md'))} and latest.json`);
  if (process.env.BENCH_DEBUG_HANDLES) console.log(process.getActiveResourcesInfo());
  // Stop here even if a client library left a timer or socket behind.
  process.exit(report.failures.length > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
