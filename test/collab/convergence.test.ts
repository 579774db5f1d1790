import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CollabProvider, ReportContentDto } from '@review/shared';
import { contentHash } from '@review/shared';
import {
  addParagraph,
  canonical,
  closeProvider,
  eventually,
  loadTrace,
  openProvider,
  textOf,
  withTimeout,
} from '../support/collab.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';

/** A small deterministic PRNG so a failing run can be replayed from its seed. */
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

describe('convergence', () => {
  let server: StartedServer;
  let fx: Fixtures;
  before(async () => {
    server = await startServer({ env: { COLLAB_IDLE_MS: '200' } });
    fx = await Fixtures.create(server.url);
  });
  after(() => server.dispose());

  test('10 clients editing concurrently converge, and a fresh client after a restart loads the same', async () => {
    const seed = Number(process.env.TEST_SEED ?? Date.now() % 100000);
    const random = rng(seed);
    const t = await fx.newTeamWithMembers();
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    const editors = [t.drafter.client, t.supervisor.client];

    const first = await openProvider(server.url, t.drafter.client, report.id);
    addParagraph(first.doc, '一、存在问题');
    addParagraph(first.doc, '');
    await first.whenSaved();

    const providers: CollabProvider[] = [first];
    for (let i = 1; i < 10; i++) {
      providers.push(await openProvider(server.url, editors[i % 2] ?? t.drafter.client, report.id));
    }
    await eventually(
      () => providers.every((p) => p.doc.getXmlFragment('default').length === 2),
      5_000,
      'all clients see the two paragraphs',
    );

    // Each client replays its own slice of a real keystroke trace, at positions clamped into
    // whatever the shared text is on that client at that moment: genuinely concurrent edits.
    const { patches } = loadTrace('friendsforever_flat');
    const rounds = 40;
    for (let round = 0; round < rounds; round++) {
      for (const [i, p] of providers.entries()) {
        const para = random() < 0.5 ? 0 : 1;
        const text = textOf(p.doc, para);
        for (let k = 0; k < 5; k++) {
          const patch = patches[Math.floor(random() * patches.length)];
          if (!patch) continue;
          const len = text.length;
          const pos = len === 0 ? 0 : Math.floor(random() * (len + 1));
          const del = Math.min(patch.deleteCount, len - pos);
          p.doc.transact(() => {
            if (del > 0) text.delete(pos, del);
            if (patch.insert) text.insert(pos, patch.insert + (k === 0 ? `[${i}]` : ''));
          });
        }
      }
      if (round % 8 === 0) await new Promise((r) => setTimeout(r, 5));
    }

    await withTimeout(Promise.all(providers.map((p) => p.whenSaved())), 20_000, `not all saved (seed ${seed})`);
    await eventually(
      () => new Set(providers.map((p) => canonical(p.doc))).size === 1,
      10_000,
      `clients did not converge (seed ${seed})`,
    );
    const converged = canonical(first.doc);
    assert.ok(converged.includes('[9]'), 'every client contributed');

    const stored = await t.drafter.client.get<ReportContentDto>(`/reports/${report.id}/content`);
    assert.equal(stored.body.contentHash, await contentHash(first.doc), 'stored content equals the converged one');

    for (const p of providers) closeProvider(p);
    await server.stop();
    await server.restart();
    const fresh = await openProvider(server.url, t.supervisor.client, report.id);
    assert.equal(canonical(fresh.doc), converged, `fresh client after restart (seed ${seed})`);
    closeProvider(fresh);
  });

  test('clients joining an unloaded report at the same moment end up in one room', async () => {
    const t = await fx.newTeamWithMembers();
    const report = await fx.newReport(t.drafter.client, t.team.id);
    const writer = await openProvider(server.url, t.drafter.client, report.id);
    addParagraph(writer.doc, '（一）理论学习方面');
    await writer.whenSaved();
    closeProvider(writer);
    // Let the room unload (COLLAB_IDLE_MS is short in this suite), then join from 8 clients at once.
    await new Promise((r) => setTimeout(r, 400));
    const many = await Promise.all(
      Array.from({ length: 8 }, () => openProvider(server.url, t.viewer.client, report.id)),
    );
    for (const p of many) assert.equal(textOf(p.doc).toString(), '（一）理论学习方面');
    // Had two loads raced, some clients would sit in a room the others' edits never reach.
    const editor = await openProvider(server.url, t.drafter.client, report.id);
    textOf(editor.doc).insert(0, '★');
    await eventually(
      () => many.every((p) => textOf(p.doc).toString() === '★（一）理论学习方面'),
      3_000,
      'an edit reaches every client that joined concurrently',
    );
    for (const p of [...many, editor]) closeProvider(p);
  });
});
