import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ReportDto } from '@review/shared';
import type { DatabaseTarget } from '../../support/database.js';
import { Fixtures, type Member } from '../../support/fixtures.js';
import { repoRoot } from '../../support/server.js';
import { eachLimited, nowNs } from './bench-client.js';
import type { Usage } from './meter.js';
import type { WorkerPool } from './pool.js';
import type { BenchServer } from './server.js';

export interface BenchOptions {
  quick: boolean;
  profile: boolean;
  only: string[] | undefined;
  /** `--set key=value` overrides of scenario parameters, for exploring (e.g. throughput.docs=300). */
  overrides: Record<string, number>;
}

/** A scenario parameter, overridable with `--set <name>=<number>`. */
export function param(ctx: BenchContext, name: string, fallback: number): number {
  return ctx.options.overrides[name] ?? fallback;
}

export interface BenchContext {
  options: BenchOptions;
  target: DatabaseTarget;
  /** Human-readable database in use, for the output. */
  database: string;
  pool: WorkerPool;
  resultsDir: string;
  log(line: string): void;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export async function sleepUntil(ns: bigint): Promise<void> {
  await sleep(Number(ns - nowNs()) / 1e6);
}

export const msFromNow = (ms: number): bigint => nowNs() + BigInt(Math.round(ms * 1e6));

/** A team with a drafter and a supervisor; both may edit a draft report, so clients alternate between them. */
export interface Team {
  fx: Fixtures;
  teamId: string;
  drafter: Member;
  supervisor: Member;
  /** Session cookies of the two editors. */
  cookies: [string, string];
}

export async function setupTeam(url: string): Promise<Team> {
  const fx = await Fixtures.create(url);
  const t = await fx.newTeamWithMembers();
  const a = t.drafter.client.cookie;
  const b = t.supervisor.client.cookie;
  if (!a || !b) throw new Error('no session cookie');
  return { fx, teamId: t.team.id, drafter: t.drafter, supervisor: t.supervisor, cookies: [a, b] };
}

export function newReport(team: Team): Promise<ReportDto> {
  return team.fx.newReport(team.drafter.client, team.teamId, { reviewerId: team.supervisor.user.id });
}

export async function newReports(team: Team, count: number): Promise<string[]> {
  const ids = new Array<string>(count);
  await eachLimited(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
    ids[i] = (await newReport(team)).id;
  });
  return ids;
}

/** Starts the server's CPU profiler for a measurement window when --profile is given. */
export async function profiled<T>(ctx: BenchContext, server: BenchServer, name: string, fn: () => Promise<T>): Promise<T> {
  if (!ctx.options.profile) return fn();
  const dir = path.join(ctx.resultsDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  await server.profileStart();
  try {
    return await fn();
  } finally {
    const file = path.join(dir, `${name}.cpuprofile`);
    await server.profileStop(file);
    ctx.log(`  server CPU profile: ${path.relative(repoRoot, file)}`);
  }
}

/** What a figure is compared with. `pass` is null when there is no target. */
export interface Figure {
  name: string;
  value: number | string;
  unit: string;
  target?: string;
  pass?: boolean | null;
  note?: string;
  /** Other work on the machine (or a saturated load generator) disturbed this measurement. */
  noisy?: boolean;
  /** Not a timing: CPU noise cannot change it (memory, row counts). */
  exact?: boolean;
}

export interface SectionResult {
  id: string;
  title: string;
  figures: Figure[];
  details: Record<string, unknown>;
  usage?: Usage | Record<string, Usage>;
  warnings: string[];
  /** Average cores other processes on the machine used while the section ran. */
  otherCores?: number;
  /** Share (%) of the CPU time the hypervisor withheld while the section ran. */
  stealPct?: number;
}

export const round = (v: number, digits = 2): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);
