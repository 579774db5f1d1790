import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CollabProvider, ReportDto, WorkflowAction } from '@review/shared';
import { addParagraph, closeProvider, eventually, openProvider, textOf } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type ApiClient, loginAs } from '../support/http.js';
import { type StartedServer, startServer, startTwoNodes } from '../support/server.js';
import { transition } from '../support/workflow.js';

/** A transition that must succeed. */
async function transitionOk(client: ApiClient, report: ReportDto, action: WorkflowAction, extra: Record<string, unknown> = {}) {
  const res = await transition(client, report.id, action, extra);
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const accessOf = (p: CollabProvider) => p.current.access;

describe('workflow transitions reach open documents at once', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let t: { team: { id: string }; drafter: Member; supervisor: Member; viewer: Member };

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
  });
  after(() => server.dispose());

  test('submit, approve and reopen switch everyone’s access live; refused edits are not stored', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    const author = await openProvider(server.url, t.drafter.client, report.id);
    addParagraph(author.doc, '草稿');
    await author.whenSaved();
    const reviewer = await openProvider(server.url, t.supervisor.client, report.id);
    const viewer = await openProvider(server.url, t.viewer.client, report.id);
    assert.deepEqual([author, reviewer, viewer].map(accessOf), ['edit', 'edit', 'view']);

    let started = Date.now();
    await transitionOk(t.drafter.client, report, 'submit');
    await eventually(() => accessOf(author) === 'comment' && accessOf(reviewer) === 'edit', 1_000, 'state pushed within 1 s');
    assert.ok(Date.now() - started < 1_000);
    assert.equal(author.current.state, 'in_review');

    // The author's edit is now refused over the socket and never stored.
    textOf(author.doc).insert(0, '提交后改');
    await eventually(() => author.current.denied !== null, 2_000, 'author told denied');
    const stored = (await t.supervisor.client.get<{ text: string }>(`/reports/${report.id}/content`)).body.text;
    assert.equal(stored, '草稿');

    // The reviewer edits, then approves what is stored; afterwards nobody may edit.
    textOf(reviewer.doc).insert(2, '（已审）');
    await reviewer.whenSaved();
    const hash = (await t.supervisor.client.get<{ contentHash: string }>(`/reports/${report.id}/content`)).body.contentHash;
    started = Date.now();
    await transitionOk(t.supervisor.client, report, 'approve', { contentHash: hash, password: `pw-${t.supervisor.user.username}` });
    await eventually(() => accessOf(reviewer) === 'view' && accessOf(viewer) === 'view', 1_000, 'approved: view for all');
    textOf(reviewer.doc).insert(0, '批准后改');
    await eventually(() => reviewer.current.denied !== null, 2_000, 'reviewer told denied');
    const after = (await t.supervisor.client.get<{ contentHash: string }>(`/reports/${report.id}/content`)).body.contentHash;
    assert.equal(after, hash, 'the approved content is what was signed');

    await transitionOk(t.supervisor.client, report, 'reopen');
    const fresh = await openProvider(server.url, t.drafter.client, report.id);
    assert.equal(accessOf(fresh), 'edit');
    for (const p of [author, reviewer, viewer, fresh]) closeProvider(p);
  });

  test('naming another reviewer changes who may edit, live', async () => {
    const other = await fx.newUser();
    await fx.addMember(t.team.id, other.user.id, 'supervisor');
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    await transitionOk(t.drafter.client, report, 'submit');
    const was = await openProvider(server.url, t.supervisor.client, report.id);
    const next = await openProvider(server.url, other.client, report.id);
    assert.deepEqual([accessOf(was), accessOf(next)], ['edit', 'view']);
    await transitionOk(t.drafter.client, report, 'withdraw');
    const current = (await t.drafter.client.get<ReportDto>(`/reports/${report.id}`)).body;
    const res = await t.drafter.client.patch(`/reports/${report.id}`, { expectedRevision: current.revision, reviewerId: other.user.id });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await transitionOk(t.drafter.client, report, 'submit');
    await eventually(() => accessOf(was) === 'view' && accessOf(next) === 'edit', 1_000, 'access moved to the new reviewer');
    closeProvider(was);
    closeProvider(next);
  });
});

describe('team changes reach open documents at once', () => {
  let server: StartedServer;
  let fx: Fixtures;

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
  });
  after(() => server.dispose());

  test('demoting the reviewer takes away their edit access within a second; a removed member is shut out', async () => {
    const t = await fx.newTeamWithMembers();
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    const setup = await openProvider(server.url, t.drafter.client, report.id);
    addParagraph(setup.doc, '内容');
    await setup.whenSaved();
    closeProvider(setup);
    await transitionOk(t.drafter.client, report, 'submit');
    const reviewer = await openProvider(server.url, t.supervisor.client, report.id);
    const viewer = await openProvider(server.url, t.viewer.client, report.id);
    assert.deepEqual([accessOf(reviewer), accessOf(viewer)], ['edit', 'view']);

    let started = Date.now();
    assert.equal((await fx.admin.post(`/teams/${t.team.id}/members`, { userId: t.supervisor.user.id, role: 'drafter' })).status, 201);
    await eventually(() => accessOf(reviewer) === 'view', 1_000, 'demoted reviewer is view-only');
    assert.ok(Date.now() - started < 1_000);
    textOf(reviewer.doc).insert(0, '降级后改');
    await eventually(() => reviewer.current.denied !== null, 2_000, 'refused after demotion');
    const stored = (await t.drafter.client.get<{ text: string }>(`/reports/${report.id}/content`)).body.text;
    assert.equal(stored, '内容');
    // The HTTP side agrees: no approval by a demoted reviewer.
    const approve = await transition(t.supervisor.client, report.id, 'approve', {}, { password: `pw-${t.supervisor.user.username}` });
    assert.equal(approve.status, 403);

    started = Date.now();
    assert.equal((await fx.admin.delete(`/teams/${t.team.id}/members/${t.viewer.user.id}`)).status, 204);
    await eventually(() => viewer.current.status === 'refused', 2_000, 'removed member is refused');
    assert.equal(viewer.current.joinError, 'not_found');
    closeProvider(reviewer);
    closeProvider(viewer);
  });
});

describe('transitions on one node reach sockets on another', () => {
  test('a submit through node A switches a client on node B within a second', async (t) => {
    const nodes = await startTwoNodes(t);
    if (!nodes) return;
    const { a, b } = nodes;
    try {
      const fx = await Fixtures.create(a.url);
      const team = await fx.newTeamWithMembers();
      const report = await fx.newReport(team.drafter.client, team.team.id, { reviewerId: team.supervisor.user.id });
      const drafterB = await loginAs(b.url, team.drafter.user.username, `pw-${team.drafter.user.username}`);
      const onB = await openProvider(b.url, drafterB, report.id);
      assert.equal(accessOf(onB), 'edit');
      await transitionOk(team.drafter.client, report, 'submit');
      await eventually(() => accessOf(onB) === 'comment', 1_000, 'node B pushed the new access');
      addParagraph(onB.doc, '越权');
      await eventually(() => onB.current.denied !== null, 2_000, 'refused on node B');
      closeProvider(onB);
    } finally {
      await nodes.stop();
    }
  });
});
