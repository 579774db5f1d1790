import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FRAGMENT, parseReport } from '@review/shared';
import * as Y from 'yjs';
import { repoRoot } from '../../support/server.js';
import {
  type BenchContext,
  type Figure,
  newReports,
  round,
  type SectionResult,
  setupTeam,
  sleep,
} from '../lib/context.js';
import { split } from '../lib/pool.js';
import { BenchServer, type ServerMemory } from '../lib/server.js';

const TEXT_BYTES = 10 * 1024;

/** Deterministic PRNG, so every run builds the same document. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A ~10 KB report (UTF-8 text) from the sample reports in test/fixtures/reports (title and blocks
 * as the import reads them, so without their page numbers), typed the way people type: in short
 * runs, sometimes a run before the one it follows, sometimes a typo deleted again. The result
 * is a document of many Yjs items with tombstones, not one big string.
 */
export function buildTenKbReport(): { update: Uint8Array; textBytes: number; blocks: number; items: number } {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'reports');
  const lines = ['party-spirit-analysis.txt', 'study-and-inspection.txt', 'democratic-life-meeting-outline.txt']
    .flatMap((f) => {
      const { title, blocks } = parseReport(readFileSync(path.join(dir, f), 'utf8'), 'txt');
      return [title ?? '', ...blocks.map((b) => b.text)];
    })
    .map((l) => l.trim())
    .filter(Boolean);
  const random = rng(42);
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(FRAGMENT);
  let bytes = 0;
  let blocks = 0;
  for (const line of lines) {
    if (bytes >= TEXT_BYTES) break;
    const chars = Array.from(line).slice(0, Math.ceil((TEXT_BYTES - bytes) / 3) + 1);
    const content = chars.join('');
    bytes += Buffer.byteLength(content);
    const heading = blocks === 0 || /^[一二三四五六七八九十]+、/.test(content);
    const el = new Y.XmlElement(heading ? 'heading' : 'paragraph');
    if (heading) el.setAttribute('level', (blocks === 0 ? 1 : 2) as unknown as string); // a number, as y-prosemirror writes it
    const text = new Y.XmlText();
    el.insert(0, [text]);
    fragment.push([el]);
    blocks += 1;
    // Runs of 1–8 characters; now and then the next run is typed first, or a typo is undone.
    const runs: string[] = [];
    for (let i = 0; i < chars.length; ) {
      const len = 1 + Math.floor(random() * 8);
      runs.push(chars.slice(i, i + len).join(''));
      i += len;
    }
    let typed = 0;
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r] ?? '';
      const next = runs[r + 1];
      if (next !== undefined && random() < 0.1) {
        text.insert(typed, next);
        text.insert(typed, run);
        typed += run.length + next.length;
        r += 1;
        continue;
      }
      if (random() < 0.05) {
        text.insert(typed, '错字');
        text.delete(typed, 2);
      }
      text.insert(typed, run);
      typed += run.length;
    }
  }
  const update = Y.encodeStateAsUpdate(doc);
  return { update, textBytes: bytes, blocks, items: Y.decodeUpdate(update).structs.length };
}

/** Heap of a bare Y.Doc of this document, measured in a process of its own (doc-memory.ts). */
function bareDocHeap(): { typedBytes: number; oneInsertPerParagraphBytes: number } | undefined {
  const script = path.join(import.meta.dirname, '..', 'doc-memory.ts');
  const res = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
    cwd: path.join(import.meta.dirname, '..', '..'),
    encoding: 'utf8',
  });
  try {
    return JSON.parse(res.stdout) as { typedBytes: number; oneInsertPerParagraphBytes: number };
  } catch {
    return undefined;
  }
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
const kb = (bytes: number) => round(bytes / 1024, 1);

/**
 * Server memory per open document: 1,000 reports holding ~10 KB of text each, opened by one
 * client each; then everything closed and, after the idle grace period, what the server keeps.
 */
