/**
 * After a fuzz, everyone must hold the same document: the room's live copy (what a fresh client
 * syncs and what the typists hold), the content the server reads (`GET /content`), and the log
 * replayed update by update. Once, in about 1 run of 10, a fresh client synced an empty document
 * while `GET /content` was intact: mutated copies of valid updates carry other content under ids
 * the document already holds, the live document skipped them, and the log kept them.
 *
 * Per seed, against one report made from a template: 2,000 mutated sync and awareness messages
 * (@review/testing) from 10 sockets (4 of the author, who may edit, 6 of others), edits from two
 * author sockets whose writers share Yjs client ids (ClashingWriters), and two typists on ordinary
 * providers. Then, with the room open and again after it was unloaded (COLLAB_IDLE_MS), a fresh
 * client's content hash, the typists' and `GET /content`'s must be equal; at the end the log of
 * every report, replayed here from the database, must give the same hash.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  contentHash,
  type CollabProvider,
  type CollabSocket,
  decodeSyncMessage,
  encodeStep1,
  encodeUpdate,
  type ReportDto,
} from '@review/shared';
import { ClashingWriters, mutate, rng, seeds, WRONG_TYPES } from '@review/testing';
import * as Y from 'yjs';
import { BenchServer } from '../bench/lib/server.js';
import { addParagraph, closeProvider, connectCollab, connected, eventually, join, openProvider } from '../support/collab.js';
import { defaultTarget } from '../support/database.js';
import { Fixtures, type Member } from '../support/fixtures.js';

const SEEDS = Number(process.env.FUZZ_CONVERGENCE_SEEDS ?? 10);
const MESSAGES = 2_000;
const FUZZ_SOCKETS = 10;
const EDITORS = 4;

type Team = { team: { id: string }; drafter: Member; supervisor: Member; viewer: Member };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket joined to the report, or undefined when the server would not have it (rate limits). */
async function joined(server: BenchServer, member: Member, reportId: string): Promise<CollabSocket | undefined> {
  const socket: CollabSocket = connectCollab(server.url, member.client, {}, { reconnection: false });
  try {
    await connected(socket);
    const ack = await join(socket, reportId);
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    return socket;
  } catch {
    socket.disconnect();
    return undefined;
  }
}

/** 2,000 mutated messages from FUZZ_SOCKETS sockets at once (a refused message costs its socket). */
async function fuzz(server: BenchServer, t: Team, reportId: string, seed: number): Promise<number> {
  const { sync, awareness } = seeds();
  const r = rng(seed);
  let sent = 0;
  const worker = async (index: number) => {
    const member = index < EDITORS ? t.drafter : index % 2 ? t.supervisor : t.viewer;
    while (sent < MESSAGES) {
      const socket = await joined(server, member, reportId);
      if (!socket) {
        await sleep(200);
        continue;
      }
      for (let k = 0; k < 40 && socket.connected && sent < MESSAGES; k++) {
        sent += 1;
        const choice = r();
        const emit = (socket.emit as (e: string, ...a: unknown[]) => void).bind(socket);
        if (choice < 0.05) emit('sync', reportId, WRONG_TYPES[Math.floor(r() * WRONG_TYPES.length)]);
        else if (choice < 0.25) emit('awareness', reportId, mutate(awareness, r).bytes);
        // Valid seeds too: stored once, then their mutated copies clash with them.
        else if (choice < 0.35) emit('sync', reportId, sync[Math.floor(r() * sync.length)]);
        else emit('sync', reportId, mutate(sync, r).bytes);
        await sleep(8);
      }
      socket.disconnect();
    }
  };
  await Promise.all(Array.from({ length: FUZZ_SOCKETS }, (_, i) => worker(i)));
  return sent;
}

/** Two author sockets whose writers share Yjs client ids, editing until `stop`. */
function clash(server: BenchServer, t: Team, reportId: string, seed: number) {
  const writers = new ClashingWriters(seed, { writers: 2, ids: 1 });
  let running = true;
  let edits = 0;
  const run = async (w: number) => {
    while (running) {
      const socket = await joined(server, t.drafter, reportId);
      if (!socket) {
        await sleep(200);
        continue;
      }
      writers.reset(w);
      let refused = false;
      socket.on('denied', () => (refused = true));
      socket.on('sync', (_id, payload) => {
        const msg = decodeSyncMessage(new Uint8Array(payload as ArrayBuffer));
        if ('update' in msg) writers.receive(w, msg.update);
      });
      socket.emit('sync', reportId, encodeStep1(Y.encodeStateVector(writers.docs[w] as Y.Doc)));
      await sleep(100);
      while (running && socket.connected && !refused) {
        const edit = writers.edit(w);
        if (edit) {
          socket.emit('sync', reportId, encodeUpdate(edit.update));
          edits += 1;
        }
        await sleep(40);
      }
      socket.disconnect();
    }
  };
  const done = Promise.all([run(0), run(1)]);
  return {
    async stop() {
      running = false;
      await done;
      return edits;
    },
  };
}

