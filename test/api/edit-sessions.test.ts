/**
 * Edit sessions on the audit trail: recorded as soon as their user leaves the report (a `leave`,
 * or the user's socket disconnecting), with the first and last edit in the details, not two
 * minutes later. The trail stays append-only and verifies; a session recorded after what happened
 * while it ran is read at its start.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEventDto, AuditVerifyDto, CollabProvider, VersionDto } from '@review/shared';
import { addParagraph, closeProvider, eventually, openProvider } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';

/** Well under the two minutes a session stays open without edits, and the room's 30 s idle time. */
const PROMPTLY_MS = 3_000;

describe('edit sessions', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let drafter: Member;
  let supervisor: Member;
  let teamId: string;
  const open: CollabProvider[] = [];

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    const t = await fx.newTeamWithMembers();
    ({ drafter, supervisor } = t);
    teamId = t.team.id;
  });
  after(async () => {
    for (const p of open) closeProvider(p);
    await server.dispose();
  });

  const trail = async (reportId: string) => (await supervisor.client.get<AuditEventDto[]>(`/reports/${reportId}/audit`)).body;
  const sessionsOf = async (reportId: string) => (await trail(reportId)).filter((e) => e.action === 'edit_session');

  async function provider(member: Member, reportId: string): Promise<CollabProvider> {
    const p = await openProvider(server.url, member.client, reportId);
    open.push(p);
    return p;
  }

  test('leaving the report records the session at once, with its start and end', async () => {
    const report = await fx.newReport(drafter.client, teamId, { reviewerId: supervisor.user.id });
    // The reviewer stays on the report throughout, so the room is not unloaded when the drafter goes.
    await provider(supervisor, report.id);
    const p = await provider(drafter, report.id);
    const started = Date.now();
    addParagraph(p.doc, '一、存在问题');
    await p.whenSaved();
    // While the drafter is still typing, the reviewer saves a version: recorded before the session.
    const version = await supervisor.client.post<VersionDto>(`/reports/${report.id}/versions`, { label: '初稿' });
    assert.equal(version.status, 201);
    addParagraph(p.doc, '理论学习不够深入，学用结合不紧。');
    await p.whenSaved();
    const lastEdit = Date.now();
    assert.deepEqual(await sessionsOf(report.id), [], 'nothing yet while the drafter is editing');

    p.destroy(); // sends `leave`; the socket stays connected
    const left = Date.now();
    await eventually(async () => (await sessionsOf(report.id)).length === 1, PROMPTLY_MS, 'the session was not recorded when the drafter left');
    const events = await trail(report.id);
    const session = events.find((e) => e.action === 'edit_session');
    const versionEvent = events.find((e) => e.action === 'version');
    assert.ok(session && versionEvent);
    assert.equal(session.actor, drafter.user.id);
    assert.equal(session.details.inserted, '一、存在问题'.length + '理论学习不够深入，学用结合不紧。'.length);
    assert.equal(session.details.deleted, 0);
    const first = Date.parse(String(session.details.firstAt));
    const last = Date.parse(String(session.details.lastAt));
    assert.ok(started <= first && first <= Date.parse(versionEvent.at), 'started before the version was saved');
    assert.ok(Date.parse(versionEvent.at) <= last && last <= lastEdit, 'ended with the last edit, after the version');
    assert.ok(Date.parse(session.at) >= left, 'recorded when the drafter left');
    // Appended after the version event, never slotted in before it: the chain stays as recorded.
    assert.ok(session.seq > versionEvent.seq);
    const verified = (await supervisor.client.get<AuditVerifyDto>(`/reports/${report.id}/audit/verify`)).body;
    assert.deepEqual(verified, { ok: true, events: events.length });
  });

  test('a socket that disconnects ends its user’s session too', async () => {
    const report = await fx.newReport(drafter.client, teamId, { reviewerId: supervisor.user.id });
    await provider(supervisor, report.id);
    const p = await provider(drafter, report.id);
    addParagraph(p.doc, '二、原因剖析');
    await p.whenSaved();
    p.socket.disconnect();
    await eventually(async () => (await sessionsOf(report.id)).length === 1, PROMPTLY_MS, 'the session was not recorded on disconnect');
    const [session] = await sessionsOf(report.id);
    assert.equal(session?.actor, drafter.user.id);
    assert.equal(session?.details.inserted, '二、原因剖析'.length);
    assert.equal((await supervisor.client.get<AuditVerifyDto>(`/reports/${report.id}/audit/verify`)).body.ok, true);
  });

  test('a session recorded as its user leaves does not deadlock with writes to the report at that moment', async () => {
    // Writers lock the report's row, then its audit chain; the session's event must take them in
    // that order too. Comments posted while the drafter leaves hit exactly that moment.
    const report = await fx.newReport(drafter.client, teamId, { reviewerId: supervisor.user.id });
    for (let round = 0; round < 5; round++) {
      const p = await openProvider(server.url, drafter.client, report.id);
      addParagraph(p.doc, `第${round + 1}段：一是理论学习不够深入。`);
      await p.whenSaved();
      closeProvider(p);
      const posted = await Promise.all(
        Array.from({ length: 8 }, () => drafter.client.post(`/reports/${report.id}/versions`, { label: `第${round + 1}轮` })),
      );
      for (const r of posted) assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    await eventually(async () => (await sessionsOf(report.id)).length === 5, PROMPTLY_MS * 2, 'five sessions recorded');
    const verified = (await supervisor.client.get<AuditVerifyDto>(`/reports/${report.id}/audit/verify`)).body;
    assert.equal(verified.ok, true, JSON.stringify(verified));
  });
});
