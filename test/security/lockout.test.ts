/**
 * Lockout as a weapon: strangers failing to sign in as a user must not keep that user out, nor
 * stop them signing an approval. The attacker's own address is throttled, with growing waits.
 * Client addresses are told apart through X-Forwarded-For (TRUST_PROXY), as behind a proxy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LIMITS, type ReportDto } from '@review/shared';
import { Fixtures, type Member } from '../support/fixtures.js';
import { ApiClient, assertError } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

const from = (server: StartedServer, address: string) => new ApiClient(server.url, { 'x-forwarded-for': address });

describe('throttling the attacker, not the user', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let t: { team: { id: string }; drafter: Member; supervisor: Member };

  before(async () => {
    server = await startServer({ env: { TRUST_PROXY: 'true' } });
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
  });
  after(() => server.dispose());

  test('failures from one address lock that address out of the account, with growing waits, not the user elsewhere', async () => {
    const username = t.supervisor.user.username;
    const password = `pw-${username}`;
    const attacker = from(server, '203.0.113.66');
    for (let i = 0; i < LIMITS.loginFailuresPerUser; i++) {
      assertError(await attacker.post('/auth/login', { username, password: `guess-${i}` }), 401, 'invalid_credentials');
    }
    const locked = await attacker.post('/auth/login', { username, password });
    assertError(locked, 429, 'rate_limited');
    assert.ok(Number(locked.headers.get('retry-after')) >= 1);

    // The real user, from their own address, signs in at once.
    const user = from(server, '198.51.100.7');
    assert.equal((await user.post('/auth/login', { username, password })).status, 200);
  });

  test('failures from many addresses slow the account down but never keep its owner out', async () => {
    const username = t.drafter.user.username;
    for (let a = 0; a < Math.ceil(LIMITS.loginFailuresBeforeSlowing / LIMITS.loginFailuresPerUser) + 1; a++) {
      const attacker = from(server, `203.0.113.${a + 1}`);
      for (let i = 0; i < LIMITS.loginFailuresPerUser; i++) {
        const res = await attacker.post('/auth/login', { username, password: `guess-${a}-${i}` });
        assert.equal(res.status, 401, JSON.stringify(res.body));
      }
    }
    const owner = from(server, '198.51.100.8');
    assert.equal((await owner.post('/auth/login', { username, password: `pw-${username}` })).status, 200);
  });

  test('strangers’ failed sign-ins do not stop a signed-in reviewer from approving; wrong re-entries count per session', async () => {
    const reviewer = from(server, '198.51.100.9');
    await reviewer.login(t.supervisor.user.username, `pw-${t.supervisor.user.username}`);
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    assert.equal((await transition(t.drafter.client, report.id, 'submit')).status, 200);
    // Someone hammers the reviewer's account, also from the reviewer's own address.
    const stranger = from(server, '198.51.100.9');
    for (let i = 0; i < LIMITS.loginFailuresPerUser + 2; i++) {
      await stranger.post('/auth/login', { username: t.supervisor.user.username, password: `nope-${i}` });
    }
    const approved = await transition(reviewer, report.id, 'approve', {}, { password: `pw-${t.supervisor.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal((approved.body as ReportDto).state, 'approved');

    // The re-entry has a limit of its own, per session.
    const other = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    assert.equal((await transition(t.drafter.client, other.id, 'submit')).status, 200);
    for (let i = 0; i < LIMITS.stepUpFailuresPerSession; i++) {
      assertError(await transition(reviewer, other.id, 'approve', {}, { password: `wrong-${i}` }), 401, 'invalid_credentials');
    }
    assertError(await transition(reviewer, other.id, 'approve', {}, { password: `pw-${t.supervisor.user.username}` }), 429, 'rate_limited');
  });
});