export async function memory(ctx: BenchContext): Promise<SectionResult> {
  const docs = 1_000;
  const idleMs = 1_500;
  const server = await BenchServer.start(ctx.target, { COLLAB_IDLE_MS: String(idleMs) });
  const warnings: string[] = [];
  let phases: Record<string, ServerMemory> = {};
  const template = buildTenKbReport();
  let joinedBytes = 0;
  try {
    const team = await setupTeam(server.url);
    const t0 = Date.now();
    const ids = await newReports(team, docs);
    ctx.log(`  ${docs} reports created in ${round((Date.now() - t0) / 1000, 1)} s`);
    const parts = split(ids, ctx.pool.size);
    await ctx.pool.all('fill', (w) => ({
      url: server.url,
      cookie: team.cookies[0],
      reportIds: parts[w] ?? [],
      update: template.update,
    }));
    ctx.log(`  filled with ${kb(template.textBytes)} KB of text each (${template.items} Yjs items, ${kb(template.update.byteLength)} KB encoded)`);
    // Let the rooms the filling opened unload, then measure from there.
    await sleep(idleMs + 2_000);
    const before = await server.memory();
    ctx.log(`  opening ${docs} sockets`);
    await ctx.pool.all('openSockets', (w) => ({ url: server.url, cookie: team.cookies[w % 2], reportIds: parts[w] ?? [] }));
    await sleep(1_000);
    const connected = await server.memory();
    ctx.log(`  joining ${docs} documents`);
    const joined = await ctx.pool.all<{ joined: number; bytes: number }>('joinAll', () => ({}));
    joinedBytes = joined.reduce((a, j) => a + j.bytes, 0);
    await sleep(1_000);
    const rawOpen = server.proc();
    const open = await server.memory();
    await ctx.pool.all('closeAll', () => ({}));
    await sleep(idleMs + 3_000);
    const closed = await server.memory();
    phases = { before, connected, open, closed };
    ctx.log(
      `  RSS: before ${mb(before.rssKb * 1024)} MB, ${docs} sockets ${mb(connected.rssKb * 1024)} MB, ` +
        `${docs} documents open ${mb(open.rssKb * 1024)} MB (${mb(rawOpen.rssKb * 1024)} MB before GC), ` +
        `all closed + idle unload ${mb(closed.rssKb * 1024)} MB`,
    );
  } finally {
    await server.dispose();
  }
  const { before, connected, open, closed } = phases as Record<'before' | 'connected' | 'open' | 'closed', ServerMemory>;
  const perDoc = ((open.rssKb - before.rssKb) * 1024) / docs;
  const perDocRoomsOnly = ((open.rssKb - connected.rssKb) * 1024) / docs;
  const heapPerDoc = (open.heapUsed - connected.heapUsed) / docs;
  const retainedRss = (closed.rssKb - before.rssKb) * 1024;
  const retainedHeap = closed.heapUsed - before.heapUsed;
  const openHeap = open.heapUsed - before.heapUsed;
  // Unloaded: of the heap the open documents took, at most 10 % is still held after the grace period.
  const unloaded = retainedHeap <= 0.1 * openHeap;
  if (!unloaded) warnings.push(`after closing, the heap still holds ${mb(retainedHeap)} MB of the ${mb(openHeap)} MB the documents took`);
  const bare = bareDocHeap();
  const figures: Figure[] = [
    {
      name: `RSS per open ~10 KB document (${docs} open, one client socket each)`,
      value: kb(perDoc),
      unit: 'KB',
      target: '≤ 90 KB',
      pass: perDoc <= 90 * 1024,
      exact: true,
      note:
        `documents alone (sockets already open): ${kb(perDocRoomsOnly)} KB RSS, ${kb(heapPerDoc)} KB V8 heap` +
        (bare
          ? `; a bare Y.Doc of this document costs ${kb(bare.typedBytes)} KB of heap outside the server ` +
            `(${kb(bare.oneInsertPerParagraphBytes)} KB if each paragraph had been written in one insert)`
          : ''),
    },
    {
      name: 'retained after all closed and idle unload (RSS over before)',
      value: mb(retainedRss),
      unit: 'MB',
      target: 'idle documents unloaded',
      pass: unloaded,
      exact: true,
      note: `V8 heap: ${mb(retainedHeap)} MB retained of ${mb(openHeap)} MB taken while open`,
    },
  ];
  const row = (m: ServerMemory) => ({
    rssMb: mb(m.rssKb * 1024),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
    arrayBuffersMb: mb(m.arrayBuffers),
  });
  return {
    id: 'memory',
    title: `Server memory with ${docs} open documents`,
    figures,
    details: {
      documents: docs,
      textBytesPerDocument: template.textBytes,
      blocksPerDocument: template.blocks,
      yjsItemsPerDocument: template.items,
      encodedBytesPerDocument: template.update.byteLength,
      bytesSentToClientsOnJoin: joinedBytes,
      idleMs,
      note: 'each figure read after a full GC in the server (server-hook.cjs); RSS from /proc/<pid>/status',
      perDocumentKb: kb(perDoc),
      perDocumentRoomsOnlyKb: kb(perDocRoomsOnly),
      heapPerDocumentKb: kb(heapPerDoc),
      bareYDocHeapKb: bare ? kb(bare.typedBytes) : null,
      bareYDocHeapOneInsertPerParagraphKb: bare ? kb(bare.oneInsertPerParagraphBytes) : null,
      retainedRssMb: mb(retainedRss),
      retainedHeapMb: mb(retainedHeap),
      phases: { before: row(before), socketsConnected: row(connected), documentsOpen: row(open), closedAndIdle: row(closed) },
    },
    warnings,
  };
}
