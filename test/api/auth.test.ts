import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LIMITS, type MeDto } from '@review/shared';
import { connectCollab, connected } from '../support/collab.js';
import { ApiClient, assertError, loginAs } from '../support/http.js';
import { DEMO_PASSWORD, type StartedServer, startServer } from '../support/server.js';

describe('sign-in and sessions', () => {
  let server: StartedServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.dispose());

  test('login sets an httpOnly SameSite session cookie and /auth/me answers with the teams', async () => {
    const client = new ApiClient(server.url);
    const res = await client.post<{ user: MeDto }>('/auth/login', { username: 'drafter', password: DEMO_PASSWORD });
    assert.equal(res.status, 200);
    assert.equal(res.body.user.username, 'drafter');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('review_sid='));
    assert.ok(cookie, 'session cookie set');
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\//);

    const me = await client.get<MeDto>('/auth/me');
    assert.equal(me.status, 200);
    assert.deepEqual(
      me.body.teams.map((t) => [t.name, t.role]),
      [['Demo', 'drafter']],
    );
    assert.equal(me.body.isAdmin, false);
  });

  test('usernames are matched without regard to case', async () => {
    const client = await loginAs(server.url, 'SUPERVISOR');
    const me = await client.get<MeDto>('/auth/me');
    assert.equal(me.body.username, 'supervisor');
  });

  test('a wrong password and an unknown user get the same 401 invalid_credentials', async () => {
    const client = new ApiClient(server.url);
    const wrong = await client.post('/auth/login', { username: 'drafter', password: 'not-the-password' });
    const body = assertError(wrong, 401, 'invalid_credentials');
    const unknown = await client.post('/auth/login', { username: 'nobody-here', password: 'whatever1' });
    const body2 = assertError(unknown, 401, 'invalid_credentials');
    assert.equal(body.message, body2.message);
    assert.equal(client.cookie, undefined);
  });

  test('logout ends the session: the old cookie is refused afterwards', async () => {
    const client = await loginAs(server.url, 'drafter');
    const stolen = client.cookie;
    assert.equal((await client.get('/auth/me')).status, 200);
    const out = await client.post('/auth/logout');
    assert.equal(out.status, 204);
    const replay = new ApiClient(server.url);
    replay.cookie = stolen;
    assertError(await replay.get('/auth/me'), 401, 'unauthenticated');
    assertError(await replay.post('/auth/logout'), 401, 'unauthenticated');
  });

  test('a forged or garbage cookie is refused', async () => {
    const client = new ApiClient(server.url);
    client.cookie = 'review_sid=' + 'A'.repeat(43);
    assertError(await client.get('/auth/me'), 401, 'unauthenticated');
    client.cookie = 'review_sid=%E0%A4%A';
    assertError(await client.get('/auth/me'), 401, 'unauthenticated');
  });

  test('failed logins are rate-limited per username; other users are not affected', async () => {
    const client = new ApiClient(server.url);
    const admin = await loginAs(server.url, 'admin');
    assert.equal(
      (await admin.post('/users', { username: 'victim', displayName: 'Victim', password: 'victim-pass-1' })).status,
      201,
    );
    for (let i = 0; i < 5; i++) {
      assertError(await client.post('/auth/login', { username: 'victim', password: `guess-${i}` }), 401, 'invalid_credentials');
    }
    const limited = await client.post('/auth/login', { username: 'victim', password: 'victim-pass-1' });
    assertError(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 300, `Retry-After ${retryAfter} is short`);
    // Someone else signs in normally meanwhile.
    await loginAs(server.url, 'supervisor');
  });

  test('guesses sent all at once are counted as they arrive, not after each is checked', async () => {
    const admin = await loginAs(server.url, 'admin');
    assert.equal(
      (await admin.post('/users', { username: 'target', displayName: 'Target', password: 'target-pass-1' })).status,
      201,
    );
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => new ApiClient(server.url).post('/auth/login', { username: 'target', password: `guess-${i}` })),
    );
    const statuses = guesses.map((r) => r.status);
    assert.ok(statuses.every((s) => s === 401 || s === 429), statuses.join(','));
    // At most as many as the limit were checked at all; the rest were refused on arrival (and
    // not counted: which ones depends on how the requests interleaved).
    const checked = statuses.filter((s) => s === 401).length;
    assert.ok(checked <= LIMITS.loginFailuresPerUser, statuses.join(','));
    // Guesses one at a time are checked until the limit is reached, counting those of the burst.
    const client = new ApiClient(server.url);
    for (let i = checked; i < LIMITS.loginFailuresPerUser; i++) {
      assertError(await client.post('/auth/login', { username: 'target', password: `again-${i}` }), 401, 'invalid_credentials');
    }
    assertError(await client.post('/auth/login', { username: 'target', password: 'target-pass-1' }), 429, 'rate_limited');
  });

  test('passwords are stored as argon2id with at least 19 MiB and 2 iterations', async () => {
    await server.stop();
    const rows = await server.db.query<{ username: string; password_hash: string }>(
      'SELECT username, password_hash FROM users ORDER BY username',
    );
    await server.restart();
    assert.ok(rows.length >= 3);
    for (const row of rows) {
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(row.password_hash);
      assert.ok(m, `${row.username}: ${row.password_hash.slice(0, 30)} is argon2id`);
      assert.ok(Number(m[1]) >= 19 * 1024, 'memory >= 19 MiB');
      assert.ok(Number(m[2]) >= 2, 'iterations >= 2');
    }
  });
});

describe('rate limit per client address, and session expiry', () => {
  let server: StartedServer;
  before(async () => {
    server = await startServer({ env: { SESSION_TTL_HOURS: '0.0005' } });
  });
  after(() => server.dispose());

  test('a session is refused once it has expired', async () => {
    const client = await loginAs(server.url, 'drafter');
    assert.equal((await client.get('/auth/me')).status, 200);
    const live = connectCollab(server.url, client, {}, { reconnection: false });
    await connected(live);
    live.disconnect();
    await new Promise((r) => setTimeout(r, 2_000));
    assertError(await client.get('/auth/me'), 401, 'unauthenticated');
    // The socket handshake refuses the expired session too.
    const late = connectCollab(server.url, client, {}, { reconnection: false });
    await assert.rejects(connected(late), /unauthenticated/);
    late.disconnect();
  });

  test('many failures from one address with different usernames get 429', async () => {
    const client = new ApiClient(server.url);
    let limitedAt = -1;
    for (let i = 0; i < 40; i++) {
      const res = await client.post('/auth/login', { username: `spray${i}`, password: 'password1' });
      if (res.status === 429) {
        assertError(res, 429, 'rate_limited');
        limitedAt = i;
        break;
      }
      assertError(res, 401, 'invalid_credentials');
    }
    assert.equal(limitedAt, 30, 'the 31st failed attempt from one address is refused');
  });
});
