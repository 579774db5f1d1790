import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReportDto, TeamDto, TeamMemberDto, UserDto, WorkflowAction } from '@review/shared';
import { Fixtures, type Member } from '../support/fixtures.js';
import { ApiClient, assertError, loginAs } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

interface Operation {
  method: string;
  path: string;
  public: boolean;
  adminOnly: boolean;
}

const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** Every route of the API, read from the server's own OpenAPI document so none is forgotten. */
async function operations(baseUrl: string): Promise<Operation[]> {
  const doc = (await (await fetch(`${baseUrl}/api/docs/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { 'x-public'?: boolean; 'x-admin-only'?: boolean }>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path: path.replace(/^\/api/, '').replace(/\{[^}]+\}/g, SOME_ID),
        public: op['x-public'] === true,
        adminOnly: op['x-admin-only'] === true,
      });
    }
  }
  return ops;
}

describe('access control', () => {
  let server: StartedServer;
  let fx: Fixtures;
  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
  });
  after(() => server.dispose());

  test('every non-public route refuses an anonymous caller with 401', async () => {
    const ops = await operations(server.url);
    assert.ok(ops.length >= 14, `found ${ops.length} routes`);
    const anon = new ApiClient(server.url);
    for (const op of ops.filter((o) => !o.public)) {
      const res = await anon.request(op.method, op.path, op.method === 'GET' ? undefined : {});
      assertError(res, 401, 'unauthenticated');
    }
  });

  test('every admin-only route refuses a signed-in non-admin with 403', async () => {
    const ops = (await operations(server.url)).filter((o) => o.adminOnly);
    assert.ok(ops.length >= 6, `found ${ops.length} admin routes`);
    for (const username of ['drafter', 'supervisor']) {
      const client = await loginAs(server.url, username);
      for (const op of ops) {
        const res = await client.request(op.method, op.path, op.method === 'GET' ? undefined : {});
        assertError(res, 403, 'forbidden');
      }
    }
  });

  test('an admin creates users, teams and memberships', async () => {
    const team = await fx.newTeam();
    const { user, client } = await fx.newUser({ displayName: '王五' });
    const add = await fx.admin.post<TeamMemberDto>(`/teams/${team.id}/members`, { userId: user.id, role: 'supervisor' });
    assert.equal(add.status, 201);
    assert.deepEqual(add.body, { userId: user.id, username: user.username, displayName: '王五', role: 'supervisor' });
    const teams = await client.get<{ teams: { id: string; role: string }[] }>('/auth/me');
    assert.deepEqual(teams.body.teams.map((t) => [t.id, t.role]), [[team.id, 'supervisor']]);

    assertError(await fx.admin.post('/users', { username: user.username.toUpperCase(), displayName: 'x', password: 'password1' }), 409, 'conflict');
    assertError(await fx.admin.post('/teams', { name: team.name }), 409, 'conflict');
    assertError(await fx.admin.post(`/teams/${SOME_ID}/members`, { userId: user.id, role: 'drafter' }), 404, 'not_found');
    assertError(await fx.admin.post(`/teams/${team.id}/members`, { userId: SOME_ID, role: 'drafter' }), 404, 'not_found');
  });

  test('a deactivated user is signed out and cannot sign in again', async () => {
    const { user, client } = await fx.newUser();
    assert.equal((await client.get('/auth/me')).status, 200);
    const res = await fx.admin.patch<UserDto>(`/users/${user.id}`, { active: false });
    assert.equal(res.status, 200);
    assert.equal(res.body.active, false);
    assertError(await client.get('/auth/me'), 401, 'unauthenticated');
    assertError(
      await new ApiClient(server.url).post('/auth/login', { username: user.username, password: `pw-${user.username}` }),
      401,
      'invalid_credentials',
    );
  });

  test('a password reset ends existing sessions and the new password works', async () => {
    const { user, client } = await fx.newUser();
    assert.equal((await fx.admin.patch(`/users/${user.id}`, { password: 'brand-new-pass' })).status, 200);
    assertError(await client.get('/auth/me'), 401, 'unauthenticated');
    await loginAs(server.url, user.username, 'brand-new-pass');
  });

  test('a member of team A cannot list, read or create reports in team B', async () => {
    const a = await fx.newTeamWithMembers();
    const b = await fx.newTeamWithMembers();
    const reportA = await fx.newReport(a.drafter.client, a.team.id, { reviewerId: a.supervisor.user.id });
    const reportB = await fx.newReport(b.drafter.client, b.team.id);

    const listB = await b.drafter.client.get<ReportDto[]>('/reports');
    assert.deepEqual(listB.body.map((r) => r.id), [reportB.id]);
    const listFiltered = await b.drafter.client.get<ReportDto[]>(`/reports?teamId=${a.team.id}`);
    assert.deepEqual(listFiltered.body, []);

    for (const outsider of [b.drafter.client, b.supervisor.client]) {
      const res = await outsider.get(`/reports/${reportA.id}`);
      const body = assertError(res, 404, 'not_found');
      // Same answer as for an id that does not exist at all.
      const missing = assertError(await outsider.get(`/reports/${SOME_ID}`), 404, 'not_found');
      assert.equal(body.message, missing.message);
      assertError(await outsider.post('/reports', { teamId: a.team.id, title: '越权' }), 404, 'not_found');
      assertError(await outsider.get(`/teams/${a.team.id}/members`), 404, 'not_found');
    }

    // Members of A see it, including view-only members.
    for (const insider of [a.drafter.client, a.supervisor.client, a.viewer.client]) {
      const res = await insider.get<ReportDto>(`/reports/${reportA.id}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.title, reportA.title);
    }
    const members = await a.viewer.client.get<TeamMemberDto[]>(`/teams/${a.team.id}/members`);
    assert.equal(members.body.length, 3);
    const teams = await a.viewer.client.get<TeamDto[]>('/teams');
    assert.deepEqual(teams.body.map((t) => t.id), [a.team.id]);
  });

  test('a new report: the creator is the author, state draft, revision 0, hash of the empty document', async () => {
    const t = await fx.newTeamWithMembers();
    const report = await fx.newReport(t.drafter.client, t.team.id, { title: '2026年度对照检查材料', reviewerId: t.supervisor.user.id });
    assert.equal(report.authorId, t.drafter.user.id);
    assert.equal(report.reviewerId, t.supervisor.user.id);
    assert.equal(report.state, 'draft');
    assert.equal(report.revision, 0);
    assert.match(report.contentHash, /^[0-9a-f]{64}$/);
    assert.equal(report.teamId, t.team.id);
    assert.ok(!Number.isNaN(Date.parse(report.createdAt)));

    // The reviewer must be a supervisor of the team.
    const bad = await t.drafter.client.post('/reports', { teamId: t.team.id, title: 'x', reviewerId: t.viewer.user.id });
    const body = assertError(bad, 400, 'validation_failed');
    assert.deepEqual((body.details as { path: string }[]).map((d) => d.path), ['reviewerId']);
  });

  test('report list filters: state, title search, mine, reviewing', async () => {
    const t = await fx.newTeamWithMembers();
    const r1 = await fx.newReport(t.drafter.client, t.team.id, { title: '党性分析报告（张）', reviewerId: t.supervisor.user.id });
    const r2 = await fx.newReport(t.supervisor.client, t.team.id, { title: '学习体会及问题检视' });
    const r3 = await fx.newReport(t.viewer.client, t.team.id, { title: '100%_完成情况', reviewerId: t.supervisor.user.id });
    const ids = async (client: ApiClient, query: string) =>
      (await client.get<ReportDto[]>(`/reports?teamId=${t.team.id}&${query}`)).body.map((r) => r.id).sort();

    assert.deepEqual(await ids(t.drafter.client, ''), [r1.id, r2.id, r3.id].sort());
    assert.deepEqual(await ids(t.drafter.client, 'mine=true'), [r1.id]);
    assert.deepEqual(await ids(t.supervisor.client, 'reviewing=true'), [r1.id, r3.id].sort());
    assert.deepEqual(await ids(t.drafter.client, `q=${encodeURIComponent('党性')}`), [r1.id]);
    assert.deepEqual(await ids(t.drafter.client, `q=${encodeURIComponent('100%_')}`), [r3.id]);
    assert.deepEqual(await ids(t.drafter.client, `q=${encodeURIComponent('%')}`), [r3.id]);
    assert.deepEqual(await ids(t.drafter.client, 'state=draft'), [r1.id, r2.id, r3.id].sort());
    assert.deepEqual(await ids(t.drafter.client, 'state=approved'), []);
    assertError(await t.drafter.client.get('/reports?state=done'), 400, 'validation_failed');
    assertError(await t.drafter.client.get('/reports?mine=maybe'), 400, 'validation_failed');
  });

  test('awaiting: only reports in review with me as their reviewer, never a draft nobody submitted', async () => {
    const t = await fx.newTeamWithMembers();
    const other = await fx.newUser();
    const demoted = await fx.newUser();
    await fx.addMember(t.team.id, other.user.id, 'supervisor');
    await fx.addMember(t.team.id, demoted.user.id, 'supervisor');
    const me = t.supervisor;
    /** A report of the drafter's, taken by its reviewer through `actions`. */
    const report = async (title: string, reviewer: Member, actions: [Member, WorkflowAction][] = []) => {
      const r = await fx.newReport(t.drafter.client, t.team.id, { title, reviewerId: reviewer.user.id });
      for (const [by, action] of actions) {
        const extra = action === 'submit' ? { overrideReason: '空白报告，仅为测试' } : {};
        const res = await transition(by.client, r.id, action, extra, { password: `pw-${by.user.username}` });
        assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
      }
      return r.id;
    };
    const submit: [Member, WorkflowAction] = [t.drafter, 'submit'];
    const draft = await report('草稿，从未提交', me);
    const waiting = await report('提交给我的', me, [submit]);
    const resubmitted = await report('退回后重新提交的', me, [submit, [me, 'request_changes'], submit]);
    const sentBack = await report('已退回修改的', me, [submit, [me, 'request_changes']]);
    const withdrawn = await report('已撤回的', me, [submit, [t.drafter, 'withdraw']]);
    const approved = await report('已批准的', me, [submit, [me, 'approve']]);
    await report('提交给另一位审核人的', other, [submit]);
    const notMine = await report('审核人已不是主管的', demoted, [submit]);
    await fx.addMember(t.team.id, demoted.user.id, 'drafter');
    const ids = async (member: Member, query: string) =>
      (await member.client.get<ReportDto[]>(`/reports?teamId=${t.team.id}&${query}`)).body.map((r) => r.id).sort();

    assert.deepEqual(await ids(me, 'awaiting=true'), [waiting, resubmitted].sort());
    assert.deepEqual(await ids(me, 'awaiting=true&state=draft'), []);
    assert.deepEqual(await ids(me, `awaiting=true&q=${encodeURIComponent('重新提交')}`), [resubmitted]);
    assert.deepEqual(await ids(demoted, 'awaiting=true'), [], 'a reviewer no longer a supervisor has nothing to review');
    assert.deepEqual(await ids(t.drafter, 'awaiting=true'), []);
    // `reviewing` keeps its meaning: every report naming me as the reviewer, in any state.
    assert.deepEqual(await ids(me, 'reviewing=true'), [draft, waiting, resubmitted, sentBack, withdrawn, approved].sort());
    assert.deepEqual(await ids(demoted, 'reviewing=true'), [notMine]);
    assertError(await me.client.get('/reports?awaiting=maybe'), 400, 'validation_failed');
  });

  test('admins see reports of every team', async () => {
    const t = await fx.newTeamWithMembers();
    const report = await fx.newReport(t.drafter.client, t.team.id);
    assert.equal((await fx.admin.get(`/reports/${report.id}`)).status, 200);
    const list = await fx.admin.get<ReportDto[]>(`/reports?teamId=${t.team.id}`);
    assert.deepEqual(list.body.map((r) => r.id), [report.id]);
  });

  test('state-changing requests from an origin not on the allow-list are refused', async () => {
    const client = await loginAs(server.url, 'drafter');
    const res = await client.request('POST', '/auth/logout', {}, { origin: 'https://evil.example' });
    assertError(res, 403, 'forbidden');
    assert.equal((await client.get('/auth/me')).status, 200, 'the session is still alive');
    const cors = await fetch(`${server.url}/api/auth/me`, { headers: { origin: 'https://evil.example' } });
    assert.equal(cors.headers.get('access-control-allow-origin'), null);
    const ok = await fetch(`${server.url}/api/health`, { headers: { origin: server.url } });
    assert.equal(ok.headers.get('access-control-allow-origin'), server.url);
  });
});
