import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type AuditEventDto,
  type AuditVerifyDto,
  type DiffDto,
  REPORT_STATES,
  type ReportDto,
  type ReportState,
  type SignatureDto,
  TRANSITIONS,
  type VersionDetailDto,
  type VersionDto,
  WORKFLOW_ACTIONS,
  type WorkflowAction,
} from '@review/shared';
import { addParagraph, closeProvider, openProvider, textOf } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type ApiClient, assertError, loginAs } from '../support/http.js';
import { DEMO_PASSWORD, repoRoot, type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

type Party = 'author' | 'reviewer' | 'otherSupervisor' | 'viewer' | 'admin';
const PARTIES: Party[] = ['author', 'reviewer', 'otherSupervisor', 'viewer', 'admin'];

/** What the workflow table says should happen (the API must agree). */
function expected(party: Party, state: ReportState, action: WorkflowAction): 200 | 403 | 409 {
  const rule = TRANSITIONS[action];
  const relation = party === 'author' ? 'author' : party === 'reviewer' ? 'reviewer' : 'member';
  const byRole = rule.by.includes(relation) || (party === 'admin' && rule.by.includes('admin'));
  if (!byRole) return 403;
  return rule.from.includes(state) ? 200 : 409;
}

describe('review workflow, versions, signatures and audit', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let team: { id: string };
  let author: Member;
  let reviewer: Member;
  let otherSupervisor: Member;
  let viewer: Member;
  let admin: ApiClient;
  const passwords = new Map<ApiClient, string>();

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    const t = await fx.newTeamWithMembers();
    team = t.team;
    author = t.drafter;
    reviewer = t.supervisor;
    viewer = t.viewer;
    otherSupervisor = await fx.newUser();
    await fx.addMember(team.id, otherSupervisor.user.id, 'supervisor');
    admin = await loginAs(server.url, 'admin');
    for (const m of [author, reviewer, otherSupervisor, viewer]) passwords.set(m.client, `pw-${m.user.username}`);
    passwords.set(admin, DEMO_PASSWORD);
  });
  after(() => server.dispose());

  const clientOf = (p: Party): ApiClient =>
    ({ author: author.client, reviewer: reviewer.client, otherSupervisor: otherSupervisor.client, viewer: viewer.client, admin })[p];

  async function report(id: string): Promise<ReportDto> {
    return (await author.client.get<ReportDto>(`/reports/${id}`)).body;
  }

  const act = (client: ApiClient, id: string, action: WorkflowAction, extra: Record<string, unknown> = {}) =>
    transition(client, id, action, extra, { password: passwords.get(client) });

  async function withText(text: string): Promise<ReportDto> {
    const r = await fx.newReport(author.client, team.id, { reviewerId: reviewer.user.id });
    const p = await openProvider(server.url, author.client, r.id);
    addParagraph(p.doc, text);
    await p.whenSaved();
    closeProvider(p);
    return report(r.id);
  }

  /** A report driven through the workflow into `state` by the right people. */
  async function inState(state: ReportState): Promise<ReportDto> {
    const r = await withText('一、存在问题');
    const path: Record<ReportState, [Party, WorkflowAction][]> = {
      draft: [],
      in_review: [['author', 'submit']],
      changes_requested: [['author', 'submit'], ['reviewer', 'request_changes']],
      approved: [['author', 'submit'], ['reviewer', 'approve']],
    };
    for (const [party, action] of path[state]) {
      const res = await act(clientOf(party), r.id, action);
      assert.equal(res.status, 200, `${party} ${action}: ${JSON.stringify(res.body)}`);
    }
    const now = await report(r.id);
    assert.equal(now.state, state);
    return now;
  }

  async function audit(id: string): Promise<AuditEventDto[]> {
    return (await author.client.get<AuditEventDto[]>(`/reports/${id}/audit`)).body;
  }

  test('every party × state × action through HTTP agrees with the workflow table', async () => {
    const mismatches: string[] = [];
    for (const state of REPORT_STATES) {
      let shared = await inState(state);
      for (const party of PARTIES) {
        for (const action of WORKFLOW_ACTIONS) {
          const want = expected(party, state, action);
          const target = want === 200 ? await inState(state) : shared;
          const res = await act(clientOf(party), target.id, action);
          const code = (res.body as { error?: string }).error;
          const ok =
            res.status === want &&
            (want !== 403 || code === 'forbidden') &&
            (want !== 409 || code === 'invalid_transition') &&
            (want !== 200 || (res.body as ReportDto).state === TRANSITIONS[action].to);
          if (!ok) mismatches.push(`${party} ${action} in ${state}: want ${want}, got ${res.status} ${JSON.stringify(res.body)}`);
          if (want !== 200) shared = await report(shared.id);
        }
      }
      // Refusals changed nothing.
      assert.equal((await report(shared.id)).state, state);
    }
    assert.deepEqual(mismatches, []);
  });

  test('a stale expectedRevision gets 409 stale_revision and changes nothing', async () => {
    const r = await withText('内容');
    const res = await author.client.post(`/reports/${r.id}/transitions`, { action: 'submit', expectedRevision: r.revision + 1 });
    assertError(res, 409, 'stale_revision');
    assert.equal((await report(r.id)).state, 'draft');
  });

  test('request changes needs a message; approve needs the hash and the password', async () => {
    const r = await inState('in_review');
    assertError(
      await reviewer.client.post(`/reports/${r.id}/transitions`, { action: 'request_changes', expectedRevision: r.revision }),
      400,
      'validation_failed',
    );
    const missing = assertError(
      await reviewer.client.post(`/reports/${r.id}/transitions`, { action: 'approve', expectedRevision: r.revision }),
      400,
      'validation_failed',
    );
    assert.deepEqual((missing.details as { path: string }[]).map((d) => d.path).sort(), ['contentHash', 'password']);
    assert.equal((await report(r.id)).state, 'in_review');
  });

  test('a wrong password is refused with 401, audited, and the reviewer stays signed in', async () => {
    const r = await inState('in_review');
    assertError(await act(reviewer.client, r.id, 'approve', { password: 'not-my-password' }), 401, 'invalid_credentials');
    assert.equal((await reviewer.client.get('/auth/me')).status, 200, 'still signed in');
    const events = await audit(r.id);
    const denied = events.filter((e) => e.action === 'denied');
    assert.equal(denied.length, 1);
    assert.equal(denied[0]?.actor, reviewer.user.id);
    assert.equal(denied[0]?.details.reason, 'invalid_credentials');
    assert.equal((await report(r.id)).state, 'in_review');
    assert.equal((await act(reviewer.client, r.id, 'approve')).status, 200);
  });

  test('the author cannot approve, even as an admin; a report without a reviewer cannot be submitted', async () => {
    const r = await inState('in_review');
    assertError(await act(author.client, r.id, 'approve', { password: passwords.get(author.client) }), 403, 'forbidden');
    const lone = await fx.newReport(author.client, team.id);
    const res = await act(author.client, lone.id, 'submit');
    assertError(res, 409, 'invalid_transition');
    assert.match((res.body as unknown as { message: string }).message, /reviewer/);
    const named = await author.client.patch<ReportDto>(`/reports/${lone.id}`, {
      expectedRevision: lone.revision,
      reviewerId: reviewer.user.id,
    });
    assert.equal(named.status, 200, JSON.stringify(named.body));
    assert.equal(named.body.reviewerId, reviewer.user.id);
    assert.equal((await act(author.client, lone.id, 'submit')).status, 200);
    assertError(
      await viewer.client.patch(`/reports/${lone.id}`, { expectedRevision: named.body.revision + 1, title: '改名' }),
      403,
      'forbidden',
    );
  });

  test('content changed since the reviewer looked: 409 content_changed, then approval of the new content', async () => {
    const r = await inState('in_review');
    const seen = r.contentHash;
    const p = await openProvider(server.url, reviewer.client, r.id);
    textOf(p.doc).insert(0, '【审核修改】');
    await p.whenSaved();
    closeProvider(p);
    const res = await act(reviewer.client, r.id, 'approve', { contentHash: seen });
    const body = assertError(res, 409, 'content_changed');
    const current = (await reviewer.client.get<{ contentHash: string }>(`/reports/${r.id}/content`)).body.contentHash;
    assert.deepEqual(body.details, { contentHash: current });
    const ok = await act(reviewer.client, r.id, 'approve', { contentHash: current });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.contentHash, current);
  });

  test('two approvals at once: exactly one succeeds and one signature exists', async () => {
    const r = await inState('in_review');
    const body = { action: 'approve', expectedRevision: r.revision, contentHash: r.contentHash, password: passwords.get(reviewer.client) };
    const second = await loginAs(server.url, reviewer.user.username, passwords.get(reviewer.client));
    const results = await Promise.all([
      reviewer.client.post(`/reports/${r.id}/transitions`, body),
      second.post(`/reports/${r.id}/transitions`, body),
    ]);
    assert.deepEqual(results.map((x) => x.status).sort(), [200, 409]);
    const loser = results.find((x) => x.status === 409)?.body as { error: string };
    assert.ok(['stale_revision', 'invalid_transition'].includes(loser.error), loser.error);
    const sigs = (await author.client.get<SignatureDto[]>(`/reports/${r.id}/signatures`)).body;
    assert.equal(sigs.length, 1);
  });

  test('approve racing an edit never signs content other than what is stored', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await inState('in_review');
      const p = await openProvider(server.url, reviewer.client, r.id);
      let typing = true;
      const typist = (async () => {
        while (typing) {
          textOf(p.doc).insert(0, '改');
          await new Promise((res) => setTimeout(res, 5));
        }
      })();
      await new Promise((res) => setTimeout(res, 50));
      const hash = (await reviewer.client.get<{ contentHash: string }>(`/reports/${r.id}/content`)).body.contentHash;
      const res = await act(reviewer.client, r.id, 'approve', { contentHash: hash });
      typing = false;
      await typist;
      await new Promise((res2) => setTimeout(res2, 300));
      closeProvider(p);
      const stored = (await reviewer.client.get<{ contentHash: string }>(`/reports/${r.id}/content`)).body.contentHash;
      if (res.status === 200) {
        const [sig] = (await author.client.get<SignatureDto[]>(`/reports/${r.id}/signatures`)).body;
        assert.equal(sig?.contentHash, hash, 'signed what was sent');
        assert.equal(stored, hash, 'nothing was stored after the approval');
      } else {
        assertError(res, 409, 'content_changed');
      }
    }
  });

  test('versions at submit and approve and on demand; view, diff, restore', async () => {
    const r = await withText('一是理论学习不够深入。');
    assert.equal((await act(author.client, r.id, 'submit')).status, 200);
    assert.equal((await act(reviewer.client, r.id, 'request_changes')).status, 200);
    const p = await openProvider(server.url, author.client, r.id);
    textOf(p.doc).insert(6, '还');
    addParagraph(p.doc, '新增的整改措施。');
    await p.whenSaved();

    const labelled = await author.client.post<VersionDto>(`/reports/${r.id}/versions`, { label: '修改后草稿' });
    assert.equal(labelled.status, 201, JSON.stringify(labelled.body));
    assert.equal(labelled.body.reason, 'manual');
    assert.equal(labelled.body.number, 2);
    assertError(await viewer.client.post(`/reports/${r.id}/versions`, { label: 'x' }), 403, 'forbidden');
    assertError(await author.client.post(`/reports/${r.id}/versions`, { label: '' }), 400, 'validation_failed');

    const versions = (await author.client.get<VersionDto[]>(`/reports/${r.id}/versions`)).body;
    assert.deepEqual(versions.map((v) => [v.number, v.reason]), [[2, 'manual'], [1, 'submit']]);
    const first = versions[1] as VersionDto;
    const detail = (await viewer.client.get<VersionDetailDto>(`/reports/${r.id}/versions/${first.id}`)).body;
    assert.deepEqual(detail.blocks, [{ type: 'paragraph', text: '一是理论学习不够深入。' }]);

    const diff = (await reviewer.client.get<DiffDto>(`/reports/${r.id}/diff?from=${first.id}&to=current`)).body;
    assert.deepEqual(diff.blocks.map((b) => b.op), ['change', 'insert']);
    assert.deepEqual(diff.blocks[0]?.segments, [
      { op: 'equal', text: '一是理论学习' },
      { op: 'insert', text: '还' },
      { op: 'equal', text: '不够深入。' },
    ]);
    assert.deepEqual(diff.blocks[1]?.segments, [{ op: 'insert', text: '新增的整改措施。' }]);
    const between = (await reviewer.client.get<DiffDto>(`/reports/${r.id}/diff?from=${first.id}&to=${labelled.body.id}`)).body;
    assert.deepEqual(between.blocks.map((b) => b.op), ['change', 'insert']);

    // Restore: the reviewer has only comment access in changes_requested, the author edits.
    assertError(await reviewer.client.post(`/reports/${r.id}/versions/${first.id}/restore`), 403, 'forbidden');
    const restored = await author.client.post<ReportDto>(`/reports/${r.id}/versions/${first.id}/restore`);
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
    assert.equal(restored.body.contentHash, first.contentHash);
    const content = (await author.client.get<{ text: string; contentHash: string }>(`/reports/${r.id}/content`)).body;
    assert.equal(content.text, '一是理论学习不够深入。');
    assert.equal(content.contentHash, first.contentHash);
    // The open editor received the restore live.
    const start = Date.now();
    while (p.doc.getXmlFragment('default').length !== 1 && Date.now() - start < 3_000) await new Promise((x) => setTimeout(x, 25));
    assert.equal(p.doc.getXmlFragment('default').length, 1);
    closeProvider(p);
    const after = (await author.client.get<VersionDto[]>(`/reports/${r.id}/versions`)).body;
    assert.equal(after[0]?.reason, 'restore', 'the content before the restore is kept as a version');

    // Ids of another report's version, or garbage, are not found.
    const other = await inState('in_review');
    const otherVersion = (await author.client.get<VersionDto[]>(`/reports/${other.id}/versions`)).body[0] as VersionDto;
    assertError(await author.client.get(`/reports/${r.id}/versions/${otherVersion.id}`), 404, 'not_found');
    assertError(await author.client.get(`/reports/${r.id}/diff?from=${otherVersion.id}`), 404, 'not_found');
    assertError(await author.client.get(`/reports/${r.id}/diff?from=nope`), 400, 'validation_failed');
  });

  test('approval signs a version; reopen supersedes the signature; outsiders see nothing', async () => {
    const r = await inState('approved');
    const [sig] = (await viewer.client.get<SignatureDto[]>(`/reports/${r.id}/signatures`)).body;
    assert.ok(sig);
    assert.equal(sig.signer, reviewer.user.id);
    assert.equal(sig.meaning, 'approved');
    assert.equal(sig.contentHash, r.contentHash);
    assert.equal(sig.superseded, false);
    const versions = (await author.client.get<VersionDto[]>(`/reports/${r.id}/versions`)).body;
    assert.equal(versions.find((v) => v.id === sig.versionId)?.reason, 'approve');

    assert.equal((await act(reviewer.client, r.id, 'reopen')).status, 200);
    const [after] = (await author.client.get<SignatureDto[]>(`/reports/${r.id}/signatures`)).body;
    assert.equal(after?.superseded, true);

    const outsider = await fx.newUser();
    for (const path of ['signatures', 'versions', 'audit', 'audit/verify', `diff?from=${sig.versionId}`]) {
      assertError(await outsider.client.get(`/reports/${r.id}/${path}`), 404, 'not_found');
    }
    assertError(await outsider.client.post(`/reports/${r.id}/transitions`, { action: 'submit', expectedRevision: 0 }), 404, 'not_found');
  });

  test('every step leaves its audit event, edits as sessions, and the chain verifies', async () => {
    const r = await withText('一、存在问题');
    assert.equal((await act(author.client, r.id, 'submit')).status, 200);
    assertError(await act(viewer.client, r.id, 'request_changes'), 403, 'forbidden');
    assert.equal((await act(reviewer.client, r.id, 'request_changes', { message: '补充原因剖析' })).status, 200);
    assert.equal((await act(author.client, r.id, 'submit', { overrideReason: '已与审核人沟通' })).status, 200);
    assert.equal((await act(reviewer.client, r.id, 'approve')).status, 200);
    assert.equal((await act(reviewer.client, r.id, 'reopen')).status, 200);

    // A refused edit over the socket is audited too.
    const p = await openProvider(server.url, viewer.client, r.id);
    textOf(p.doc).insert(0, '越权');
    const start = Date.now();
    let events = await audit(r.id);
    while (!events.some((e) => e.action === 'denied' && e.details.via === 'collab') && Date.now() - start < 3_000) {
      await new Promise((x) => setTimeout(x, 50));
      events = await audit(r.id);
    }
    closeProvider(p);

    const actions: string[] = events.map((e) => e.action);
    for (const a of ['create', 'edit_session', 'submit', 'version', 'request_changes', 'approve', 'reopen', 'denied']) {
      assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
    }
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
    const session = events.find((e) => e.action === 'edit_session');
    assert.equal(session?.actor, author.user.id);
    assert.equal(session?.details.inserted, '一、存在问题'.length);
    assert.ok(actions.indexOf('edit_session') < actions.indexOf('submit'), 'the session closes before the submit');
    const change = events.find((e) => e.action === 'request_changes');
    assert.equal(change?.details.message, '补充原因剖析');
    assert.equal(events.filter((e) => e.action === 'submit')[1]?.details.overrideReason, '已与审核人沟通');
    const approve = events.find((e) => e.action === 'approve');
    const signatureId = (approve?.details.signature as { id?: string })?.id;
    assert.ok(signatureId);
    assert.deepEqual(events.find((e) => e.action === 'reopen')?.details.supersededSignatures, [signatureId]);
    for (let i = 1; i < events.length; i++) assert.equal(events[i]?.prevHash, events[i - 1]?.hash);

    const verified = (await viewer.client.get<AuditVerifyDto>(`/reports/${r.id}/audit/verify`)).body;
    assert.deepEqual(verified, { ok: true, events: events.length });
  });

  test('a submission that overrides failed checks carries its reason on the report, for everyone in the team', async () => {
    const created = await author.client.post<ReportDto>('/reports', {
      teamId: team.id,
      title: fx.unique('报告 '),
      template: 'party-spirit',
      reviewerId: reviewer.user.id,
    });
    assert.equal(created.status, 201);
    const r = created.body;
    assert.equal(r.checksOverride, null);
    const problems = (await author.client.get<{ problems: unknown[] }>(`/reports/${r.id}/checks`)).body.problems.length;
    assert.ok(problems > 0, 'the template leaves blanks to fill');
    assertError(await act(author.client, r.id, 'submit'), 409, 'checks_failed');

    const submitted = await act(author.client, r.id, 'submit', { overrideReason: '×××处待支部会议确定后填写' });
    assert.equal(submitted.status, 200);
    const override = { reason: '×××处待支部会议确定后填写', problems };
    assert.deepEqual(submitted.body.checksOverride, override);
    for (const client of [reviewer.client, viewer.client, admin]) {
      assert.deepEqual((await client.get<ReportDto>(`/reports/${r.id}`)).body.checksOverride, override);
    }
    const listed = (await reviewer.client.get<ReportDto[]>(`/reports?awaiting=true`)).body.find((x) => x.id === r.id);
    assert.deepEqual(listed?.checksOverride, override);

    // Each submission says it afresh.
    assert.equal((await act(reviewer.client, r.id, 'request_changes')).status, 200);
    const again = await act(author.client, r.id, 'submit', { overrideReason: '已与审核人当面确认' });
    assert.deepEqual(again.body.checksOverride, { reason: '已与审核人当面确认', problems });
    // A reason given when nothing failed overrides nothing.
    const clean = await withText('一、存在问题');
    const passed = await act(author.client, clean.id, 'submit', { overrideReason: '以防万一' });
    assert.equal(passed.status, 200);
    assert.equal(passed.body.checksOverride, null);
  });

  test('tampering with an audit row is detected at that row (HTTP and CLI); a copied signature fails', async () => {
    const r = await inState('approved');
    const other = await inState('approved');
    const events = await audit(r.id);
    assert.ok(events.length >= 4);
    await server.stop();
    try {
      await assert.rejects(
        server.db.query(`UPDATE audit_events SET details = '{}' WHERE report_id = $1 AND seq = 2`, [r.id]),
        /append-only/,
      );
      await assert.rejects(server.db.query(`DELETE FROM audit_events WHERE report_id = $1`, [r.id]), /append-only/);
      // A superuser who switches the trigger off can change a row, but not unnoticed.
      await server.db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await server.db.query(
        `UPDATE audit_events SET details = details || '{"message": "forged"}' WHERE report_id = $1 AND seq = 3`,
        [r.id],
      );
      await server.db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      // The approval of one report copied onto another.
      await server.db.query(
        `INSERT INTO signatures (report_id, version_id, signer_id, meaning, signed_at, content_hash, binding_hash)
         SELECT $2, version_id, signer_id, meaning, signed_at, content_hash, binding_hash FROM signatures WHERE report_id = $1`,
        [r.id, other.id],
      );
      const cli = spawnSync(process.execPath, [path.join(repoRoot, 'apps/api/dist/cli/audit-verify.js'), r.id, other.id], {
        env: { ...process.env, ...server.db.env, SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(cli.status, 1, cli.stdout + cli.stderr);
      assert.match(cli.stdout, new RegExp(`✖ ${r.id} .*broken at event 3`));
      assert.match(cli.stdout, new RegExp(`✖ ${other.id} .*signature`));
    } finally {
      await server.restart();
    }
    const verified = (await author.client.get<AuditVerifyDto>(`/reports/${r.id}/audit/verify`)).body;
    assert.equal(verified.ok, false);
    assert.equal(verified.brokenAt, 3);
    const copied = (await author.client.get<AuditVerifyDto>(`/reports/${other.id}/audit/verify`)).body;
    assert.equal(copied.ok, false);
    assert.match(copied.problem ?? '', /signature/);
  });
});
