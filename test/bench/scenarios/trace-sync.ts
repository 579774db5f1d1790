import * as Y from 'yjs';
import { addParagraph, closeProvider, loadTrace, openProvider, textOf, withTimeout } from '../../support/collab.js';
import type { SyncSample } from '../lib/fresh-sync.js';
import {
  type BenchContext,
  type Figure,
  newReport,
  profiled,
  round,
  type SectionResult,
  setupTeam,
  sleep,
} from '../lib/context.js';
import { percentileOf } from '../lib/histogram.js';
import { BenchServer } from '../lib/server.js';

const PATCHES_PER_UPDATE = 400;
/** A fixed client id (of the usual 32-bit size) keeps the encoded document the same size on every run. */
const BUILDER_CLIENT_ID = 2_000_000_001;
const IDLE_MS = 1_500;
const CLIENT_WARMUPS = 5;
/** Updates a second the builder sends, under the server's per-socket limit of 200. */
const UPDATES_PER_SECOND = 150;

async function storedShape(server: BenchServer, reportId: string) {
  const [u] = await server.db.query<{ n: string; bytes: string }>(
    'SELECT count(*) AS n, coalesce(sum(octet_length(data)), 0) AS bytes FROM report_updates WHERE report_id = $1',
    [reportId],
  );
  const [s] = await server.db.query<{ upto: string | null; bytes: number | null }>(
    'SELECT max(upto_seq) AS upto, max(octet_length(data)) AS bytes FROM report_snapshots WHERE report_id = $1',
    [reportId],
  );
  return {
    updateRows: Number(u?.n ?? 0),
    updateBytes: Number(u?.bytes ?? 0),
    snapshotUptoSeq: s?.upto === null || s?.upto === undefined ? null : Number(s.upto),
    snapshotBytes: s?.bytes ?? null,
  };
}

/**
 * The 260k-edit automerge-paper trace, applied by a client in batches through real updates
 * (the server compacts them into a snapshot); then a fresh client's time to be synced, warm
 * (room in memory) and cold (server restarted: snapshot + tail from the database).
 */
