import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  accessFor,
  type AuditEventDto,
  type AuditVerifyDto,
  canComment,
  type CollabProvider,
  type CommentDto,
  type NotificationDto,
  type ReportDto,
  type ReportState,
  type ThreadDto,
  type UnreadCountDto,
  type WorkflowAction,
} from '@review/shared';
import * as Y from 'yjs';
import { addParagraph, closeProvider, connectCollab, connected, eventually, join, openProvider, textOf } from '../support/collab.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type ApiClient, assertError, loginAs } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Anchors as the web app makes them: relative positions inside the paragraph's Y.XmlText. */
function anchorIn(doc: Y.Doc, from: number, to: number, paragraph = 0) {
  const text = textOf(doc, paragraph);
  return {
    start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from))),
    end: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to))),
  };
}

/** The text an anchor pair spans now, resolved in `doc`. */
function spanned(doc: Y.Doc, anchor: { start: string; end: string }): string | null {
  const at = (s: string) =>
    Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(s, 'base64')), doc);
  const a = at(anchor.start);
  const b = at(anchor.end);
  if (!a || !b || a.type !== b.type) return null;
  return (a.type as Y.XmlText).toString().slice(a.index, b.index);
}

describe('comment threads, mentions and notifications', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let team: { id: string };
  let author: Member;
  let reviewer: Member;
  let viewer: Member;
  let outsider: Member;
  let admin: ApiClient;

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    ({ team, author, reviewer, viewer, outsider } = await fx.newReviewTeam());
    admin = await loginAs(server.url, 'admin');
  });
  after(() => server.dispose());

  const act = (client: ApiClient, id: string, action: WorkflowAction) =>
    transition(client, id, action, {}, { password: `pw-${reviewer.user.username}` });

  async function reportWithText(text = '一是理论学习不够深入。'): Promise<{ report: ReportDto; p: CollabProvider }> {
    const report = await fx.newReport(author.client, team.id, { reviewerId: reviewer.user.id });
    const p = await openProvider(server.url, author.client, report.id);
    addParagraph(p.doc, text);
    await p.whenSaved();
    return { report, p };
  }

  async function thread(client: ApiClient, reportId: string, p: CollabProvider, body = '这里需要展开', from = 2, to = 6) {
    return client.post<ThreadDto>(`/reports/${reportId}/threads`, { anchor: anchorIn(p.doc, from, to), quote: '理论学习', body });
  }

  test('anchors move with concurrent edits before, inside and after the range; deleting the text outdates the thread', async () => {
    const { report, p } = await reportWithText();
    const created = await thread(author.client, report.id, p);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.quote, '理论学习');
    assert.equal(created.body.outdated, false);
    assert.equal(created.body.comments[0]?.body, '这里需要展开');

    const other = await openProvider(server.url, reviewer.client, report.id);
    const text = textOf(other.doc);
    text.insert(0, '前');
    text.insert(5, '的');
    text.insert(text.length, '后');
    await other.whenSaved();
    await eventually(() => textOf(p.doc).toString() === '前一是理论的学习不够深入。后', 3_000, 'author sees the edits');

    const [live] = (await viewer.client.get<ThreadDto[]>(`/reports/${report.id}/threads`)).body;
    assert.ok(live);
    assert.equal(live.outdated, false);
    assert.equal(spanned(p.doc, live.anchor), '理论的学习', 'the anchor moved with the text');
    assert.equal(spanned(other.doc, live.anchor), '理论的学习');

    // Deleting the anchored text does not delete the thread: it keeps its quote, outdated.
    text.delete(3, 5);
    await other.whenSaved();
    assert.equal(text.toString(), '前一是不够深入。后');
    const [gone] = (await viewer.client.get<ThreadDto[]>(`/reports/${report.id}/threads`)).body;
    assert.equal(gone?.outdated, true);
    assert.equal(gone?.quote, '理论学习');
    assert.deepEqual((await viewer.client.get<ThreadDto[]>(`/reports/${report.id}/threads?status=outdated`)).body.map((t) => t.id), [live.id]);
    assert.deepEqual((await viewer.client.get<ThreadDto[]>(`/reports/${report.id}/threads?status=open`)).body, []);
    closeProvider(other);
    closeProvider(p);
  });

  test('a deleted paragraph outdates its threads; the thread survives a server restart', async () => {
    const { report, p } = await reportWithText();
    addParagraph(p.doc, '第二段');
    await p.whenSaved();
    assert.equal((await thread(author.client, report.id, p)).status, 201);
    p.doc.getXmlFragment('default').delete(0, 1);
    await p.whenSaved();
    closeProvider(p);
    await server.stop();
    await server.restart();
    const [t] = (await author.client.get<ThreadDto[]>(`/reports/${report.id}/threads`)).body;
    assert.equal(t?.outdated, true);
  });

  test('anchors that do not decode, name another type, point outside the document or span nothing get 400', async () => {
    const { report, p } = await reportWithText();
    const good = anchorIn(p.doc, 2, 6);
    const foreign = new Y.Doc();
    foreign.getText('other').insert(0, 'abc');
    const cases: [string, { start: string; end: string }][] = [
      ['garbage', { start: 'AAAA', end: good.end }],
      // At the end of a root type the position names the type: here one the report must not have.
      ['another root type', { start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(foreign.getText('other'), 3))), end: good.end }],
      ['an item the document does not hold', { start: b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(foreign.getText('other'), 1))), end: good.end }],
      ['an empty range', { start: good.start, end: good.start }],
      ['not base64', { start: '%%%', end: good.end }],
    ];
    const before = (await author.client.get<{ contentHash: string }>(`/reports/${report.id}/content`)).body.contentHash;
    for (const [name, anchor] of cases) {
      const res = await author.client.post(`/reports/${report.id}/threads`, { anchor, quote: '理论学习', body: '看看' });
      assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.body)}`);
      assertError(res, 400, 'validation_failed');
    }
    // A position in another document's type, with an id this document lacks.
    const unknown = new Y.Doc();
    unknown.clientID = 987654;
    const ut = unknown.getXmlFragment('default');
    const para = new Y.XmlText();
    ut.insert(0, [para]);
    para.insert(0, 'xyz');
    const outside = b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(para, 1)));
    assertError(await author.client.post(`/reports/${report.id}/threads`, { anchor: { start: outside, end: good.end }, quote: 'x', body: 'x' }), 400, 'validation_failed');
    assertError(await author.client.post(`/reports/${report.id}/threads`, { anchor: good, quote: '理论学习', body: 'x'.repeat(5_001) }), 400, 'validation_failed');
    assertError(await author.client.post(`/reports/${report.id}/threads`, { anchor: good, body: '没有引文' }), 400, 'validation_failed');
    const after = (await author.client.get<{ contentHash: string }>(`/reports/${report.id}/content`)).body.contentHash;
    assert.equal(after, before, 'the document is untouched');
    assert.deepEqual((await author.client.get<ThreadDto[]>(`/reports/${report.id}/threads`)).body, []);
    closeProvider(p);
  });

  test('who may comment, reply, resolve follows the access table in every state; outsiders get 404', async () => {
    const parties: [string, ApiClient, 'author' | 'reviewer' | 'member' | null][] = [
      ['author', author.client, 'author'],
      ['reviewer', reviewer.client, 'reviewer'],
      ['viewer', viewer.client, 'member'],
      ['admin (not in the team)', admin, null],
    ];
    const paths: Record<ReportState, WorkflowAction[]> = {
      draft: [],
      in_review: ['submit'],
      changes_requested: ['submit', 'request_changes'],
      approved: ['submit', 'approve'],
    };
    const problems: string[] = [];
    for (const state of ['draft', 'in_review', 'changes_requested', 'approved'] as ReportState[]) {
      const { report, p } = await reportWithText();
      // A thread opened in draft by the author, resolved so that approval is possible.
      const t = (await thread(author.client, report.id, p)).body;
      assert.equal((await author.client.post(`/threads/${t.id}/resolve`)).status, 200);
      for (const action of paths[state]) {
        const res = await act(action === 'submit' ? author.client : reviewer.client, report.id, action);
        assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
      }
      for (const [name, client, relation] of parties) {
        const may = relation !== null && canComment(accessFor(state, relation));
        const created = await thread(client, report.id, p, `${name} 的意见`);
        if (created.status !== (may ? 201 : 403)) problems.push(`${name} create in ${state}: ${created.status}`);
        const replied = await client.post<CommentDto>(`/threads/${t.id}/comments`, { body: `${name} 回复` });
        if (replied.status !== (may ? 201 : 403)) problems.push(`${name} reply in ${state}: ${replied.status}`);
        // Reopen/resolve: the reviewer or the thread's author (the author here), while they may comment.
        const mayResolve = may && (relation === 'reviewer' || relation === 'author');
        const reopened = await client.post<ThreadDto>(`/threads/${t.id}/reopen`);
        if (reopened.status !== (mayResolve ? 200 : 403)) problems.push(`${name} reopen in ${state}: ${reopened.status}`);
        if (mayResolve) assert.equal((await client.post(`/threads/${t.id}/resolve`)).status, 200);
      }
      for (const path of [`/reports/${report.id}/threads`]) {
        assertError(await outsider.client.get(path), 404, 'not_found');
        assertError(await outsider.client.post(path, { anchor: anchorIn(p.doc, 2, 6), quote: 'q', body: 'b' }), 404, 'not_found');
      }
      assertError(await outsider.client.post(`/threads/${t.id}/comments`, { body: '我来看看' }), 404, 'not_found');
      assertError(await outsider.client.post(`/threads/${t.id}/resolve`), 404, 'not_found');
      closeProvider(p);
    }
    assert.deepEqual(problems, []);
  });

  test('approval is refused while a thread is open', async () => {
    const { report, p } = await reportWithText();
    assert.equal((await act(author.client, report.id, 'submit')).status, 200);
    const t = (await thread(reviewer.client, report.id, p)).body;
    const refused = assertError(await act(reviewer.client, report.id, 'approve'), 409, 'open_threads');
    assert.deepEqual(refused.details, { open: 1 });
    assert.equal((await reviewer.client.post(`/threads/${t.id}/resolve`)).status, 200);
    assert.equal((await act(reviewer.client, report.id, 'approve')).status, 200);
    closeProvider(p);
  });

  test('mentions notify the right user only, live and stored; replies and state changes notify the author', async () => {
    const { report, p } = await reportWithText();
    const watcher = connectCollab(server.url, reviewer.client);
    await connected(watcher);
    const live: NotificationDto[] = [];
    watcher.on('notification', (n) => live.push(n));
    const viewerSocket = connectCollab(server.url, viewer.client);
    await connected(viewerSocket);
    const viewerLive: NotificationDto[] = [];
    viewerSocket.on('notification', (n) => viewerLive.push(n));

    const body = `@${reviewer.user.username} 请看这一句，@${outsider.user.username} 和 @nobody 不是成员`;
    const t = (await thread(author.client, report.id, p, body)).body;
    await eventually(() => live.length === 1, 2_000, 'live notification');
    assert.equal(live[0]?.kind, 'mention');
    assert.equal(live[0]?.threadId, t.id);
    assert.equal(live[0]?.actor, author.user.id);
    assert.equal(live[0]?.reportTitle, report.title);
    const mine = async (client: ApiClient, query = '') =>
      (await client.get<NotificationDto[]>(`/notifications${query}`)).body.filter((n) => n.reportId === report.id);
    assert.deepEqual((await mine(reviewer.client, '?unread=true')).map((n) => n.id), [live[0]?.id]);
    const unread = async (client: ApiClient) => (await client.get<UnreadCountDto>('/notifications/unread-count')).body.count;
    const reviewerUnread = await unread(reviewer.client);
    assert.ok(reviewerUnread >= 1, `unread ${reviewerUnread}`);
    assert.deepEqual(await mine(outsider.client), []);
    assert.deepEqual(await mine(author.client), []);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(viewerLive, []);

    // A reply from the reviewer tells the author; a submit tells the reviewer.
    assert.equal((await reviewer.client.post(`/threads/${t.id}/comments`, { body: '收到' })).status, 201);
    assert.deepEqual((await mine(author.client)).map((n) => n.kind), ['reply']);
    assert.equal((await act(author.client, report.id, 'submit')).status, 200);
    await eventually(() => live.some((n) => n.kind === 'state' && n.text === 'in_review'), 2_000, 'state notification');

    // Reading: one's own only.
    const first = live[0] as NotificationDto;
    assertError(await author.client.post(`/notifications/${first.id}/read`), 404, 'not_found');
    const read = await reviewer.client.post<NotificationDto>(`/notifications/${first.id}/read`);
    assert.equal(read.body.read, true);
    // The count follows: the mention is read, the state change of the submit not yet.
    assert.equal(await unread(reviewer.client), reviewerUnread);
    assert.ok((await reviewer.client.post<{ updated: number }>('/notifications/read-all')).body.updated >= 1);
    assert.deepEqual((await reviewer.client.get<NotificationDto[]>('/notifications?unread=true')).body, []);
    assert.equal(await unread(reviewer.client), 0);
    watcher.disconnect();
    viewerSocket.disconnect();
    closeProvider(p);
  });

  test('threads and replies reach everyone in the report live; edit and delete one’s own comment, audited', async () => {
    const { report, p } = await reportWithText();
    const peer = connectCollab(server.url, viewer.client);
    await connected(peer);
    assert.equal((await join(peer, report.id)).ok, true);
    const pushed: ThreadDto[] = [];
    peer.on('thread', (reportId, t) => {
      if (reportId === report.id) pushed.push(t);
    });
    const t = (await thread(author.client, report.id, p)).body;
    await eventually(() => pushed.some((x) => x.id === t.id), 1_000, 'thread pushed');
    const reply = (await reviewer.client.post<CommentDto>(`/threads/${t.id}/comments`, { body: '同意' })).body;
    await eventually(() => pushed.some((x) => x.comments.length === 2), 1_000, 'reply pushed');

    assertError(await author.client.patch(`/comments/${reply.id}`, { body: '篡改别人的评论' }), 403, 'forbidden');
    assertError(await author.client.delete(`/comments/${reply.id}`), 403, 'forbidden');
    const edited = await reviewer.client.patch<CommentDto>(`/comments/${reply.id}`, { body: '同意，请补充时限' });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.body, '同意，请补充时限');
    assert.ok(edited.body.editedAt);
    const deleted = await reviewer.client.delete<CommentDto>(`/comments/${reply.id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual([deleted.body.deleted, deleted.body.body], [true, '']);
    assertError(await reviewer.client.patch(`/comments/${reply.id}`, { body: '复活' }), 409, 'conflict');
    await eventually(() => pushed.some((x) => x.comments[1]?.deleted === true), 1_000, 'deletion pushed');
    assert.equal((await author.client.post(`/threads/${t.id}/resolve`)).status, 200);
    assert.equal((await author.client.post(`/threads/${t.id}/reopen`)).status, 200);

    const events = (await author.client.get<AuditEventDto[]>(`/reports/${report.id}/audit`)).body;
    const actions: string[] = events.map((e) => e.action);
    for (const a of ['thread', 'comment', 'comment_edit', 'comment_delete', 'resolve', 'reopen_thread', 'denied']) {
      assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
    }
    assert.equal(events.find((e) => e.action === 'comment_delete')?.details.previousBody, '同意，请补充时限');
    const verified = (await author.client.get<AuditVerifyDto>(`/reports/${report.id}/audit/verify`)).body;
    assert.equal(verified.ok, true);
    peer.disconnect();
    closeProvider(p);
  });
});
