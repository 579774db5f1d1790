/**
 * The authorisation matrix, generated from the server's own route list (OpenAPI) and the
 * shared Socket.IO event list, so that a new route or event without an expectation fails here.
 * Parties: a user of another team (outsider), a view-only member, the author with ids swapped
 * between teams. No unauthorised read, write, broadcast or existence leak; every refused write
 * on a report is in its audit trail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type AuditEventDto,
  CLIENT_EVENTS,
  type CollabSocket,
  encodeStep1,
  encodeUpdate,
  type NotificationDto,
  type ReportDto,
  type ThreadDto,
  type VersionDto,
} from '@review/shared';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { addParagraph, closeProvider, connectCollab, connected, eventually, join, openProvider, textOf, withTimeout } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type ApiClient, assertError } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';

interface Operation {
  method: string;
  template: string;
  public: boolean;
  adminOnly: boolean;
}

async function operations(baseUrl: string): Promise<Operation[]> {
  const doc = (await (await fetch(`${baseUrl}/api/docs/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { 'x-public'?: boolean; 'x-admin-only'?: boolean }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      template: path.replace(/^\/api/, ''),
      public: op['x-public'] === true,
      adminOnly: op['x-admin-only'] === true,
    })),
  );
}

/** What a route is about: `report` routes name a report (or its thread, comment, version). */
type Scope = 'public' | 'admin' | 'own' | 'team' | 'report';

interface Expectation {
  scope: Scope;
  /** Changes something (a refusal must be audited when it concerns a report). */
  write: boolean;
  /** A valid body, so that validation cannot hide the authorisation answer. */
  body?: (ctx: Ctx) => unknown;
  /** Status for the view-only member of the report's team. */
  viewer?: number;
}

interface Ctx {
  report: ReportDto;
  version: VersionDto;
  thread: ThreadDto;
  anchor: { start: string; end: string };
}

const EXPECTED: Record<string, Expectation> = {
  'POST /auth/login': { scope: 'public', write: true },
  'GET /auth/session': { scope: 'public', write: false },
  'POST /auth/logout': { scope: 'own', write: true },
  'GET /auth/me': { scope: 'own', write: false },
  'GET /health': { scope: 'public', write: false },
  'GET /audit/keys': { scope: 'own', write: false },
  'GET /users': { scope: 'admin', write: false },
  'POST /users': { scope: 'admin', write: true },
  'PATCH /users/{id}': { scope: 'admin', write: true },
  'GET /teams': { scope: 'own', write: false },
  'POST /teams': { scope: 'admin', write: true },
  'GET /teams/{id}/members': { scope: 'team', write: false },
  'POST /teams/{id}/members': { scope: 'admin', write: true },
  'DELETE /teams/{id}/members/{userId}': { scope: 'admin', write: true },
  'GET /templates': { scope: 'own', write: false },
  'GET /reports': { scope: 'own', write: false },
  'POST /reports': { scope: 'team', write: true },
  'POST /reports/import': { scope: 'team', write: true },
  'GET /notifications': { scope: 'own', write: false },
  'GET /notifications/unread-count': { scope: 'own', write: false },
  'POST /notifications/read-all': { scope: 'own', write: true },
  'POST /notifications/{id}/read': { scope: 'own', write: true },
  'GET /reports/{id}': { scope: 'report', write: false, viewer: 200 },
  'PATCH /reports/{id}': { scope: 'report', write: true, viewer: 403, body: (c) => ({ expectedRevision: c.report.revision, title: '改名' }) },
  'GET /reports/{id}/content': { scope: 'report', write: false, viewer: 200 },
  'GET /reports/{id}/checks': { scope: 'report', write: false, viewer: 200 },
  'GET /reports/{id}/export.docx': { scope: 'report', write: false, viewer: 200 },
  'POST /reports/{id}/transitions': {
    scope: 'report',
    write: true,
    viewer: 403,
    body: (c) => ({ action: 'submit', expectedRevision: c.report.revision, overrideReason: '测试' }),
  },
  'GET /reports/{id}/versions': { scope: 'report', write: false, viewer: 200 },
  'POST /reports/{id}/versions': { scope: 'report', write: true, viewer: 403, body: () => ({ label: '越权版本' }) },
  'GET /reports/{id}/versions/{vid}': { scope: 'report', write: false, viewer: 200 },
  'POST /reports/{id}/versions/{vid}/restore': { scope: 'report', write: true, viewer: 403 },
  'GET /reports/{id}/diff': { scope: 'report', write: false, viewer: 200 },
  'GET /reports/{id}/signatures': { scope: 'report', write: false, viewer: 200 },
  'GET /reports/{id}/audit': { scope: 'report', write: false, viewer: 200 },
  'GET /reports/{id}/audit/verify': { scope: 'report', write: false, viewer: 200 },
  'GET /reports/{id}/threads': { scope: 'report', write: false, viewer: 200 },
  'POST /reports/{id}/threads': {
    scope: 'report',
    write: true,
    viewer: 403,
    body: (c) => ({ anchor: c.anchor, quote: '原始', body: '越权评论' }),
  },
  'POST /threads/{id}/comments': { scope: 'report', write: true, viewer: 403, body: () => ({ body: '越权回复' }) },
  'POST /threads/{id}/resolve': { scope: 'report', write: true, viewer: 403 },
  'POST /threads/{id}/reopen': { scope: 'report', write: true, viewer: 403 },
  'PATCH /comments/{id}': { scope: 'report', write: true, viewer: 403, body: () => ({ body: '改别人的评论' }) },
  'DELETE /comments/{id}': { scope: 'report', write: true, viewer: 403 },
};