const hashOf = (doc: Y.Doc) => contentHash(doc);

/** The texts of the report's top-level elements. */
function textsOf(doc: Y.Doc): Y.XmlText[] {
  return doc
    .getXmlFragment('default')
    .toArray()
    .map((e) => (e instanceof Y.XmlElement ? e.get(0) : undefined))
    .filter((x): x is Y.XmlText => x instanceof Y.XmlText);
}

describe('convergence after fuzzing', () => {
  let server: BenchServer;
  let fx: Fixtures;
  let t: Team;
  const expected = new Map<string, string>();

  before(async () => {
    server = await BenchServer.start(defaultTarget(), { COLLAB_IDLE_MS: '300', LOG_LEVEL: 'error' });
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
  });
  after(() => server.dispose());

  for (let seed = 1; seed <= SEEDS; seed++) {
    test(`seed ${seed}: a fresh client, the typists, GET /content and the log agree`, { timeout: 240_000 }, async () => {
      const report: ReportDto = await fx.newReport(t.drafter.client, t.team.id, { template: 'party-spirit' });
      const typists: CollabProvider[] = [];
      const own: Y.XmlText[] = [];
      for (let i = 0; i < 2; i++) {
        const p = await openProvider(server.url, t.drafter.client, report.id);
        own.push(addParagraph(p.doc, `打字员 ${i}：`));
        typists.push(p);
      }
      let typing = true;
      const typed = Promise.all(
        typists.map(async (p, i) => {
          for (let n = 0; typing; n++) {
            // Its own paragraph, or any other the fuzz and the clashing writers left.
            const text = [own[i], ...textsOf(p.doc)].find((x) => x && !x._item?.deleted && !x.parent?._item?.deleted);
            text?.insert(0, '字');
            await sleep(60 + n % 7);
          }
        }),
      );
      const clashing = clash(server, t, report.id, seed);
      const sent = await fuzz(server, t, report.id, seed * 7919);
      typing = false;
      await typed;
      const edits = await clashing.stop();
      for (const p of typists) {
        // A typist refused (its paragraph removed by another, say) has no more to save.
        if (!p.current.denied) await p.whenSaved();
      }
      await sleep(300);

      const read = async () => {
        const res = await t.drafter.client.get<{ contentHash: string; text: string }>(`/reports/${report.id}/content`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body;
      };
      const open = await read();
      const fresh = await openProvider(server.url, t.supervisor.client, report.id);
      const freshHash = await hashOf(fresh.doc);
      const freshText = fresh.doc.getXmlFragment('default').toString();
      closeProvider(fresh);
      assert.equal(freshHash, open.contentHash, `a fresh client syncs what GET /content reads (fresh: ${freshText.slice(0, 300)}, content: ${open.text.slice(0, 300)})`);
      for (const [i, p] of typists.entries()) {
        if (p.current.denied) continue;
        await eventually(async () => (await hashOf(p.doc)) === open.contentHash, 5_000, `typist ${i} holds the room's document`);
      }
      for (const p of typists) closeProvider(p);

      // The room unloaded: loaded again from the log, by a fresh client and by the content read.
      await sleep(1_500);
      const again = await openProvider(server.url, t.supervisor.client, report.id);
      const reloadedHash = await hashOf(again.doc);
      closeProvider(again);
      const cold = await read();
      assert.equal(reloadedHash, open.contentHash, 'a fresh client after the room was unloaded');
      assert.equal(cold.contentHash, open.contentHash, 'GET /content after the room was unloaded');
      expected.set(report.id, open.contentHash);
      console.log(`seed ${seed}: ${sent} fuzzed messages, ${edits} clashing edits, ${open.text.length} characters, converged`);
    });
  }

  test('the log of every report, replayed update by update, gives the same content', async () => {
    assert.equal(expected.size, SEEDS);
    // PGlite's files belong to the server process: read them once it stopped.
    if (server.db.kind === 'pglite') await server.stop();
    for (const [reportId, hash] of expected) {
      const snaps = await server.db.query<{ upto_seq: string; data: Buffer }>(
        'SELECT upto_seq, data FROM report_snapshots WHERE report_id = $1 ORDER BY upto_seq DESC LIMIT 1',
        [reportId],
      );
      const from = snaps[0] ? Number(snaps[0].upto_seq) : 0;
      const rows = await server.db.query<{ data: Buffer }>('SELECT data FROM report_updates WHERE report_id = $1 AND seq > $2 ORDER BY seq', [reportId, from]);
      const doc = new Y.Doc();
      for (const u of [...(snaps[0] ? [snaps[0].data] : []), ...rows.map((row) => row.data)]) Y.applyUpdate(doc, new Uint8Array(u));
      assert.equal(await hashOf(doc), hash, `report ${reportId}: the log replayed`);
      doc.destroy();
    }
  });
});
