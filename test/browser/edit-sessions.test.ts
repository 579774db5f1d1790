/**
 * Edit sessions in the activity list: a drafter's stretch of typing reaches the reviewer's
 * activity list as soon as the drafter leaves the report (not two minutes later), shows when it
 * started and ended, and stands where it began: before a comment the reviewer made while the
 * drafter was still typing, although it was recorded after it. The trail still verifies. The
 * typing spans a change of minute (the test waits up to a minute), so that start and end differ.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEventDto, ThreadDto } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { launchBrowser } from '../support/browser.js';
import { closeProvider, openProvider, textOf } from '../support/collab.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import { caretAtEnd, type EditorTeam, editorTeam, ReportPages, waitForStatus, waitForText } from './editor-support.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const timeline = (page: Page) => page.getByRole('list', { name: '操作记录' });
/** Well under the two minutes a session stays open without edits, and the room's 30 s idle time. */
const PROMPTLY_MS = 5_000;

/** Waits until the clock is past the minute of `since`, so that a span from then on shows as start–end. */
async function nextMinute(since: number): Promise<void> {
  while (Math.floor(Date.now() / 60_000) === Math.floor(since / 60_000)) await new Promise((r) => setTimeout(r, 200));
}

describe('browser: edit sessions in the activity list', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  let team: EditorTeam;
  let pages: ReportPages;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    pages = new ReportPages(browser, server.url);
    fx = await Fixtures.create(server.url);
    team = await editorTeam(fx);
  });
  after(async () => {
    await pages?.closeAll();
    await browser?.close();
    await server?.dispose();
  });

  /** The reviewer comments on the first characters of the first paragraph, through the API. */
  async function comment(reportId: string, quote: string, body: string): Promise<void> {
    const p = await openProvider(server.url, team.supervisor.client, reportId);
    try {
      const text = textOf(p.doc, 0);
      const at = (index: number) => b64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)));
      const res = await team.supervisor.client.post<ThreadDto>(`/reports/${reportId}/threads`, {
        anchor: { start: at(0), end: at(quote.length) },
        quote,
        body,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    } finally {
      closeProvider(p);
    }
  }

  test('the session shows up when the drafter leaves, with its start and end, in order by start', async () => {
    const report = await fx.newReport(team.drafter.client, team.teamId, { title: '2025年度个人对照检查材料', reviewerId: team.supervisor.user.id });
    const b = await pages.open(team.supervisor, report);
    const s = b.page;
    await s.getByRole('tab', { name: '动态' }).click();
    await timeline(s).getByText('张明 创建了报告').waitFor();

    // The drafter types; meanwhile the reviewer comments on what is there; the drafter goes on.
    const a = await pages.open(team.drafter, report);
    const d = a.page;
    await waitForStatus(d, 'saved');
    await caretAtEnd(d);
    await d.keyboard.insertText('理论学习不够深入，');
    await waitForStatus(d, 'saved');
    const firstSaved = Date.now();
    await waitForText(s, '理论学习不够深入，');
    await comment(report.id, '理论学习', '请举一个具体事例。');
    await timeline(s).getByText('李华 批注了“理论学习”').waitFor();
    await nextMinute(firstSaved);
    await d.keyboard.insertText('学用结合不紧。');
    await waitForStatus(d, 'saved');
    assert.equal(await timeline(s).locator('[data-action="edit_session"]').count(), 0, 'nothing while the drafter is still typing');

    // The drafter leaves the report for the list: the reviewer's activity shows the session at once.
    await d.getByRole('navigation', { name: '位置' }).getByRole('link', { name: '报告' }).click();
    await d.getByRole('tab', { name: /我的报告/ }).waitFor();
    const item = timeline(s).locator('[data-action="edit_session"]');
    await item.waitFor({ timeout: PROMPTLY_MS });
    assert.match(await item.locator('.timeline-text').innerText(), /^张明 编辑 .+，插入 16 字，删除 0 字$/);

    // Its time is its span, from the first edit to the last.
    const events = (await team.supervisor.client.get<AuditEventDto[]>(`/reports/${report.id}/audit`)).body;
    const session = events.find((e) => e.action === 'edit_session');
    const thread = events.find((e) => e.action === 'thread');
    assert.ok(session && thread);
    const { firstAt, lastAt } = session.details as { firstAt: string; lastAt: string };
    assert.ok(firstAt < thread.at && thread.at < lastAt, 'the comment came while the drafter was typing');
    assert.ok(session.seq > thread.seq, 'the session is recorded after the comment: the chain is not reordered');
    const time = item.locator('.timeline-meta time');
    assert.equal(await time.getAttribute('datetime'), firstAt);
    // The page's own clock format, in its time zone.
    const [start, end] = await s.evaluate(
      (isos) => isos.map((iso) => new Intl.DateTimeFormat('zh-CN', { timeStyle: 'short' }).format(new Date(iso))),
      [firstAt, lastAt],
    );
    const shown = await time.innerText();
    assert.notEqual(start, end);
    assert.ok(shown.includes(`${start}–`) && shown.endsWith(`–${end}`), shown);

    // Newest first, by start: the comment, then the session it interrupted, then the creation.
    const order = await timeline(s).locator('.timeline-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-action')));
    assert.deepEqual(order, ['thread', 'edit_session', 'create']);
    await s.locator('.verify-ok', { hasText: '已验证' }).waitFor();
    await b.screenshot('activity-edit-session-zh-CN-desktop', { fullPage: false });
    a.assertClean();
    b.assertClean();
  });
});
