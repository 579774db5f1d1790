/**
 * A .docx zip bomb that lies about its sizes: its directory declares 1,000 bytes, its
 * word/document.xml inflates to 1 GiB. The server must stop inflating at the import limit
 * (32 MiB) whatever the directory says, keep its memory, stay responsive, and refuse with 400.
 * Several at once from one user: the ones beyond the user's share are 429, none is a 500.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createDeflateRaw } from 'node:zlib';
import { LIMITS } from '@review/shared';
import { Fixtures, type Member } from '../support/fixtures.js';
import type { Reply } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';

/** 1 GiB of zeros, deflated in pieces (about 1 MiB of output). */
async function deflatedZeros(bytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < bytes; written += chunk.length) {
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** A one-entry ZIP whose headers declare `declared` bytes unpacked. */
function zipOf(name: string, deflated: Buffer, declared: number): Buffer {
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42); // the local header's offset
  const directoryAt = local.length + fileName.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, fileName, deflated, central, fileName, end]);
}

/** The server's peak resident memory so far, in MiB (VmHWM). */
function peakMiB(server: StartedServer): number {
  const status = readFileSync(`/proc/${server.pid()}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

describe('hostile uploads', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let team: { id: string };
  let author: Member;
  let bomb: Buffer;

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    const t = await fx.newReviewTeam();
    team = t.team;
    author = t.author;
    bomb = zipOf('word/document.xml', await deflatedZeros(1024 * 1024 * 1024), 1_000);
    assert.ok(bomb.length < LIMITS.importFileBytes, `the bomb (${bomb.length} bytes) fits the upload limit`);
  });
  after(() => server.dispose());

  async function upload(bytes: Uint8Array): Promise<Reply> {
    const form = new FormData();
    form.set('teamId', team.id);
    form.set('file', new Blob([new Uint8Array(bytes)]), '检查材料.docx');
    const res = await fetch(`${server.url}/api/reports/import`, { method: 'POST', headers: { cookie: author.client.cookie ?? '' }, body: form });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  test('a bomb that declares small sizes is refused after the limit came out, and the server keeps its memory', async () => {
    const before = peakMiB(server);
    const res = await upload(bomb);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match((res.body as { message: string }).message, /unpacks to more than 32 MiB/);
    const grew = peakMiB(server) - before;
    assert.ok(grew < 200, `peak memory grew by ${grew.toFixed(0)} MiB`);
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
  });

  test('four at once from one user: one is read, the others are 429 with Retry-After, none fails', async () => {
    const replies = await Promise.all([upload(bomb), upload(bomb), upload(bomb), upload(bomb)]);
    const statuses = replies.map((r) => r.status).sort();
    assert.ok(statuses.every((s) => s === 400 || s === 429), statuses.join());
    assert.ok(statuses.includes(400), 'one was read');
    for (const r of replies.filter((x) => x.status === 429)) assert.ok(Number(r.headers.get('retry-after')) >= 1);
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
  });
});
