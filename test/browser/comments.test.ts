import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NotificationDto, ReportDto, ThreadDto } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import { hasHorizontalOverflow, type Language, launchBrowser, type ViewportName } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import { eventually } from '../support/collab.js';
import { caretAtEnd, editor, type EditorTeam, editorTeam, ReportPages, selectText, waitForStatus, waitForText } from './editor-support.js';

const TITLE = '2025年度专题民主生活会个人对照检查材料';
const FIRST = '理论学习不够深入，学用结合不紧。';
const SECOND = '在坚持学思用贯通、知信行统一上还没有达到最佳效果。';
const THIRD = '思想上重视不够，自我要求有所放松。';

const stateBar = (page: Page) => page.locator('.state-bar');
const bell = (page: Page) => page.locator('button.bell');
const marks = (page: Page) => editor(page).locator('.comment-mark');
const threadCard = (page: Page, quote: string) => page.locator('article.thread', { has: page.locator('.thread-quote-text', { hasText: quote }) });
const filterChip = (page: Page, filter: 'open' | 'resolved' | 'outdated') => page.locator(`.comments-filter [data-filter="${filter}"]`);

/** Screenshots show the page itself, not a confirmation that is about to fade. */
async function toastGone(page: Page) {
  await page.locator('.toast').waitFor({ state: 'detached', timeout: 6_000 });
}

async function unread(page: Page): Promise<number> {
  return Number(await bell(page).getAttribute('data-unread'));
}

