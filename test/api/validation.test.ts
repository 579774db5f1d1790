import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LIMITS, type ValidationIssue } from '@review/shared';
import { ApiClient, assertError, loginAs } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';

describe('input validation and error shape', () => {
  let server: StartedServer;
  let admin: ApiClient;
  let drafter: ApiClient;
  let teamId: string;
  before(async () => {
    server = await startServer();
    admin = await loginAs(server.url, 'admin');
    drafter = await loginAs(server.url, 'drafter');
    const me = await drafter.get<{ teams: { id: string }[] }>('/auth/me');
    teamId = me.body.teams[0]?.id ?? '';
  });
  after(() => server.dispose());

  const paths = (details: unknown) => (details as ValidationIssue[]).map((d) => d.path).sort();

  test('missing and wrong-typed fields get 400 validation_failed with details per field', async () => {
    const res = await admin.post('/users', { username: 'a b', password: 'short', isAdmin: 'yes' });
    const body = assertError(res, 400, 'validation_failed');
    assert.deepEqual(paths(body.details), ['displayName', 'isAdmin', 'password', 'username']);
  });

  test('unknown fields are rejected', async () => {
    const res = await drafter.post('/reports', { teamId, title: '报告', state: 'approved' });
    const body = assertError(res, 400, 'validation_failed');
    assert.match(JSON.stringify(body.details), /state/);
  });

  test('sizes are bounded: a title over the limit is refused', async () => {
    const res = await drafter.post('/reports', { teamId, title: '长'.repeat(LIMITS.reportTitleMax + 1) });
    const body = assertError(res, 400, 'validation_failed');
    assert.deepEqual(paths(body.details), ['title']);
    const blank = await drafter.post('/reports', { teamId, title: '   ' });
    assertError(blank, 400, 'validation_failed');
  });

  test('malformed JSON gets 400 validation_failed', async () => {
    const res = await drafter.request('POST', '/reports', '{"teamId": ', { 'content-type': 'application/json' });
    const body = assertError(res, 400, 'validation_failed');
    assert.ok(Array.isArray(body.details));
  });

  test('an oversized body is refused with 413 before it is parsed', async () => {
    const huge = JSON.stringify({ teamId, title: 'x', filler: 'x'.repeat(LIMITS.jsonBodyBytes + 10) });
    const res = await drafter.request('POST', '/reports', huge);
    assertError(res, 413, 'payload_too_large');
  });

  test('control characters in names are refused', async () => {
    const res = await admin.post('/teams', { name: 'bad\u0007name' });
    assertError(res, 400, 'validation_failed');
  });

  test('malformed ids are answered like unknown ones (404)', async () => {
    assertError(await drafter.get('/reports/not-a-uuid'), 404, 'not_found');
    assertError(await drafter.get("/reports/1' OR '1'='1"), 404, 'not_found');
  });

  test('unknown API routes get the JSON 404 shape', async () => {
    assertError(await drafter.get('/no/such/route'), 404, 'not_found');
  });

  test('responses carry security headers', async () => {
    const res = await fetch(`${server.url}/api/health`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(res.headers.get('x-powered-by'), null);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('OpenAPI docs are served', async () => {
    const res = await fetch(`${server.url}/api/docs/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.ok(doc.paths['/api/reports']);
    const ui = await fetch(`${server.url}/api/docs`);
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /swagger/i);
  });
});