describe('authorisation matrix', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let a: { team: { id: string }; drafter: Member; supervisor: Member; viewer: Member };
  let b: { team: { id: string }; drafter: Member; supervisor: Member; viewer: Member };
  let ctxA: Ctx;
  let ctxB: Ctx;
  let notificationB: NotificationDto;

  /** A report with content, a version and a thread opened by the reviewer who mentions the author. */
  async function world(t: typeof a): Promise<Ctx> {
    const report = await fx.newReport(t.drafter.client, t.team.id, { reviewerId: t.supervisor.user.id });
    const p = await openProvider(server.url, t.drafter.client, report.id);
    addParagraph(p.doc, '原始内容，一是理论学习不够深入。');
    await p.whenSaved();
    const text = textOf(p.doc);
    const b64 = (n: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, n))).toString('base64');
    const anchor = { start: b64(0), end: b64(2) };
    closeProvider(p);
    const version = (await t.drafter.client.post<VersionDto>(`/reports/${report.id}/versions`, { label: 'v' })).body;
    const thread = (
      await t.supervisor.client.post<ThreadDto>(`/reports/${report.id}/threads`, {
        anchor,
        quote: '原始',
        body: `@${t.drafter.user.username} 请看`,
      })
    ).body;
    assert.ok(thread.id, JSON.stringify(thread));
    const fresh = (await t.drafter.client.get<ReportDto>(`/reports/${report.id}`)).body;
    return { report: fresh, version, thread, anchor };
  }

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    a = await fx.newTeamWithMembers();
    b = await fx.newTeamWithMembers();
    ctxA = await world(a);
    ctxB = await world(b);
    notificationB = (await b.drafter.client.get<NotificationDto[]>('/notifications')).body[0] as NotificationDto;
    assert.ok(notificationB);
  });
  after(() => server.dispose());

  function fill(template: string, c: Ctx, notificationId: string): string {
    const comment = c.thread.comments[0]?.id as string;
    return template
      .replace(/^\/reports\/\{id\}/, `/reports/${c.report.id}`)
      .replace(/^\/threads\/\{id\}/, `/threads/${c.thread.id}`)
      .replace(/^\/comments\/\{id\}/, `/comments/${comment}`)
      .replace(/^\/notifications\/\{id\}/, `/notifications/${notificationId}`)
      .replace('{vid}', c.version.id)
      .replace(/\/diff$/, `/diff?from=${c.version.id}`);
  }

  test('every route has an expectation, and no expectation names a route that is gone', async () => {
    const ops = await operations(server.url);
    const keys = ops.map((o) => `${o.method} ${o.template}`);
    assert.deepEqual(keys.filter((k) => !EXPECTED[k]), [], 'routes without an expectation');
    assert.deepEqual(Object.keys(EXPECTED).filter((k) => !keys.includes(k)), [], 'expectations without a route');
    for (const o of ops) {
      const e = EXPECTED[`${o.method} ${o.template}`] as Expectation;
      assert.equal(o.public, e.scope === 'public', `${o.method} ${o.template} public`);
      assert.equal(o.adminOnly, e.scope === 'admin', `${o.method} ${o.template} admin-only`);
    }
  });

  test('a user of another team gets 404 on every report-scoped route, for reads and writes alike', async () => {
    const outsider = b.viewer.client;
    const problems: string[] = [];
    for (const [key, e] of Object.entries(EXPECTED)) {
      if (e.scope !== 'report') continue;
      const [method, template] = key.split(' ') as [string, string];
      const path = fill(template, ctxA, notificationB.id);
      const res = await outsider.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : (e.body?.(ctxA) ?? {}));
      if (res.status !== 404) problems.push(`${key}: ${res.status}`);
      else assertError(res, 404, 'not_found');
    }
    // Team-scoped: a team one is not in does not exist.
    assertError(await outsider.get(`/teams/${a.team.id}/members`), 404, 'not_found');
    assertError(await outsider.post('/reports', { teamId: a.team.id, title: '闯入' }), 404, 'not_found');
    const form = new FormData();
    form.set('teamId', a.team.id);
    form.set('file', new Blob(['一、存在问题\n一是学习不够。'], { type: 'text/plain' }), 'x.txt');
    const imp = await fetch(`${server.url}/api/reports/import`, { method: 'POST', body: form, headers: { cookie: outsider.cookie ?? '' } });
    assert.equal(imp.status, 404);
    // Someone else's notification does not exist for me.
    assertError(await a.drafter.client.post(`/notifications/${notificationB.id}/read`), 404, 'not_found');
    assert.deepEqual(problems, []);
    const list = (await outsider.get<ReportDto[]>('/reports')).body.map((r) => r.id);
    assert.ok(!list.includes(ctxA.report.id), 'not listed either');
  });

  test('ids swapped between teams are not found, even for a member of one of them', async () => {
    const author = a.drafter.client;
    const r = ctxA.report.id;
    assertError(await author.get(`/reports/${r}/versions/${ctxB.version.id}`), 404, 'not_found');
    assertError(await author.post(`/reports/${r}/versions/${ctxB.version.id}/restore`), 404, 'not_found');
    assertError(await author.get(`/reports/${r}/diff?from=${ctxB.version.id}`), 404, 'not_found');
    assertError(await author.get(`/reports/${r}/diff?from=${ctxA.version.id}&to=${ctxB.version.id}`), 404, 'not_found');
    assertError(await author.post(`/threads/${ctxB.thread.id}/comments`, { body: '串门' }), 404, 'not_found');
    assertError(await author.post(`/threads/${ctxB.thread.id}/resolve`), 404, 'not_found');
    assertError(await author.patch(`/comments/${ctxB.thread.comments[0]?.id}`, { body: '串门' }), 404, 'not_found');
    assertError(await author.delete(`/comments/${ctxB.thread.comments[0]?.id}`), 404, 'not_found');
    // Nothing in team B changed.
    const threads = (await b.drafter.client.get<ThreadDto[]>(`/reports/${ctxB.report.id}/threads`)).body;
    assert.equal(threads[0]?.comments.length, 1);
    assert.equal(threads[0]?.status, 'open');
  });

  test('a view-only member reads everything and writes nothing; every refused write is audited', async () => {
    const viewer = a.viewer.client;
    const before = (await a.drafter.client.get<AuditEventDto[]>(`/reports/${ctxA.report.id}/audit`)).body;
    const problems: string[] = [];
    let refusedWrites = 0;
    for (const [key, e] of Object.entries(EXPECTED)) {
      if (e.scope !== 'report') continue;
      const [method, template] = key.split(' ') as [string, string];
      const path = fill(template, ctxA, notificationB.id);
      const res = await viewer.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : (e.body?.(ctxA) ?? {}));
      if (res.status !== e.viewer) problems.push(`${key}: want ${e.viewer}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
      if (e.write && res.status === 403) refusedWrites += 1;
    }
    assert.deepEqual(problems, []);
    const after = (await a.drafter.client.get<AuditEventDto[]>(`/reports/${ctxA.report.id}/audit`)).body;
    const denied = after.slice(before.length).filter((ev) => ev.action === 'denied' && ev.actor === a.viewer.user.id);
    assert.equal(denied.length, refusedWrites, `refused writes audited: ${denied.map((d) => d.details.attempt).join(', ')}`);
    const report = (await viewer.get<ReportDto>(`/reports/${ctxA.report.id}`)).body;
    assert.equal(report.state, 'draft');
    assert.equal(report.title, ctxA.report.title);
  });

  test('every socket event: refused for outsiders, view-only for viewers, and nothing of a report leaks to other rooms', async () => {
    const r = ctxA.report.id;
    const outsider = connectCollab(server.url, b.viewer.client);
    await connected(outsider);
    assert.equal((await join(outsider, ctxB.report.id)).ok, true, 'the outsider is in a room of their own team');
    const leaked: string[] = [];
    outsider.onAny((event: string, reportId: unknown) => {
      if (reportId === r) leaked.push(event);
    });
    const viewer = connectCollab(server.url, a.viewer.client);
    await connected(viewer);
    const seen: { event: string; args: unknown[] }[] = [];
    viewer.onAny((event: string, ...args: unknown[]) => seen.push({ event, args }));

    const doc = new Y.Doc();
    addParagraph(doc, '越权');
    const update = encodeUpdate(Y.encodeStateAsUpdate(doc));
    const awareness = new Awareness(doc);
    awareness.setLocalState({ cursor: null });
    const presence = encodeAwarenessUpdate(awareness, [doc.clientID]);
    awareness.destroy();

    for (const event of CLIENT_EVENTS) {
      if (event === 'join') {
        assert.deepEqual(await join(outsider, r), { ok: false, error: 'not_found' });
        const ack = await join(viewer, r);
        assert.deepEqual(ack, { ok: true, access: 'view', state: 'draft' });
      } else if (event === 'leave') {
        outsider.emit('leave', { reportId: r }); // not joined: nothing happens
        assert.ok(outsider.connected);
      } else if (event === 'sync') {
        viewer.emit('sync', r, encodeStep1(new Uint8Array([0])));
        await eventually(() => seen.some((s) => s.event === 'sync'), 2_000, 'the viewer may read');
        viewer.emit('sync', r, update);
        await eventually(() => seen.some((s) => s.event === 'denied'), 2_000, 'the viewer may not write');
      } else if (event === 'awareness') {
        viewer.emit('awareness', r, presence); // presence is allowed for readers
      }
    }
    // The author edits and comments: nothing about report A reaches the outsider's socket.
    const author = await openProvider(server.url, a.drafter.client, r);
    textOf(author.doc).insert(0, '作者改');
    await author.whenSaved();
    assert.equal((await a.drafter.client.post(`/threads/${ctxA.thread.id}/comments`, { body: '作者回复' })).status, 201);
    await new Promise((res) => setTimeout(res, 300));
    closeProvider(author);
    assert.deepEqual(leaked, []);
    const stored = (await a.drafter.client.get<{ text: string }>(`/reports/${r}/content`)).body.text;
    assert.ok(!stored.includes('越权'), 'the viewer’s update was not stored');

    // sync and awareness for a report not joined close the outsider's socket.
    for (const event of ['sync', 'awareness'] as const) {
      const s: CollabSocket = connectCollab(server.url, b.viewer.client, {}, { reconnection: false });
      await connected(s);
      const closed = new Promise<void>((res) => s.once('disconnect', () => res()));
      if (event === 'sync') s.emit('sync', r, encodeStep1(new Uint8Array([0])));
      else s.emit('awareness', r, presence);
      await withTimeout(closed, 3_000, `${event} for a report not joined closes the socket`);
    }
    outsider.disconnect();
    viewer.disconnect();
  });
});
