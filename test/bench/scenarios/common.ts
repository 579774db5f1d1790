import { addParagraph, closeProvider, openProvider } from '../../support/collab.js';
import type { Usage } from '../lib/meter.js';
import type { ServerLoop } from '../lib/server.js';
import { round, type Team } from '../lib/context.js';

/** Gives the report one paragraph per typist, made by one client before the typists join. */
export async function seedParagraphs(url: string, team: Team, reportId: string, count: number): Promise<void> {
  const seed = await openProvider(url, team.drafter.client, reportId);
  seed.doc.transact(() => {
    for (let i = 0; i < count; i++) addParagraph(seed.doc, `第${i + 1}段：`);
  });
  await seed.whenSaved();
  closeProvider(seed);
}

/** Warnings that qualify a measurement: a busy load generator, a busy machine, a lost connection. */
export function loadWarnings(usage: Usage, elus: number[], lost: number, denied: number): string[] {
  const out: string[] = [];
  const elu = Math.max(0, ...elus);
  if (elu > 0.9) out.push(`load generator saturated: a client thread was busy ${Math.round(elu * 100)} % of the time`);
  if (usage.machineBusy > 0.95) {
    out.push(`machine CPU saturated: ${Math.round(usage.machineBusy * 100)} % of ${usage.cores} cores busy`);
  }
  if (usage.otherCores > 0.15) out.push(`other processes used ${round(usage.otherCores)} cores meanwhile (noise)`);
  if (usage.steal > 0.05) {
    out.push(`the hypervisor withheld ${Math.round(usage.steal * 100)} % of the CPU time (steal: a busy host; noise)`);
  }
  if (lost > 0) out.push(`${lost} client connections were lost`);
  if (denied > 0) out.push(`${denied} updates were denied`);
  return out;
}

export const cpuSummary = (u: Usage) => ({
  serverCores: round(u.serverCores),
  generatorCores: round(u.benchCores),
  postgresCores: u.postgresCores === null ? null : round(u.postgresCores),
  otherCores: round(u.otherCores),
  stealPct: round(u.steal * 100, 0),
  machineBusyPct: round(u.machineBusy * 100, 0),
  serverRssMb: round(u.serverRssEndKb / 1024, 1),
  serverRssPeakMb: round(u.serverRssPeakKb / 1024, 1),
});

export const loopSummary = (l: ServerLoop) => ({
  busyPct: round(l.busy * 100, 0),
  eventLoopDelayP50Ms: l.delayP50Ms,
  eventLoopDelayP99Ms: l.delayP99Ms,
  eventLoopDelayMaxMs: l.delayMaxMs,
});
