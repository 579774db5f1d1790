import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReportDto, ReportState } from '@review/shared';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import {
  assertCleanApartFromOutages,
  blocksOf,
  caretAtEnd,
  editor,
  type EditorTeam,
  editorTeam,
  ReportPages,
  serverContent,
  status,
  waitForStatus,
  waitForText,
} from './editor-support.js';

/** Network cuts, offline edits kept across a reload, and edits the server refuses. */
describe('browser: the editor offline and when the server says no', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  let team: EditorTeam;
  let pages: ReportPages;

  async function newReport(): Promise<ReportDto> {
    return fx.newReport(team.drafter.client, team.teamId, { reviewerId: team.supervisor.user.id });
  }

  const serverText = async (reportId: string) => (await serverContent(team.drafter.client, reportId)).text;

  /** Workflow transitions arrive with another issue; until then the state is set in the database. */
  async function setState(reportId: string, state: ReportState): Promise<void> {
    await server.stop();
    await server.db.query('UPDATE reports SET state = $1, revision = revision + 1 WHERE id = $2', [state, reportId]);
    await server.restart();
  }

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

  test('a network cut on one side: both keep editing, and once it is back both converge with nothing lost', async () => {
    const report = await newReport();
    const a = await pages.open(team.drafter, report);
    const b = await pages.open(team.supervisor, report);
    await waitForStatus(a.page, 'saved');
    await caretAtEnd(a.page);
    await a.page.keyboard.insertText('一、存在问题');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.insertText('理论学习不够深入。');
    await waitForText(b.page, '理论学习不够深入。');
    await waitForStatus(a.page, 'saved');

    await a.context.setOffline(true);
    await waitForStatus(a.page, 'offline');
    assert.equal(await status(a.page).innerText(), '离线');
    await a.page.keyboard.insertText('（离线时补充）');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.insertText('二、原因剖析');
    await a.page.locator('.save-status[data-status="offline"][data-kept-locally="true"]').waitFor();
    // Count and wording read together, from one rendering.
    const shown = await status(a.page).evaluate((el) => ({ waiting: Number(el.getAttribute('data-waiting')), text: (el as HTMLElement).innerText }));
    assert.ok(shown.waiting >= 2, `waiting ${shown.waiting}`);
    assert.equal(shown.text, `离线 — ${shown.waiting} 处修改待同步`);
    // Still editable while offline.
    assert.equal(await editor(a.page).getAttribute('contenteditable'), 'true');

    // Meanwhile the other side edits the same paragraph and adds one.
    await b.page.locator('.report-text p', { hasText: '理论学习不够深入。' }).click();
    await b.page.keyboard.press('Home');
    await b.page.keyboard.insertText('【审核】');
    await caretAtEnd(b.page);
    await b.page.keyboard.press('Enter');
    await b.page.keyboard.insertText('三、整改措施');
    await waitForStatus(b.page, 'saved');
    await a.page.waitForTimeout(300);
    assert.equal((await blocksOf(a.page)).join('\n').includes('整改措施'), false, 'nothing reaches the offline side');
    assert.equal((await blocksOf(b.page)).join('\n').includes('离线时补充'), false);

    await a.context.setOffline(false);
    await waitForStatus(a.page, 'saved', 15_000);
    await waitForText(b.page, '二、原因剖析');
    await waitForText(a.page, '三、整改措施');
    await waitForStatus(b.page, 'saved');
    const seenByA = await blocksOf(a.page);
    const seenByB = await blocksOf(b.page);
    assert.deepEqual(seenByA, seenByB);
    const text = seenByA.join('\n');
    for (const piece of ['一、存在问题', '【审核】理论学习不够深入。（离线时补充）', '二、原因剖析', '三、整改措施']) {
      assert.ok(text.includes(piece), `${piece} missing from\n${text}`);
    }
    assert.equal(await serverText(report.id), text);
    // The copy kept on the device is dropped once everything is saved (a storage write, so it can
    // trail the Saved status by a moment).
    await a.page.locator('.save-status[data-status="saved"][data-kept-locally="false"]').waitFor({ timeout: 5_000 });
    assertCleanApartFromOutages(a);
    b.assertClean();
  });

  test('edits made offline survive a reload while still offline and reach the other person once back online', async () => {
    const report = await newReport();
    const a = await pages.open(team.drafter, report);
    const b = await pages.open(team.supervisor, report);
    await waitForStatus(a.page, 'saved');
    await caretAtEnd(a.page);
    await a.page.keyboard.insertText('上线时写的一段。');
    await waitForText(b.page, '上线时写的一段。');
    await waitForStatus(a.page, 'saved');

    await a.context.setOffline(true);
    await waitForStatus(a.page, 'offline');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.insertText('离线时写的一段，刷新后也不能丢。');
    await a.page.locator('.save-status[data-kept-locally="true"]').waitFor();

    // Without a network the browser cannot load the page again: it shows its own offline page.
    await assert.rejects(a.page.reload(), /ERR_INTERNET_DISCONNECTED/);
    assert.equal((await blocksOf(b.page)).join('\n').includes('离线时写的一段'), false);

    await a.context.setOffline(false);
    await a.goto(`/reports/${report.id}`);
    await waitForText(a.page, '离线时写的一段，刷新后也不能丢。');
    await waitForText(b.page, '离线时写的一段，刷新后也不能丢。');
    await waitForStatus(a.page, 'saved');
    await a.page.locator('.save-status[data-kept-locally="false"]').waitFor();
    const expected = ['上线时写的一段。', '离线时写的一段，刷新后也不能丢。'];
    assert.deepEqual(await blocksOf(b.page), expected);
    assert.equal(await serverText(report.id), expected.join('\n'));

    // The kept copy is gone once saved: another reload neither duplicates nor resends anything.
    await a.page.reload();
    await waitForStatus(a.page, 'saved');
    assert.deepEqual(await blocksOf(a.page), expected);
    assert.equal(await status(a.page).getAttribute('data-waiting'), '0');
    assertCleanApartFromOutages(a);
    b.assertClean();
  });

  test('a view-only person removed from the team meanwhile is told the document cannot be opened', async () => {
    const report = await newReport();
    const v = await pages.open(team.viewer, report);
    await waitForStatus(v.page, 'saved');
    const removed = await fx.admin.delete(`/teams/${team.teamId}/members/${team.viewer.user.id}`);
    assert.equal(removed.status, 204);
    // The next join (after a network blip) is refused.
    await v.context.setOffline(true);
    await waitForStatus(v.page, 'offline');
    await v.context.setOffline(false);
    const alert = v.page.getByRole('alert');
    await alert.getByRole('heading', { name: '无法打开这份文档' }).waitFor({ timeout: 15_000 });
    assert.match(await alert.innerText(), /报告不存在，或者你不在它所属的团队中。/);
    await fx.addMember(team.teamId, team.viewer.user.id, 'drafter');
    assertCleanApartFromOutages(v);
  });

  test('when the report moves on while offline edits wait, they are refused, stay on screen to copy, and the page turns read-only live', async () => {
    const report = await newReport();
    const a = await pages.open(team.drafter, report);
    const b = await pages.open(team.supervisor, report);
    await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await waitForStatus(a.page, 'saved');
    await caretAtEnd(a.page);
    await a.page.keyboard.insertText('提交前的正文。');
    await waitForText(b.page, '提交前的正文。');
    await waitForStatus(a.page, 'saved');
    // Marks both windows: still set later means the page was never reloaded.
    await a.page.evaluate(() => Object.assign(window, { notReloaded: true }));
    await b.page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await a.context.setOffline(true);
    await waitForStatus(a.page, 'offline');
    await a.page.keyboard.insertText('离线追加的话');
    await a.page.locator('.save-status[data-kept-locally="true"]').waitFor();

    // Meanwhile the report is submitted for review: the drafter may only comment now.
    await setState(report.id, 'in_review');
    await waitForStatus(b.page, 'saved', 15_000);
    assert.equal(await editor(b.page).getAttribute('contenteditable'), 'true', 'the reviewer edits in review');
    await b.page.locator('.report-head .badge', { hasText: '审核中' }).waitFor();

    await a.context.setOffline(false);
    const alert = a.page.getByRole('alert');
    await alert.getByRole('heading', { name: '你最近的修改未被接受' }).waitFor({ timeout: 15_000 });
    assert.match(await alert.innerText(), /审核中：仅审核人可编辑。服务器没有保存这些修改/);
    assert.equal(await status(a.page).innerText(), '修改未被接受');
    await a.screenshot('editor-denied-zh-CN-desktop', { fullPage: false });
    // Nothing vanished from the screen, and the editor stopped taking input.
    assert.deepEqual(await blocksOf(a.page), ['提交前的正文。离线追加的话']);
    assert.equal(await editor(a.page).getAttribute('contenteditable'), 'false');
    assert.equal(await a.page.evaluate(() => 'notReloaded' in window), true);
    await a.page.locator('.report-head .badge', { hasText: '审核中' }).waitFor();
    // The refused words never reached the server or the reviewer.
    assert.equal(await serverText(report.id), '提交前的正文。');
    assert.deepEqual(await blocksOf(b.page), ['提交前的正文。']);

    await alert.getByRole('button', { name: '复制我的文字' }).click();
    await alert.getByText('已复制到剪贴板。').waitFor();
    assert.equal(await a.page.evaluate(() => navigator.clipboard.readText()), '提交前的正文。离线追加的话');

    await alert.getByRole('button', { name: '放弃这些修改并刷新' }).click();
    await a.page.waitForFunction(() => !('notReloaded' in window));
    await waitForStatus(a.page, 'saved');
    assert.deepEqual(await blocksOf(a.page), ['提交前的正文。']);
    await a.page.getByRole('note').getByText('审核中：仅审核人可编辑。').waitFor();
    assert.equal(await editor(a.page).getAttribute('contenteditable'), 'false');

    // Approval locks the document for everyone, live, keeping what is on screen.
    await setState(report.id, 'approved');
    await b.page.getByRole('note').getByText('只读：文档已锁定').waitFor({ timeout: 15_000 });
    assert.equal(await editor(b.page).getAttribute('contenteditable'), 'false');
    assert.deepEqual(await blocksOf(b.page), ['提交前的正文。']);
    assert.equal(await b.page.evaluate(() => 'notReloaded' in window), true);
    await b.page.locator('.report-head .badge', { hasText: '已批准' }).waitFor();
    assertCleanApartFromOutages(a);
    assertCleanApartFromOutages(b);
  });
});
