/**
 * The title is part of what is reviewed and signed: it changes under the content's rules, and a
 * title changed behind an approval's back is caught by the verifier. Names carry no control or
 * hidden text-direction characters, whether typed or taken from an imported file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditVerifyDto, ContentProblem, DiffDto, ReportChecksDto, ReportDto, VersionDto } from '@review/shared';
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

  test('the title’s blanks are checked before submit, and versions keep the title for the redline', async () => {
    // A blank report (no blanks in its text) with the suggested title of a template.
    const report = await fx.newReport(t.drafter.client, t.team.id, { title: '×××同志2026年度对照检查材料', reviewerId: t.supervisor.user.id });
    const checks = (await t.viewer.client.get<ReportChecksDto>(`/reports/${report.id}/checks`)).body;
    assert.equal(checks.ok, false);
    assert.deepEqual(checks.problems[0], { kind: 'placeholder', text: '×××', block: -1, start: 0, end: 3 });

    const refused = assertError(await transition(t.drafter.client, report.id, 'submit'), 409, 'checks_failed');
    const details = (refused.details ?? []) as ContentProblem[];
    assert.ok(details.some((p) => p.block === -1 && p.text === '×××'), JSON.stringify(refused));

    const version = await t.drafter.client.post<VersionDto>(`/reports/${report.id}/versions`, { label: '改名前' });
    assert.equal(version.status, 201);
    assert.equal((await rename(t.drafter, report.id, '张明同志2026年度对照检查材料')).status, 200);
    assert.equal((await t.viewer.client.get<ReportChecksDto>(`/reports/${report.id}/checks`)).body.problems.filter((p) => p.block === -1).length, 0);

    // Against now, and between two versions, the redline names the old and the new title.
    const sinceVersion = (await t.viewer.client.get<DiffDto>(`/reports/${report.id}/diff?from=${version.body.id}&to=current`)).body;
    assert.deepEqual(sinceVersion.title, { from: '×××同志2026年度对照检查材料', to: '张明同志2026年度对照检查材料' });
    const later = await t.drafter.client.post<VersionDto>(`/reports/${report.id}/versions`, { label: '改名后' });
    const between = (await t.viewer.client.get<DiffDto>(`/reports/${report.id}/diff?from=${version.body.id}&to=${later.body.id}`)).body;
    assert.deepEqual(between.title, { from: '×××同志2026年度对照检查材料', to: '张明同志2026年度对照检查材料' });
    const unchanged = (await t.viewer.client.get<DiffDto>(`/reports/${report.id}/diff?from=${later.body.id}&to=current`)).body;
    assert.equal(unchanged.title, undefined, 'no title change, no title in the redline');
    assert.equal((await transition(t.drafter.client, report.id, 'submit')).status, 200, 'the title filled in, the checks pass');
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
