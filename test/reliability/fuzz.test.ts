/**
 * Decoder fuzzing: mutated y-protocols sync and awareness messages (truncated varints, huge
 * declared lengths, run-length bombs, random bytes, bit flips, wrong types).
 *
 * In process, 100,000 inputs go through the server's decoders in the unit spec of the validate
 * stage (apps/api/src/collab/pipeline/validate.fuzz.spec.ts). Here, against a live server:
 * 100,000 of the same mutations (@review/testing) from many sockets (a refused message costs its
 * socket, so most go over a socket of their own) while the server's event-loop delay is measured;
 * the server keeps serving, other documents keep their content hashes, and the attacked document
 * still loads.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CollabSocket, ReportDto } from '@review/shared';
import { mutate, rng, seeds, WRONG_TYPES } from '@review/testing';
import { BenchServer } from '../bench/lib/server.js';
import { addParagraph, closeProvider, connectCollab, connected, join, openProvider, textOf } from '../support/collab.js';
import { defaultTarget } from '../support/database.js';
import { Fixtures, type Member } from '../support/fixtures.js';

describe('decoder fuzzing', () => {
  describe('against a live server', () => {
    let server: BenchServer;
    let fx: Fixtures;
    let t: { team: { id: string }; drafter: Member; supervisor: Member };
    let target: ReportDto;
    const bystanders: { report: ReportDto; hash: string }[] = [];

    before(async () => {
      server = await BenchServer.start(defaultTarget());
      fx = await Fixtures.create(server.url);
      t = await fx.newTeamWithMembers();
      target = await fx.newReport(t.drafter.client, t.team.id);
      for (let i = 0; i < 3; i++) {
        const report = await fx.newReport(t.drafter.client, t.team.id);
        const p = await openProvider(server.url, t.drafter.client, report.id);
        addParagraph(p.doc, `旁观文档 ${i}：一是理论学习不够深入。`);
        await p.whenSaved();
        closeProvider(p);
        const hash = (await t.drafter.client.get<{ contentHash: string }>(`/reports/${report.id}/content`)).body.contentHash;
        bystanders.push({ report, hash });
      }
    });
    after(() => server.dispose());

    test('100,000 mutated messages from many sockets: no crash, other documents unchanged, event-loop delay p99 < 100 ms', { timeout: 560_000 }, async () => {
      const { sync, awareness } = seeds();
      const r = rng(7);
      // ~1,000 messages/s on a quick VM, ~390/s on a slow day of this one (most messages cost a
      // socket, and the server is the bottleneck): the budget leaves room below that.
      const budgetMs = 480_000;
      const maxMessages = 100_000;
      const started = Date.now();
      let sent = 0;
      let sockets = 0;
      // A writer stays in one bystander document the whole time and must keep being served.
      const reader = await openProvider(server.url, t.drafter.client, bystanders[0]?.report.id as string);

      await server.loopStart();
      const worker = async () => {
        while (sent < maxMessages && Date.now() - started < budgetMs) {
          const socket: CollabSocket = connectCollab(server.url, t.drafter.client, {}, { reconnection: false });
          sockets += 1;
          try {
            await connected(socket);
            await join(socket, target.id);
          } catch {
            socket.disconnect();
            continue;
          }
          const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
          let open = true;
          void closed.then(() => (open = false));
          // Up to 40 messages per socket, paced under the per-socket rate limit.
          for (let k = 0; k < 40 && open && socket.connected && sent < maxMessages; k++) {
            const choice = r();
            sent += 1;
            if (sent % 20_000 === 1) console.log(`live fuzz: ${sent - 1} sent after ${Date.now() - started} ms, server RSS ${(server.proc().rssKb / 1e3).toFixed(0)} MB`);
            const emit = (socket.emit as (e: string, ...a: unknown[]) => void).bind(socket);
            if (choice < 0.05) emit('sync', target.id, WRONG_TYPES[Math.floor(r() * WRONG_TYPES.length)]);
            else if (choice < 0.3) emit('awareness', target.id, mutate(awareness, r).bytes);
            else emit('sync', target.id, mutate(sync, r).bytes);
            await new Promise((res) => setTimeout(res, 6));
          }
          socket.disconnect();
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      const loop = await server.loopStop();
      console.log(
        `live fuzz: ${sent} messages over ${sockets} sockets in ${Date.now() - started} ms; ` +
          `server event-loop delay p99 ${loop.delayP99Ms} ms, max ${loop.delayMaxMs} ms, busy ${(loop.busy * 100).toFixed(0)} %`,
      );
      assert.equal(sent, maxMessages, `all messages sent within ${budgetMs / 1000} s`);
      assert.ok(loop.delayP99Ms < 100, `event-loop delay p99 ${loop.delayP99Ms} ms`);

      // The server is up, and serves the reader who was there all along.
      assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
      textOf(reader.doc).insert(0, '✓');
      await reader.whenSaved();
      closeProvider(reader);
      for (const [i, b] of bystanders.entries()) {
        const now = (await t.drafter.client.get<{ contentHash: string; text: string }>(`/reports/${b.report.id}/content`)).body;
        if (i === 0) assert.equal(now.text, `✓旁观文档 0：一是理论学习不够深入。`);
        else assert.equal(now.contentHash, b.hash, `bystander ${i} unchanged`);
      }
      // The attacked document still loads, from a fresh client, after the room was unloaded too.
      const fresh = await openProvider(server.url, t.supervisor.client, target.id);
      closeProvider(fresh);
      const content = await t.drafter.client.get(`/reports/${target.id}/content`);
      assert.equal(content.status, 200, `content of the attacked report: ${JSON.stringify(content.body)}\n${server.started.output().slice(-3000)}`);
      // Stored updates that would not replay are left out on load and logged; say if there were any.
      const skipped = server.started.output().match(/does not integrate and is left out/g)?.length ?? 0;
      if (skipped > 0) console.log(`live fuzz: ${skipped} stored update(s) left out when the attacked report was read back`);
    });
  });
});