export async function traceSync(ctx: BenchContext): Promise<SectionResult> {
  const warmRuns = ctx.options.quick ? 3 : 7;
  const coldRuns = ctx.options.quick ? 1 : 3;
  const server = await BenchServer.start(ctx.target, { COLLAB_IDLE_MS: String(IDLE_MS) });
  const warnings: string[] = [];
  const warm: SyncSample[] = [];
  const unloaded: SyncSample[] = [];
  const cold: SyncSample[] = [];
  let built: Record<string, unknown> = {};
  const clientWarmup: SyncSample[] = [];
  let stored: Awaited<ReturnType<typeof storedShape>> | undefined;
  try {
    const team = await setupTeam(server.url);
    const report = await newReport(team);
    const { patches, endContent } = loadTrace('automerge-paper');
    const builder = await openProvider(server.url, team.drafter.client, report.id);
    builder.doc.clientID = BUILDER_CLIENT_ID;
    addParagraph(builder.doc);
    const text = textOf(builder.doc, 0);
    const t0 = performance.now();
    let updates = 0;
    let paceFrom = performance.now();
    for (let i = 0; i < patches.length; i += PATCHES_PER_UPDATE) {
      builder.doc.transact(() => {
        for (const p of patches.slice(i, i + PATCHES_PER_UPDATE)) {
          if (p.deleteCount > 0) text.delete(p.position, p.deleteCount);
          if (p.insert) text.insert(p.position, p.insert);
        }
      });
      updates += 1;
      if (updates % 50 === 0) {
        await withTimeout(builder.whenSaved(), 60_000, 'builder updates not saved');
        await sleep((50 / UPDATES_PER_SECOND) * 1000 - (performance.now() - paceFrom));
        paceFrom = performance.now();
      }
    }
    await withTimeout(builder.whenSaved(), 60_000, 'builder updates not saved');
    const content = text.toString();
    if (content !== endContent) throw new Error('the trace did not reproduce its end content');
    const stateBytes = Y.encodeStateAsUpdate(builder.doc).byteLength;
    built = {
      edits: patches.length,
      characters: content.length,
      updatesSent: builder.progress.sent,
      patchesPerUpdate: PATCHES_PER_UPDATE,
      stateBytes,
      stateVectorBytes: Y.encodeStateVector(builder.doc).byteLength,
      buildSeconds: round((performance.now() - t0) / 1000, 1),
    };
    ctx.log(
      `  built: ${patches.length} edits in ${builder.progress.sent} updates, ${content.length} characters, ` +
        `state ${round(stateBytes / 1024, 1)} KB, ${built.buildSeconds} s`,
    );
    // Compaction runs after the commit that crosses the threshold; give it a moment.
    await sleep(2_000);

    // Fresh clients run in a load-generator thread: a heap of their own, like a browser tab.
    const fresh = () =>
      ctx.pool.call<SyncSample>(0, 'freshSync', {
        url: server.url,
        cookie: team.cookies[1],
        reportId: report.id,
        expectLength: content.length,
      });
    // The first syncs in that thread also compile the client's Yjs decoding paths: kept apart.
    for (let i = 0; i < CLIENT_WARMUPS; i++) clientWarmup.push(await fresh());
    await profiled(ctx, server, 'trace-warm', async () => {
      for (let i = 0; i < warmRuns; i++) warm.push(await fresh());
    });
    ctx.log(`  warm: ${warm.map((s) => round(s.syncedMs, 1)).join(', ')} ms`);
    closeProvider(builder);
    builder.doc.destroy();
    // Room unloaded after the idle period, process warm: loading from the database alone.
    for (let i = 0; i < coldRuns; i++) {
      await sleep(IDLE_MS + 1_500);
      unloaded.push(await fresh());
    }
    ctx.log(`  unloaded room, warm process: ${unloaded.map((s) => round(s.syncedMs, 1)).join(', ')} ms`);
    for (let i = 0; i < coldRuns; i++) {
      await server.stop();
      if (i === 0) stored = await storedShape(server, report.id).catch(() => undefined);
      await server.restart();
      cold.push(await profiled(ctx, server, `trace-cold-${i + 1}`, fresh));
    }
    ctx.log(`  cold (after restart): ${cold.map((s) => round(s.syncedMs, 1)).join(', ')} ms`);
    if (stored) ctx.log(`  stored: ${stored.updateRows} update rows, snapshot up to seq ${stored.snapshotUptoSeq} (${round((stored.snapshotBytes ?? 0) / 1024, 1)} KB)`);
  } finally {
    await server.dispose();
  }
  const med = (xs: number[]) => round(percentileOf(xs, 50), 1);
  const warmMs = med(warm.map((s) => s.syncedMs));
  const coldMs = med(cold.map((s) => s.syncedMs));
  if (stored && stored.snapshotUptoSeq === null) warnings.push('no snapshot was written: cold load replays the whole update log');
  const figures: Figure[] = [
    {
      name: '260k-edit document: fresh client synced, warm (median)',
      value: warmMs,
      unit: 'ms',
      target: '≤ 40 ms',
      pass: warmMs <= 40,
      note: `of which join → whole document received: ${med(warm.map((s) => s.receivedMs))} ms`,
    },
    {
      name: '260k-edit document: fresh client synced, cold after restart (median)',
      value: coldMs,
      unit: 'ms',
      target: '≤ 150 ms',
      pass: coldMs <= 150,
      note:
        `of which join → whole document received: ${med(cold.map((s) => s.receivedMs))} ms; with the process ` +
        `warm and only the room unloaded: ${med(unloaded.map((s) => s.syncedMs))} ms synced`,
    },
    {
      name: '260k-edit document: fresh client synced, room unloaded, process warm (median)',
      value: med(unloaded.map((s) => s.syncedMs)),
      unit: 'ms',
    },
  ];
  const rows = (xs: SyncSample[]) => xs.map((s) => ({ receivedMs: round(s.receivedMs, 1), syncedMs: round(s.syncedMs, 1), bytes: s.bytes }));
  return {
    id: 'trace',
    title: 'Fresh client synced on the 260k-edit automerge-paper document',
    figures,
    details: {
      built,
      stored,
      clientWarmup: rows(clientWarmup),
      warm: rows(warm),
      unloadedRoomWarmProcess: rows(unloaded),
      coldAfterRestart: rows(cold),
      definition:
        'a CollabProvider in a load-generator thread, socket already connected and authenticated; timed from join ' +
        'to the provider reporting synced (document applied). The first syncs of that thread (client-side JIT ' +
        'warm-up) are not among the samples.',
    },
    warnings,
  };
}
