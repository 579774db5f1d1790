import assert from 'node:assert/strict';
import { afterEach, mock, test } from 'node:test';
import type { AuthService } from '../../auth/index.js';
import type { AuthUser } from '../../common/auth-context.js';
import { FakeIo } from '../testing/fake-io.js';
import { SocketSessions } from './authenticate.js';
import { InvalidMessageError } from './update-validation.js';

afterEach(() => mock.timers.reset());

const user = (expiresInMs: number): AuthUser => ({
  id: 'u1',
  username: 'drafter',
  displayName: '张明',
  isAdmin: false,
  sessionId: 's1',
  sessionExpiresAt: Date.now() + expiresInMs,
});

/** Sessions as the database holds them: which are still valid. */
function sessionsStore(valid: Set<string>, signedIn?: AuthUser) {
  return {
    authenticate: async (token: string | undefined) => (token === 'good' ? signedIn : undefined),
    validSessions: async (ids: string[]) => new Set(ids.filter((id) => valid.has(id))),
  } as unknown as AuthService;
}

test('the handshake needs a valid session cookie', async () => {
  const io = new FakeIo();
  const sessions = new SocketSessions(sessionsStore(new Set(), user(60_000)), io.output());
  const handshake = (cookie?: string) =>
    new Promise<Error | undefined>((resolve) => {
      const socket = io.socket('x');
      (socket as unknown as { handshake: unknown }).handshake = { headers: { cookie } };
      sessions.handshake(socket, resolve);
    });
  assert.equal((await handshake('review_sid=good'))?.message, undefined);
  assert.equal((await handshake('review_sid=bad'))?.message, 'unauthenticated');
  assert.equal((await handshake(undefined))?.message, 'unauthenticated');
});

test('a socket is closed when its session expires, and refuses messages after', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const io = new FakeIo();
  const sessions = new SocketSessions(sessionsStore(new Set(['s1'])), io.output());
  const socket = io.socket('a', user(5_000));
  sessions.connected(socket);
  assert.deepEqual([...(io.rooms.get('session:s1') ?? [])], ['a']);
  assert.doesNotThrow(() => sessions.check(socket));
  mock.timers.tick(5_001);
  assert.equal(socket.connected, false);
  assert.throws(() => sessions.check(socket), InvalidMessageError);
});

test('joining re-checks the session; the sweep closes sockets whose session ended; revocation reaches every node', async () => {
  const io = new FakeIo();
  const valid = new Set(['s1']);
  const sessions = new SocketSessions(sessionsStore(valid), io.output());
  const socket = io.socket('a', user(60_000));
  assert.equal(await sessions.recheck(socket), true);
  valid.clear();
  assert.equal(await sessions.recheck(socket), false);
  assert.equal(socket.connected, false);

  const other = io.socket('b', { ...user(60_000), sessionId: 's2' });
  await sessions.sweep();
  assert.equal(other.connected, false);

  sessions.revoked({ userId: 'u1' });
  sessions.revoked({ sessionId: 's9' });
  assert.deepEqual(io.disconnectedRooms, ['user:u1', 'session:s9']);
});
