// Per-user and per-report limits of the HTTP API: a flood of writes from one user is refused with
// 429 without slowing anyone else down, and the counts a report may hold are enforced at the edge.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LIMITS, type ThreadDto } from '@review/shared';
import * as Y from 'yjs';
import { addParagraph, closeProvider, openProvider, textOf } from '../support/collab.js';
import { Fixtures } from '../support/fixtures.js';
import { assertError, loginAs } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('write rate per user (the defaults)', () => {
  let server: StartedServer;
  let fx: Fixtures;
  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
  });
  after(() => server.dispose());

  test('a burst over the limit gets 429 with Retry-After; reads and other users go on; the bucket refills', async () => {
    const { author, reviewer } = await fx.newReviewTeam();
    const flood = LIMITS.httpWriteBurst + 60;
    const second = await loginAs(server.url, author.user.username, `pw-${author.user.username}`);
    const started = Date.now();
    const sent = Array.from({ length: flood }, () => author.client.post('/notifications/read-all'));
    // Signing out, sent last, when the bucket is empty: never refused.
    const logout = second.post('/auth/logout');
    const replies = await Promise.all(sent);
    assert.equal((await logout).status, 204);
    const seconds = (Date.now() - started) / 1000;
    const accepted = replies.filter((r) => r.status === 200).length;
    const refused = replies.filter((r) => r.status === 429);
    assert.equal(accepted + refused.length, flood, `only 200 and 429: ${[...new Set(replies.map((r) => r.status))].join(', ')}`);
    // The burst, plus what refilled while the requests arrived.
    assert.ok(accepted >= LIMITS.httpWriteBurst, `accepted ${accepted}`);
    assert.ok(accepted <= LIMITS.httpWriteBurst + Math.ceil(seconds * LIMITS.httpWritesPerSecond) + 1, `accepted ${accepted} in ${seconds} s`);
    assert.ok(refused.length > 0, 'some were refused');
    for (const r of refused) {
      assertError(r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After ${r.headers.get('retry-after')}`);
    }

    // Reading is not limited; another user's writes are not affected.
    assert.equal((await author.client.get('/notifications')).status, 200);
    assert.equal((await reviewer.client.post('/notifications/read-all')).status, 200);

    // After the time the server named, the user may write again.
    const wait = Math.max(...refused.map((r) => Number(r.headers.get('retry-after'))));
    await sleep(wait * 1000 + 100);
    assert.equal((await author.client.post('/notifications/read-all')).status, 200);
    assert.match(server.output(), /write rate limit: \S+ is over \d+ writes\/s/);
  });
});

describe('counts a report may hold', () => {
  let server: StartedServer;
  let fx: Fixtures;
  before(async () => {
    // Filling a report to its limits takes hundreds of writes in a few seconds.
    server = await startServer({ env: { HTTP_WRITE_BURST: '100000', HTTP_WRITES_PER_SECOND: '100000' } });
    fx = await Fixtures.create(server.url);
  });
  after(() => server.dispose());

  test(`a report takes ${LIMITS.threadsPerReport} comment threads and a thread ${LIMITS.commentsPerThread} comments; one more is 409`, async () => {
    const { team, author, reviewer } = await fx.newReviewTeam();
    const report = await fx.newReport(author.client, team.id, { reviewerId: reviewer.user.id });
    const p = await openProvider(server.url, author.client, report.id);
    addParagraph(p.doc, '一是理论学习不够深入。');
    await p.whenSaved();
    const text = textOf(p.doc);
    const anchor = {
      start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 2))),
      end: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 6))),
    };
    closeProvider(p);
    const newThread = () => author.client.post<ThreadDto>(`/reports/${report.id}/threads`, { anchor, quote: '理论学习', body: '请展开' });

    // Eight at a time (they queue on the report's row lock anyway).
    let first: ThreadDto | undefined;
    for (let made = 0; made < LIMITS.threadsPerReport; made += 8) {
      const batch = await Promise.all(Array.from({ length: Math.min(8, LIMITS.threadsPerReport - made) }, newThread));
      for (const r of batch) assert.equal(r.status, 201, JSON.stringify(r.body));
      first ??= batch[0]?.body;
    }
    const over = assertError(await newThread(), 409, 'conflict');
    assert.match(over.message, new RegExp(`at most ${LIMITS.threadsPerReport}`));
    const threads = (await author.client.get<ThreadDto[]>(`/reports/${report.id}/threads`)).body;
    assert.equal(threads.length, LIMITS.threadsPerReport);

    // A thread starts with its first comment; replies fill it up to the limit.
    assert.ok(first);
    const reply = () => reviewer.client.post(`/threads/${first?.id}/comments`, { body: '已阅' });
    for (let n = 1; n < LIMITS.commentsPerThread; n += 8) {
      const batch = await Promise.all(Array.from({ length: Math.min(8, LIMITS.commentsPerThread - n) }, reply));
      for (const r of batch) assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    assertError(await reply(), 409, 'conflict');
    const full = (await author.client.get<ThreadDto[]>(`/reports/${report.id}/threads`)).body.find((t) => t.id === first?.id);
    assert.equal(full?.comments.length, LIMITS.commentsPerThread);
  });
});
