/**
 * The title is part of what is reviewed and signed: it changes under the content's rules, and a
 * title changed behind an approval's back is caught by the verifier. Names carry no control or
 * hidden text-direction characters, whether typed or taken from an imported file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditVerifyDto, ReportDto } from '@review/shared';
import { Fixtures, type Member } from '../support/fixtures.js';
import { assertError } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

describe('titles follow the content’s rules', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let t: { team: { id: string }; drafter: Member; supervisor: Member; viewer: Member };

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    t = await fx.newTeamWithMembers();
  });
  after(() => server.dispose());

  const rename = async (member: Member, reportId: string, title: string) => {
    const current = (await member.client.get<ReportDto>(`/reports/${reportId}`)).body;
    return member.client.patch<ReportDto>(`/reports/${reportId}`, { expectedRevision: current.revision, title });
  };

  test('in review only the reviewer renames; approved, nobody; a title changed after approval breaks verification', async () => {
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    assert.equal((await rename(t.drafter, report.id, '张明同志2026年度对照检查材料')).status, 200, 'the author renames a draft');
    assert.equal((await transition(t.drafter.client, report.id, 'submit')).status, 200);

    assertError(await rename(t.drafter, report.id, '审核中改名'), 403, 'forbidden');
    assertError(await rename(t.viewer, report.id, '旁人改名'), 403, 'forbidden');
    assert.equal((await t.drafter.client.get<ReportDto>(`/reports/${report.id}`)).body.title, '张明同志2026年度对照检查材料');
    const renamed = await rename(t.supervisor, report.id, '张明同志2026年度对照检查材料（审定）');
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));

    const approved = await transition(t.supervisor.client, report.id, 'approve', {}, { password: `pw-${t.supervisor.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assertError(await rename(t.supervisor, report.id, '批准后改名'), 409, 'invalid_transition');
    const verified = (await t.viewer.client.get<AuditVerifyDto>(`/reports/${report.id}/audit/verify`)).body;
    assert.equal(verified.ok, true, JSON.stringify(verified));

    // Someone with the database renames the approved report (the embedded database takes one process at a time).
    await server.stop();
    await server.db.query(`UPDATE reports SET title = '偷换的标题' WHERE id = $1`, [report.id]);
    await server.restart();
    const tampered = (await t.viewer.client.get<AuditVerifyDto>(`/reports/${report.id}/audit/verify`)).body;
    assert.equal(tampered.ok, false);
    assert.match(tampered.problem ?? '', /title changed after/);

    const trail = (await t.viewer.client.get<{ action: string; details: { attempt?: string; reason?: string } }[]>(`/reports/${report.id}/audit`)).body;
    assert.ok(trail.some((e) => e.action === 'denied' && e.details.attempt === 'update' && e.details.reason === 'no_edit_access'));
  });

  test('control and text-direction characters are refused in typed names and removed from names taken from files', async () => {
    const rlo = '\u202E';
    assertError(await t.drafter.client.post('/reports', { teamId: t.team.id, title: `报告${rlo}xcod.exe` }), 400, 'validation_failed');
    const me = await fx.newUser();
    assertError(await fx.admin.patch(`/users/${me.user.id}`, { displayName: `李${'\u200F'}华` }), 400, 'validation_failed');
    assertError(await fx.admin.post('/teams', { name: `第一${'\u0085'}支部` }), 400, 'validation_failed');

    const form = new FormData();
    form.set('teamId', t.team.id);
    form.set('file', new Blob([`报告${rlo}xcod.exe\n一、存在问题\n理论学习不够深入。`]), `导入${rlo}txt.exe.txt`);
    const res = await fetch(`${server.url}/api/reports/import`, { method: 'POST', headers: { cookie: t.drafter.client.cookie ?? '' }, body: form });
    const imported = (await res.json()) as ReportDto;
    assert.equal(res.status, 201, JSON.stringify(imported));
    assert.equal(imported.title, '报告xcod.exe');
    const exported = await fetch(`${server.url}/api/reports/${imported.id}/export.docx`, { headers: { cookie: t.drafter.client.cookie ?? '' } });
    assert.equal(exported.status, 200);
    const disposition = exported.headers.get('content-disposition') ?? '';
    assert.ok(!disposition.includes('%E2%80%AE') && !disposition.includes(rlo), disposition);
  });
});
