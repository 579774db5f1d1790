/**
 * Sessions revoked live: sign-out, a password reset, deactivation, removal from the team and
 * expiry close every affected socket, on both nodes, within a second; a socket whose session
 * ended can join nothing, and nothing it sends afterwards is stored.
 */
import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import type { CollabSocket } from '@review/shared';
import { connectCollab, connected, disconnected, join, withTimeout } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type ApiClient, loginAs } from '../support/http.js';
import { type StartedServer, startTwoNodes, type TwoNodes } from '../support/server.js';

const WITHIN_MS = 1_000;

interface Setup {
  nodes: TwoNodes;
  fx: Fixtures;
  team: { team: { id: string }; drafter: Member; supervisor: Member; viewer: Member };
  report: { id: string };
}

async function setUp(t: TestContext): Promise<Setup | undefined> {
  const nodes = await startTwoNodes(t);
  if (!nodes) return undefined;
  const fx = await Fixtures.create(nodes.a.url);
  const team = await fx.newTeamWithMembers();
  const report = await fx.newReport(team.drafter.client, team.team.id, { reviewerId: team.supervisor.user.id });
  return { nodes, fx, team, report };
}

/** A socket of `client` on `server`, joined to the report. */
async function joinedSocket(server: StartedServer, client: ApiClient, reportId: string): Promise<CollabSocket> {
  const socket = connectCollab(server.url, client, {}, { reconnection: false });
  await connected(socket);
  const ack = await join(socket, reportId);
  assert.ok(ack.ok, JSON.stringify(ack));
  return socket;
}

/** A user signed in on both nodes (one session each), with a joined socket on each. */
async function onBothNodes(s: Setup, member: Member) {
  const password = `pw-${member.user.username}`;
  const clientA = await loginAs(s.nodes.a.url, member.user.username, password);
  const clientB = await loginAs(s.nodes.b.url, member.user.username, password);
  const sockets = [
    await joinedSocket(s.nodes.a, clientA, s.report.id),
    await joinedSocket(s.nodes.b, clientB, s.report.id),
    // The session of node A used on node B too.
    await joinedSocket(s.nodes.b, clientA, s.report.id),
  ];
  return { clientA, clientB, sockets };
}

/** Every socket is disconnected within WITHIN_MS of `started`. */
async function allClosed(sockets: CollabSocket[], started: number, what: string): Promise<void> {
  await Promise.all(sockets.map((s, i) => withTimeout(disconnected(s, 3_000), 3_000, `${what}: socket ${i} still open`)));
  const took = Date.now() - started;
  assert.ok(took < WITHIN_MS, `${what}: took ${took} ms`);
}

describe('sessions end live, on every node', () => {
  test('a password reset and a deactivation close the user’s sockets on both nodes within a second', async (t) => {
    const s = await setUp(t);
    if (!s) return;
    try {
      const reset = await onBothNodes(s, s.team.drafter);
      const bystander = await joinedSocket(s.nodes.b, s.team.supervisor.client, s.report.id);
      let started = Date.now();
      const res = await s.fx.admin.patch(`/users/${s.team.drafter.user.id}`, { password: 'a-new-password-1' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await allClosed(reset.sockets, started, 'password reset');
      assert.ok(bystander.connected, 'other users keep their sockets');

      // The old sessions are refused at the handshake; a new sign-in works, then deactivation.
      const again = connectCollab(s.nodes.b.url, reset.clientA, {}, { reconnection: false });
      await assert.rejects(connected(again), /unauthenticated/);
      const fresh = await loginAs(s.nodes.a.url, s.team.drafter.user.username, 'a-new-password-1');
      const sockets = [await joinedSocket(s.nodes.a, fresh, s.report.id), await joinedSocket(s.nodes.b, fresh, s.report.id)];
      started = Date.now();
      assert.equal((await s.fx.admin.patch(`/users/${s.team.drafter.user.id}`, { active: false })).status, 200);
      await allClosed(sockets, started, 'deactivation');
      await assert.rejects(connected(connectCollab(s.nodes.a.url, fresh, {}, { reconnection: false })), /unauthenticated/);
      bystander.disconnect();
    } finally {
      await s.nodes.stop();
    }
  });

  test('signing out closes that session’s sockets on both nodes, and only those', async (t) => {
    const s = await setUp(t);
    if (!s) return;
    try {
      const both = await onBothNodes(s, s.team.supervisor);
      const [onA, onB, sameSessionOnB] = both.sockets as [CollabSocket, CollabSocket, CollabSocket];
      const started = Date.now();
      assert.equal((await both.clientA.post('/auth/logout')).status, 204);
      await allClosed([onA, sameSessionOnB], started, 'sign-out');
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(onB.connected, 'the other session stays');
      onB.disconnect();
    } finally {
      await s.nodes.stop();
    }
  });

  test('removal from the team closes the member’s sockets in its reports on both nodes; rejoining is refused', async (t) => {
    const s = await setUp(t);
    if (!s) return;
    try {
      const viewer = await onBothNodes(s, s.team.viewer);
      const started = Date.now();
      assert.equal((await s.fx.admin.delete(`/teams/${s.team.team.id}/members/${s.team.viewer.user.id}`)).status, 204);
      await allClosed(viewer.sockets, started, 'removal from the team');
      const back = connectCollab(s.nodes.b.url, viewer.clientB, {}, { reconnection: false });
      await connected(back);
      assert.deepEqual(await join(back, s.report.id), { ok: false, error: 'not_found' });
      back.disconnect();
    } finally {
      await s.nodes.stop();
    }
  });

  test('a session that expires closes its sockets when it does', async (t) => {
    const s = await setUp(t);
    if (!s) return;
    try {
      const client = await loginAs(s.nodes.b.url, s.team.drafter.user.username, `pw-${s.team.drafter.user.username}`);
      // The session ends in two seconds (as if signed in a week ago).
      await s.nodes.db.query(
        `UPDATE sessions SET expires_at = now() + interval '2 seconds'
          WHERE user_id = $1 AND revoked_at IS NULL AND created_at = (SELECT max(created_at) FROM sessions WHERE user_id = $1)`,
        [s.team.drafter.user.id],
      );
      const socket = await joinedSocket(s.nodes.b, client, s.report.id);
      const closedAfter = Date.now();
      await withTimeout(disconnected(socket, 5_000), 5_000, 'socket outlived its session');
      const took = Date.now() - closedAfter;
      assert.ok(took < 2_000 + WITHIN_MS, `closed ${took} ms after joining`);
      await assert.rejects(connected(connectCollab(s.nodes.a.url, client, {}, { reconnection: false })), /unauthenticated/);
    } finally {
      await s.nodes.stop();
    }
  });
});
