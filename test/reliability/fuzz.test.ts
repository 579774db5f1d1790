/**
 * Decoder fuzzing: mutated y-protocols sync and awareness messages (truncated varints, huge
 * declared lengths, run-length bombs, random bytes, bit flips, wrong types).
 *
 * 1. In process: 100,000 inputs through exactly the decoders the server uses (its built code),
 *    each must return or throw, never hang, never crash the process.
 * 2. Against a live server: 100,000 of the same mutations from many sockets (a refused message
 *    costs its socket, so most go over a socket of their own) while the server's event-loop
 *    delay is measured; the server keeps serving, other documents keep their
 *    content hashes, and the attacked document still loads.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  type CollabSocket,
  decodeSyncMessage,
  encodeStep1,
  encodeStep2,
  encodeUpdate,
  type ReportDto,
} from '@review/shared';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BenchServer } from '../bench/lib/server.js';
import { addParagraph, closeProvider, connectCollab, connected, join, openProvider, textOf } from '../support/collab.js';
import { defaultTarget } from '../support/database.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { repoRoot } from '../support/server.js';

/** Deterministic pseudo-random numbers, so that a failure can be replayed from its seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Valid messages to mutate: updates with text, formatting, elements and deletions, step 1, awareness. */
function seeds(): { sync: Uint8Array[]; awareness: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const t = addParagraph(doc, '一是理论学习不够深入。');
  t.insert(2, '系统', { bold: {} }); // mark attributes as y-prosemirror writes them
  t.delete(0, 1);
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 1 as unknown as string); // a number, as y-prosemirror writes it
  doc.getXmlFragment('default').insert(0, [heading]);
  const sync = [
    ...updates.map((u) => encodeUpdate(u)),
    encodeStep2(Y.encodeStateAsUpdate(doc)),
    encodeStep1(Y.encodeStateVector(doc)),
    encodeStep1(new Uint8Array([0])),
  ];
  const awareness = new Awareness(doc);
  awareness.setLocalState({ user: { name: 'x' }, cursor: { anchor: 'AAE=', head: 'AAE=' } });
  const aw = [encodeAwarenessUpdate(awareness, [doc.clientID])];
  awareness.destroy();
  return { sync, awareness: aw };
}

type Mutator = (base: Uint8Array, r: () => number) => Uint8Array;

const MUTATORS: [string, Mutator][] = [
  ['random bytes', (_b, r) => Uint8Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256))],
  ['truncated', (b, r) => b.subarray(0, Math.floor(r() * b.length))],
  ['bit flips', (b, r) => {
    const c = Uint8Array.from(b);
    for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) {
      const at = Math.floor(r() * c.length);
      c[at] = (c[at] ?? 0) ^ (1 << Math.floor(r() * 8));
    }
    return c;
  }],
  ['huge declared length', (b, r) => Uint8Array.from([b[0] ?? 2, ...varUint(2 ** (20 + Math.floor(r() * 30))), ...b.subarray(2, 12)])],
  ['unterminated varint', (b, r) => Uint8Array.from([b[0] ?? 2, ...Array.from({ length: 1 + Math.floor(r() * 12) }, () => 0xff)])],
  // An update whose struct or delete counts claim far more than the message holds.
  ['run-length bomb', (_b, r) =>
    encodeUpdate(
      Uint8Array.from(
        r() < 0.5
          ? [...varUint(1), ...varUint(2 ** 30), ...varUint(12345), ...varUint(0), 4, 1, 0x41]
          : [0, ...varUint(1), ...varUint(777), ...varUint(2 ** 28), ...varUint(0), ...varUint(2 ** 40)],
      ),
    )],
  ['spliced', (b, r) => {
    const at = Math.floor(r() * b.length);
    return Uint8Array.from([...b.subarray(0, at), ...Array.from({ length: Math.floor(r() * 8) }, () => Math.floor(r() * 256)), ...b.subarray(at)]);
  }],
  ['empty', () => new Uint8Array()],
];

function mutate(pool: Uint8Array[], r: () => number): { kind: string; bytes: Uint8Array } {
  const [kind, m] = MUTATORS[Math.floor(r() * MUTATORS.length)] as [string, Mutator];
  const base = pool[Math.floor(r() * pool.length)] as Uint8Array;
  return { kind, bytes: m(base, r) };
}

const WRONG_TYPES: unknown[] = ['text', 42, null, { length: 1e9 }, [1, 2, 3], true];

describe('decoder fuzzing', () => {
  test('100,000 mutated messages through the server’s decoders: each is accepted or refused, nothing hangs', async () => {
    const validation = (await import(pathToFileURL(path.join(repoRoot, 'apps/api/dist/collab/update-validation.js')).href)) as {
      validateUpdate(u: Uint8Array): unknown;
      decodeAwareness(p: Uint8Array): unknown;
      InvalidMessageError: new (m: string) => Error;
    };
    const { sync, awareness } = seeds();
    const r = rng(20261201);
    const outcomes = { accepted: 0, refused: 0 };
    const started = Date.now();
    let slowest = 0;
    for (let i = 0; i < 100_000; i++) {
      const isSync = r() < 0.75;
      const { kind, bytes } = mutate(isSync ? sync : awareness, r);
      const t0 = performance.now();
      try {
        if (isSync) {
          const msg = decodeSyncMessage(bytes);
          if (msg.type !== 0) {
            validation.validateUpdate(msg.update);
            // What passes validation must also apply to a document without throwing.
            Y.applyUpdate(new Y.Doc(), msg.update);
          } else {
            Y.encodeStateAsUpdate(new Y.Doc(), msg.stateVector);
          }
        } else {
          validation.decodeAwareness(bytes);
        }
        outcomes.accepted += 1;
      } catch (err) {
        // Refusal is fine; a crash of the process or a hang is not. Errors must be Errors.
        assert.ok(err instanceof Error, `${kind}: threw a non-Error ${String(err)}`);
        outcomes.refused += 1;
      }
      slowest = Math.max(slowest, performance.now() - t0);
    }
    assert.equal(outcomes.accepted + outcomes.refused, 100_000);
    assert.ok(outcomes.refused > 50_000, `most mutations are refused (${JSON.stringify(outcomes)})`);
    assert.ok(slowest < 250, `no single input took long (slowest ${slowest.toFixed(1)} ms)`);
    console.log(`in-process fuzz: ${JSON.stringify(outcomes)} in ${Date.now() - started} ms, slowest ${slowest.toFixed(2)} ms`);
  });

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