describe('browser: comments on the text, replies, resolve, mentions and notifications', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  let team: EditorTeam;
  let pages: ReportPages;

  /** A report with three paragraphs, written by the drafter through the API's own client. */
  async function reportWithText(page: Page): Promise<void> {
    await waitForStatus(page, 'saved');
    await caretAtEnd(page);
    await page.keyboard.insertText(FIRST);
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(`一是理论学习缺深度。${SECOND}`);
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(THIRD);
    await waitForStatus(page, 'saved');
  }

  async function threadsOf(reportId: string): Promise<ThreadDto[]> {
    const res = await team.drafter.client.get<ThreadDto[]>(`/reports/${reportId}/threads`);
    assert.equal(res.status, 200);
    return res.body;
  }

  /** The supervisor comments on `quote` through the button beside the selection. */
  async function comment(page: Page, quote: string, body: string) {
    await selectText(page, quote);
    await page.getByRole('button', { name: '批注选中的文字' }).click();
    const dialog = page.getByRole('dialog', { name: '添加批注' });
    await dialog.locator('blockquote', { hasText: quote }).waitFor();
    await dialog.getByLabel('批注内容').fill(body);
    await dialog.getByRole('button', { name: '发表' }).click();
    await dialog.waitFor({ state: 'detached' });
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

  test('the reviewer comments on a sentence mentioning the drafter; both follow it live, reply, resolve; deleted text leaves the thread outdated', async () => {
    const report = await fx.newReport(team.drafter.client, team.teamId, { title: TITLE, reviewerId: team.supervisor.user.id });
    const a = await pages.open(team.drafter, report);
    const d = a.page;
    await reportWithText(d);
    const b = await pages.open(team.supervisor, report);
    const s = b.page;
    await waitForText(s, THIRD);
    await waitForStatus(s, 'saved');
    await d.evaluate(() => Object.assign(window, { notReloaded: true }));
    assert.equal(await unread(d), 0);

    // The supervisor selects a sentence inside a paragraph; a button beside it starts a comment.
    await selectText(s, SECOND);
    const button = s.getByRole('button', { name: '批注选中的文字' });
    await button.waitFor();
    assert.equal(await button.getAttribute('aria-keyshortcuts'), 'Control+Alt+M');
    await button.click();
    const dialog = s.getByRole('dialog', { name: '添加批注' });
    await dialog.locator('blockquote', { hasText: SECOND }).waitFor();
    const body = dialog.getByLabel('批注内容');
    assert.equal(await body.evaluate((el) => el === document.activeElement), true);
    // @ and the start of a name offer the team: the drafter is chosen from the list.
    await body.pressSequentially('请补充具体事例。@');
    await dialog.getByRole('listbox', { name: '提醒团队成员' }).waitFor();
    await dialog.getByRole('option', { name: /张明/ }).click();
    await body.pressSequentially('请尽快修改。');
    const username = team.drafter.user.username;
    assert.equal(await body.inputValue(), `请补充具体事例。@${username} 请尽快修改。`);
    await dialog.getByRole('button', { name: '发表' }).click();
    await dialog.waitFor({ state: 'detached' });

    // On the supervisor's page the thread is selected in the comments tab and its text marked.
    assert.equal(await s.getByRole('tab', { name: /批注/ }).getAttribute('aria-selected'), 'true');
    const own = threadCard(s, SECOND);
    await own.and(s.locator('.is-selected')).waitFor();
    await own.locator('.mention', { hasText: '@张明' }).waitFor();
    assert.equal(await marks(s).filter({ hasText: SECOND }).and(s.locator('.is-selected')).innerText(), SECOND);
    const [stored] = await threadsOf(report.id);
    assert.ok(stored);
    assert.equal(stored.quote, SECOND);
    assert.equal(stored.comments[0]?.body, `请补充具体事例。@${username} 请尽快修改。`);

    // The drafter sees the mark, the count on the tab and the bell go up, without reloading.
    await marks(d).filter({ hasText: SECOND }).waitFor();
    assert.equal(await marks(d).innerText(), SECOND);
    await d.getByRole('tab', { name: /^批注\s*1$/ }).waitFor();
    await d.locator('button.bell[data-unread="1"]').waitFor();
    assert.equal(await bell(d).getAttribute('aria-label'), '通知：1 条未读');
    assert.equal(await d.evaluate(() => 'notReloaded' in window), true);

    // A click on the marked text opens the thread beside it.
    await marks(d).click();
    assert.equal(await d.getByRole('tab', { name: /批注/ }).getAttribute('aria-selected'), 'true');
    const theirs = threadCard(d, SECOND);
    await theirs.and(d.locator('.is-selected')).waitFor();
    await marks(d).and(d.locator('.is-selected')).waitFor();
    await theirs.getByText('李华', { exact: true }).waitFor();
    await theirs.locator('.mention', { hasText: '@张明' }).waitFor();

    // The drafter replies, mentioning the supervisor with the keyboard only.
    const reply = theirs.getByLabel('回复批注');
    await reply.click();
    await reply.pressSequentially(`已补充三月的事例。@${team.supervisor.user.username}`);
    await theirs.getByRole('option', { name: /李华/ }).waitFor();
    await d.keyboard.press('Enter');
    assert.equal(await reply.inputValue(), `已补充三月的事例。@${team.supervisor.user.username} `);
    await theirs.getByRole('button', { name: '回复', exact: true }).click();
    await theirs.locator('.comment', { hasText: '已补充三月的事例。' }).waitFor();
    // The reply can show (through the socket's `thread` event) before the request returns and the box is emptied.
    await eventually(async () => (await reply.inputValue()) === '', 5_000, 'the reply box is emptied');
    assert.equal(await reply.inputValue(), '');

    // The supervisor sees the reply live, and is told about it.
    await own.locator('.comment', { hasText: '已补充三月的事例。' }).locator('.mention', { hasText: '@李华' }).waitFor();
    await s.locator('button.bell[data-unread="1"]').waitFor();
    await toastGone(s);
    await s.locator('.editor-bar').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await b.screenshot('comments-panel-zh-CN-desktop', { fullPage: false });

    // The drafter's notifications say it in plain words, and lead to the thread.
    await d.getByRole('tab', { name: '目录' }).click();
    await d.evaluate(() => window.scrollTo(0, 0));
    await bell(d).click();
    const menu = d.getByRole('dialog', { name: '通知' });
    const item = menu.getByRole('link', { name: new RegExp(`李华 在《${TITLE}》中提到了你`) });
    await item.waitFor();
    await item.getByText(/请补充具体事例/).waitFor();
    await a.screenshot('notifications-zh-CN-desktop', { fullPage: false });
    await item.click();
    await menu.waitFor({ state: 'detached' });
    await d.locator('button.bell[data-unread="0"]').waitFor();
    await theirs.and(d.locator('.is-selected')).waitFor();
    // The link is a router navigation; the page switches the tab in an effect once it has rendered.
    await d.getByRole('tab', { name: /批注/, selected: true }).waitFor({ timeout: 5_000 });
    assert.equal(await d.getByRole('tab', { name: /批注/ }).getAttribute('aria-selected'), 'true');
    await d.waitForURL((url) => url.pathname === `/reports/${report.id}` && !url.search.includes('thread'));
    assert.equal(await d.evaluate(() => 'notReloaded' in window), true);
    // The bell counts it read at once; the server stores it when the request arrives.
    const notes = async () => (await team.drafter.client.get<NotificationDto[]>('/notifications')).body.map((n) => [n.kind, n.read]);
    await eventually(async () => (await notes()).every(([, read]) => read), 5_000, 'the mention is stored as read');
    assert.deepEqual(await notes(), [['mention', true]]);

    // The supervisor resolves it: the mark goes on both pages, the thread moves to "resolved", and
    // the drafter's activity list tells it as it happens.
    await d.getByRole('tab', { name: '动态' }).click();
    await d.getByRole('list', { name: '操作记录' }).getByText(`李华 批注了“${SECOND}”`).waitFor();
    await own.getByRole('button', { name: '解决' }).click();
    await d.getByRole('list', { name: '操作记录' }).getByText('李华 解决了批注').waitFor();
    await d.getByRole('tab', { name: /批注/ }).click();
    await s.locator('.toast', { hasText: '批注已解决' }).waitFor();
    await marks(s).first().waitFor({ state: 'detached' });
    await marks(d).first().waitFor({ state: 'detached' });
    await filterChip(d, 'open').filter({ hasText: '0' }).waitFor();
    await filterChip(d, 'resolved').filter({ hasText: '1' }).click();
    await threadCard(d, SECOND).locator('.tag-resolved', { hasText: '已由 李华 解决' }).waitFor();
    assert.equal((await threadsOf(report.id))[0]?.status, 'resolved');

    // A second comment, then its text is deleted: the thread stays, outdated, with its quote.
    await comment(s, THIRD, '这一句可以删掉。');
    await marks(d).filter({ hasText: THIRD }).waitFor();
    await selectText(s, THIRD);
    await s.keyboard.press('Backspace');
    await waitForStatus(s, 'saved');
    for (const page of [s, d]) {
      await filterChip(page, 'open').click();
      await page.locator('.thread-group-title', { hasText: '已失效：原文已删除' }).waitFor();
      const gone = page.locator('.thread-list-outdated article.thread', { hasText: THIRD });
      await gone.locator('.tag-outdated', { hasText: '已失效' }).waitFor();
      await gone.locator('.thread-quote-text', { hasText: THIRD }).waitFor();
      await filterChip(page, 'outdated').filter({ hasText: '1' }).waitFor();
      assert.equal(await marks(page).count(), 0);
      assert.equal(await editor(page).getByText(THIRD).count(), 0);
    }
    const outdated = (await threadsOf(report.id)).find((t) => t.quote === THIRD);
    assert.equal(outdated?.outdated, true);
    assert.equal(outdated?.status, 'open');

    // Approval waits for it; the dialog offers to show the open threads.
    await stateBar(d).getByRole('button', { name: '提交审核' }).click();
    const submit = d.getByRole('dialog', { name: '提交审核' });
    await submit.getByRole('button', { name: '提交审核' }).click();
    await submit.waitFor({ state: 'detached' });
    await stateBar(s).getByRole('button', { name: '批准' }).click();
    const approve = s.getByRole('dialog', { name: '批准并签名' });
    await approve.getByLabel('你的登录密码').fill(`pw-${team.supervisor.user.username}`);
    await approve.locator('.sign-box .hash').waitFor();
    await approve.getByRole('button', { name: '批准并签名' }).click();
    await approve.getByText('还有未解决的批注').waitFor();
    await approve.getByRole('button', { name: '查看未解决的批注' }).click();
    await approve.waitFor({ state: 'detached' });
    assert.equal(await filterChip(s, 'open').getAttribute('aria-pressed'), 'true');
    await s.locator('.thread-list-outdated article.thread', { hasText: THIRD }).getByRole('button', { name: '解决' }).click();
    await filterChip(s, 'open').filter({ hasText: '0' }).waitFor();

    // In review the drafter may only comment: the text is read-only, yet a selection and Ctrl+Alt+M start a comment.
    // (The new state reaches the drafter's editor through the socket; nothing above waited for it.)
    await d.locator('.report-text[contenteditable="false"]').waitFor({ timeout: 5_000 });
    assert.equal(await editor(d).getAttribute('contenteditable'), 'false');
    await selectText(d, FIRST);
    await d.getByRole('button', { name: '批注选中的文字' }).waitFor();
    await d.keyboard.press('Control+Alt+M');
    const byDrafter = d.getByRole('dialog', { name: '添加批注' });
    await byDrafter.locator('blockquote', { hasText: FIRST }).waitFor();
    await byDrafter.getByLabel('批注内容').fill('这句是否需要保留？');
    await byDrafter.getByRole('button', { name: '发表' }).click();
    await byDrafter.waitFor({ state: 'detached' });
    await marks(d).filter({ hasText: FIRST }).and(d.locator('.is-selected')).waitFor();
    await marks(s).filter({ hasText: FIRST }).waitFor();
    await threadCard(s, FIRST).getByText('这句是否需要保留？').waitFor();

    a.assertClean();
    b.assertClean();
  });

  test('a report created without a reviewer gets one from the page and can then be submitted', async () => {
    // What the supervisor was told before does not count here.
    await team.supervisor.client.post('/notifications/read-all');
    const report = await fx.newReport(team.drafter.client, team.teamId, { title: '学习体会及问题检视' });
    assert.equal(report.reviewerId, null);
    const a = await pages.open(team.drafter, report);
    const d = a.page;
    await waitForStatus(d, 'saved');
    await stateBar(d).getByText('这份报告还没有指定审核人').waitFor();
    await d.locator('.report-reviewer').getByText('未指定', { exact: true }).waitFor();
    await d.locator('.report-reviewer').getByRole('button', { name: '指定审核人' }).waitFor();
    assert.deepEqual(await stateBar(d).getByRole('button').allInnerTexts(), ['指定审核人', '提交审核']);

    await stateBar(d).getByRole('button', { name: '指定审核人' }).click();
    const dialog = d.getByRole('dialog', { name: '指定审核人' });
    const select = dialog.getByLabel('审核人');
    await select.locator('option', { hasText: '李华' }).waitFor({ state: 'attached' });
    // Only the team's supervisors: not the drafter, not the other drafter.
    assert.deepEqual(await select.locator('option').allInnerTexts(), [`李华（${team.supervisor.user.username}）`]);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await d.locator('.toast', { hasText: '审核人已设为 李华' }).waitFor();
    await d.locator('.report-reviewer', { hasText: '李华' }).waitFor();
    await stateBar(d).getByText('草稿：完成后请提交审核，由 李华 审核。').waitFor();
    assert.deepEqual(await stateBar(d).getByRole('button').allInnerTexts(), ['提交审核']);
    assert.equal((await team.drafter.client.get<ReportDto>(`/reports/${report.id}`)).body.reviewerId, team.supervisor.user.id);

    await caretAtEnd(d);
    await d.keyboard.insertText('对照党章党规，查找自身存在的差距和不足。');
    await waitForStatus(d, 'saved');
    await stateBar(d).getByRole('button', { name: '提交审核' }).click();
    const submit = d.getByRole('dialog', { name: '提交审核' });
    await submit.getByText('提交后由 李华 审核').waitFor();
    await submit.getByRole('button', { name: '提交审核' }).click();
    await submit.waitFor({ state: 'detached' });
    await d.locator('.report-head .badge', { hasText: '审核中' }).waitFor();
    // In review the reviewer is fixed.
    assert.equal(await d.locator('.report-reviewer').getByRole('button').count(), 0);
    // The history follows versions saved elsewhere, live.
    await d.getByRole('tab', { name: '历史' }).click();
    const saved = await team.supervisor.client.post(`/reports/${report.id}/versions`, { label: '审核前备份' });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    await d.getByRole('list', { name: '版本' }).getByText('审核前备份').waitFor();

    // The supervisor is told, on any page.
    const b = await pages.open(team.supervisor, report);
    await b.page.goto('/');
    await b.page.locator('button.bell[data-unread="1"]').waitFor();
    await bell(b.page).click();
    await b.page.getByRole('dialog', { name: '通知' }).getByText('张明 提交了《学习体会及问题检视》，请你审核').waitFor();
    a.assertClean();
    b.assertClean();
  });

  const VIEWS: readonly [Language, ViewportName][] = [
    ['en', 'desktop'],
    ['zh-CN', 'narrow'],
    ['en', 'narrow'],
  ];
  for (const [language, viewport] of VIEWS) {
    test(`screenshots: the comments panel and the notifications menu, ${language}, ${viewport}`, async () => {
      const en = language === 'en';
      await team.drafter.client.post('/notifications/read-all');
      const report = await fx.newReport(team.drafter.client, team.teamId, { title: TITLE, reviewerId: team.supervisor.user.id });
      const a = await pages.open(team.drafter, report, { language, viewport });
      const d = a.page;
      await reportWithText(d);
      const b = await pages.open(team.supervisor, report);
      await waitForText(b.page, THIRD);
      await waitForStatus(b.page, 'saved');
      await comment(b.page, SECOND, `请补充具体事例。@${team.drafter.user.username}`);
      await comment(b.page, FIRST, '这一段与下文重复。');
      await marks(d).filter({ hasText: SECOND }).waitFor();
      await marks(d).filter({ hasText: FIRST }).waitFor();

      // In document order, whatever the order they were written in; a click on the text picks its thread.
      await marks(d).filter({ hasText: SECOND }).click();
      const panel = d.locator('section.comments');
      await panel.waitFor();
      assert.deepEqual(await panel.locator('.thread-quote-text').allInnerTexts(), [FIRST, SECOND]);
      const card = threadCard(d, SECOND);
      await card.and(d.locator('.is-selected')).waitFor();
      await card.getByLabel(en ? 'Reply to the comment' : '回复批注').fill(en ? 'Added the March example.' : '已补充三月的事例。');
      assert.equal(await hasHorizontalOverflow(d), false);
      // The whole page on a narrow screen (from the top, where the sticky bar belongs), the window on a wide one.
      if (viewport === 'narrow') await d.evaluate(() => window.scrollTo(0, 0));
      else await card.scrollIntoViewIfNeeded();
      await a.screenshot(`comments-panel-${language}-${viewport}`, { fullPage: viewport === 'narrow' });

      await d.evaluate(() => window.scrollTo(0, 0));
      await d.locator('button.bell[data-unread="1"]').waitFor();
      await bell(d).click();
      const menu = d.getByRole('dialog', { name: en ? 'Notifications' : '通知' });
      await menu.getByText(en ? `李华 mentioned you in “${TITLE}”` : `李华 在《${TITLE}》中提到了你`).first().waitFor();
      assert.equal(await hasHorizontalOverflow(d), false);
      await a.screenshot(`notifications-${language}-${viewport}`, { fullPage: false });
      await menu.getByRole('button', { name: en ? 'Mark all read' : '全部标为已读' }).click();
      await d.locator('button.bell[data-unread="0"]').waitFor();
      await d.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      assert.equal(await bell(d).evaluate((el) => el === document.activeElement), true);
      a.assertClean();
      b.assertClean();
    });
  }
});
