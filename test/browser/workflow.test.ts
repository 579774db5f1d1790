import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hasHorizontalOverflow, launchBrowser, type TestPage } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';
import { caretAtEnd, editor, type EditorTeam, editorTeam, ReportPages, serverContent, waitForStatus, waitForText } from './editor-support.js';

const badge = (page: Page) => page.locator('.report-head .badge');
const stateBar = (page: Page) => page.locator('.state-bar');
const signatureCard = (page: Page) => page.locator('.signature-card');

/** Clicks an action of the state bar and returns its dialog. */
async function openAction(page: Page, name: string) {
  await stateBar(page).getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

/** Screenshots show the page itself, not a confirmation that is about to fade. */
async function toastGone(page: Page) {
  await page.locator('.toast').waitFor({ state: 'detached', timeout: 6_000 });
}

async function openSidebarTab(page: Page, name: string) {
  const tab = page.getByRole('tab', { name });
  await tab.click();
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
}

describe('browser: the review workflow, submit → request changes → resubmit → approve', () => {
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

  test('two people take a report through review, live, ending with a signature bound to the content', async () => {
    const report = await fx.newReport(team.drafter.client, team.teamId, {
      title: '2025年度专题民主生活会个人对照检查材料',
      reviewerId: team.supervisor.user.id,
    });
    const a = await pages.open(team.drafter, report);
    const d = a.page;
    await waitForStatus(d, 'saved');
    await stateBar(d).getByText('草稿：完成后请提交审核，由 李华 审核。').waitFor();
    assert.deepEqual(await stateBar(d).getByRole('button').allInnerTexts(), ['提交审核']);

    // The drafter writes the three sections and submits.
    await caretAtEnd(d);
    for (const [heading, text] of [
      ['一、存在问题', '理论学习不够深入，学用结合不紧。'],
      ['二、原因剖析', '思想上重视不够，自我要求有所放松。'],
      ['三、整改措施', '制定学习计划，每月至少研读一篇重要文献。'],
    ] as const) {
      await d.keyboard.insertText(heading);
      await d.getByRole('button', { name: '标题 1' }).click();
      await d.keyboard.press('Enter');
      await d.keyboard.insertText(text);
      await d.keyboard.press('Enter');
    }
    await waitForStatus(d, 'saved');

    let dialog = await openAction(d, '提交审核');
    await dialog.getByText('提交后由 李华 审核').waitFor();
    await dialog.getByRole('button', { name: '提交审核' }).click();
    await dialog.waitFor({ state: 'detached' });
    await badge(d).filter({ hasText: '审核中' }).waitFor();
    await stateBar(d).getByText('审核中：等待 李华 审核。').waitFor();
    assert.deepEqual(await stateBar(d).getByRole('button').allInnerTexts(), ['撤回']);
    await d.getByRole('note').getByText('审核中：仅审核人可编辑。').waitFor();
    assert.equal(await editor(d).getAttribute('contenteditable'), 'false');
    await d.evaluate(() => Object.assign(window, { notReloaded: true }));

    // The supervisor opens it; the first round's "changes since" runs from the submitted version.
    const b = await pages.open(team.supervisor, report);
    const s = b.page;
    await waitForStatus(s, 'saved');
    await stateBar(s).getByText('审核中：请审核这份报告，然后批准或退回修改。').waitFor();
    assert.deepEqual(await stateBar(s).getByRole('button', { name: /退回修改|批准/ }).allInnerTexts(), ['退回修改', '批准']);
    await openSidebarTab(s, '历史');
    const versions = s.getByRole('list', { name: '版本' });
    await versions.locator('li[data-version="1"][data-reason="submit"]').waitFor();
    await s.getByRole('button', { name: '自上次提交以来的修改' }).click();
    const viewer = s.locator('.viewer');
    await viewer.getByRole('heading', { name: '自上次提交以来的修改' }).waitFor();
    await viewer.locator('.viewer-range', { hasText: '版本 1（提交） → 当前内容' }).waitFor();
    await viewer.getByText('内容相同，没有修改').waitFor();
    await viewer.locator('.redline').getByText('理论学习不够深入，学用结合不紧。').waitFor();
    assert.equal(await viewer.locator('.redline').locator('ins, del').count(), 0);
    await viewer.getByRole('button', { name: '返回正文' }).click();
    await editor(s).waitFor();

    // Requesting changes needs a message.
    dialog = await openAction(s, '退回修改');
    await dialog.getByRole('button', { name: '退回修改' }).click();
    await dialog.getByText('请填写审核意见，说明需要修改的地方').waitFor();
    await dialog.getByLabel('审核意见').fill('请补充具体事例。');
    await dialog.getByText('8 / 2,000 字').waitFor();
    await dialog.getByRole('button', { name: '退回修改' }).click();
    await dialog.waitFor({ state: 'detached' });
    await badge(s).filter({ hasText: '退回修改' }).waitFor();
    await stateBar(s).getByText('已退回修改：等待 张明 修改后重新提交。').waitFor();

    // The drafter sees it at once, without reloading: state, message, and the text is theirs again.
    await badge(d).filter({ hasText: '退回修改' }).waitFor();
    await stateBar(d).getByText('已退回修改：请按审核意见修改，然后重新提交审核。').waitFor();
    await stateBar(d).locator('.review-message', { hasText: '请补充具体事例。' }).waitFor();
    await d.locator('.report-text[contenteditable="true"]').waitFor();
    assert.equal(await d.evaluate(() => 'notReloaded' in window), true);

    const added = '二〇二五年三月，因事务繁忙两次未参加集中学习。';
    await editor(d).locator('p', { hasText: '理论学习不够深入，学用结合不紧。' }).click();
    await d.keyboard.press('End');
    await d.keyboard.press('Enter');
    await d.keyboard.insertText(added);
    await waitForText(s, added);
    await waitForStatus(d, 'saved');
    dialog = await openAction(d, '提交审核');
    await dialog.getByRole('button', { name: '提交审核' }).click();
    await dialog.waitFor({ state: 'detached' });
    await badge(d).filter({ hasText: '审核中' }).waitFor();

    // The supervisor's page follows; changes since the last submission show the new text inserted.
    await badge(s).filter({ hasText: '审核中' }).waitFor();
    await stateBar(s).getByRole('button', { name: '查看自版本 1（上次提交）以来的修改' }).waitFor();
    await versions.locator('li[data-version="2"][data-reason="submit"]').waitFor();
    await s.getByRole('button', { name: '自上次提交以来的修改' }).click();
    await viewer.locator('.viewer-range', { hasText: '版本 1（提交） → 当前内容' }).waitFor();
    const inserted = viewer.locator('.redline ins', { hasText: added });
    await inserted.waitFor();
    assert.equal(await viewer.locator('.redline del').count(), 0);
    assert.match(await viewer.locator('.diff-stats').innerText(), /新增 \d+ 字，删除 0 字/);
    const decoration = await inserted.evaluate((el) => getComputedStyle(el).textDecorationLine);
    assert.equal(decoration, 'underline');
    // An unchanged paragraph is plain text.
    assert.equal(await viewer.locator('.redline p', { hasText: '思想上重视不够' }).locator('ins, del').count(), 0);
    await s.evaluate(() => window.scrollTo(0, 0));
    await toastGone(s);
    await b.screenshot('workflow-history-zh-CN-desktop', { fullPage: false });
    await viewer.getByLabel('只显示有修改的段落').check();
    await viewer.getByText(/…… \d+ 段未修改 ……/).first().waitFor();

    // Approval: the hash being signed is the server's, a wrong password is refused at the field.
    const content = await serverContent(team.supervisor.client, report.id);
    dialog = await openAction(s, '批准');
    const signed = dialog.locator('.sign-box .hash');
    await signed.waitFor();
    assert.equal(await signed.getAttribute('data-hash'), content.contentHash);
    assert.match(await signed.locator('code').innerText(), /^[0-9a-f]{12}…[0-9a-f]{6}$/);
    await signed.getByRole('button', { name: '完整' }).click();
    assert.equal(await signed.locator('code').innerText(), content.contentHash);
    await dialog.getByText('签名只对应恰好这份内容').waitFor();
    const password = dialog.getByLabel('你的登录密码');
    await password.fill('not-my-password');
    await dialog.getByRole('button', { name: '批准并签名' }).click();
    await dialog.getByText('密码不正确，请输入你自己的登录密码。').waitFor();
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.equal(await password.inputValue(), '');
    assert.equal(await password.evaluate((el) => el === document.activeElement), true);
    // A wrong password is not the end of the session.
    assert.equal(await s.locator('header.topbar').count(), 1);
    assert.equal(await badge(s).innerText(), '审核中');
    await b.screenshot('workflow-approve-dialog-zh-CN-desktop', { fullPage: false });
    await password.fill(`pw-${team.supervisor.user.username}`);
    await dialog.getByRole('button', { name: '批准并签名' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Both pages: approved, locked, and the signature with name, meaning and hash.
    for (const page of [s, d]) {
      await badge(page).filter({ hasText: '已批准' }).waitFor();
      await page.locator('.editor-bar').getByRole('note').getByText('只读：文档已锁定').waitFor();
      assert.equal(await editor(page).getAttribute('contenteditable'), 'false');
      const card = signatureCard(page);
      await card.getByRole('heading', { name: '李华 已批准并签名' }).waitFor();
      assert.equal(await card.locator('.signature-signer').innerText(), '李华');
      assert.equal(await card.locator('.signature-meaning').innerText(), '批准');
      assert.equal(await card.locator('.hash').getAttribute('data-hash'), content.contentHash);
      assert.match(await card.innerText(), /版本 3/);
      assert.equal(await stateBar(page).getByRole('button', { name: '批准' }).count(), 0);
    }
    // The signature is the approved report's bar: beside its facts, only what each may still do.
    assert.deepEqual(await stateBar(s).locator('.state-actions').getByRole('button').allInnerTexts(), ['重新打开']);
    assert.equal(await stateBar(d).locator('.state-actions').count(), 0);
    assert.equal(await d.evaluate(() => 'notReloaded' in window), true);

    // The activity panel tells the story in plain language, on a verified chain.
    await viewer.getByRole('button', { name: '返回正文' }).click();
    await openSidebarTab(s, '动态');
    const timeline = s.getByRole('list', { name: '操作记录' });
    await s.locator('.verify-ok', { hasText: '已验证' }).waitFor();
    await timeline.getByText('张明 提交审核').first().waitFor();
    await timeline.getByText('李华 退回修改：请补充具体事例。').waitFor();
    await timeline.getByText('李华 批准并签名（版本 3）').waitFor();
    await timeline.getByText('系统拒绝了 李华 的“批准”操作（密码错误）').waitFor();
    await timeline.getByText(/张明 编辑 .+，插入 \d+ 字，删除 \d+ 字/).first().waitFor();
    await toastGone(s);
    await b.screenshot('workflow-activity-zh-CN-desktop');

    // The history keeps the signature; the drafter has no restore in a locked document.
    await openSidebarTab(d, '历史');
    await d.locator('.signature-list .signature-item[data-superseded="false"]', { hasText: '李华' }).waitFor();
    await d.getByRole('list', { name: '版本' }).locator('li[data-version="3"][data-reason="approve"]').waitFor();
    assert.equal(await d.getByRole('button', { name: /^恢复到版本/ }).count(), 0);
    a.assertClean();
    b.assertClean();
  });

  test('the same pages in English and on a narrow screen, with a superseded signature after reopening', async () => {
    const report = await fx.newReport(team.drafter.client, team.teamId, { title: 'Self-examination report', reviewerId: team.supervisor.user.id });
    const a = await pages.open(team.drafter, report);
    await waitForStatus(a.page, 'saved');
    await caretAtEnd(a.page);
    await a.page.keyboard.insertText('一、存在问题');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.insertText('学习不够深入。');
    await waitForStatus(a.page, 'saved');
    let dialog = await openAction(a.page, '提交审核');
    await dialog.getByRole('button', { name: '提交审核' }).click();
    await dialog.waitFor({ state: 'detached' });
    const hash = (await serverContent(team.supervisor.client, report.id)).contentHash;
    const approved = await transition(team.supervisor.client, report.id, 'approve', { contentHash: hash }, {
      password: `pw-${team.supervisor.user.username}`,
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await badge(a.page).filter({ hasText: '已批准' }).waitFor();

    let en: TestPage | undefined;
    for (const viewport of ['desktop', 'narrow'] as const) {
      const tp = await pages.open(team.supervisor, report, { language: 'en', viewport });
      if (viewport === 'desktop') en = tp;
      const { page } = tp;
      await signatureCard(page).getByRole('heading', { name: 'Approved and signed by 李华' }).waitFor();
      // One band says it: the signature is the approved report's state bar, with 重新打开 at its end.
      assert.deepEqual(await stateBar(page).getByRole('button', { name: 'Reopen' }).allInnerTexts(), ['Reopen']);
      if (viewport === 'narrow') await page.getByText('Outline, history and activity').click();
      await openSidebarTab(page, 'History');
      await page.getByRole('list', { name: 'Versions' }).locator('li[data-version="2"]', { hasText: 'Approved' }).waitFor();
      await page.locator('.signature-list').getByText('Valid').waitFor();
      assert.equal(await hasHorizontalOverflow(page), false);
      await tp.screenshot(`workflow-history-en-${viewport}`, { fullPage: viewport === 'narrow' });
      await page.getByRole('button', { name: 'Changes since last submission' }).click();
      const viewer = page.locator('.viewer');
      await viewer.locator('.viewer-range', { hasText: 'Version 1 (Submitted) → Current content' }).waitFor();
      await viewer.getByText('Same content, no changes').waitFor();
      assert.equal(await hasHorizontalOverflow(page), false);
      await page.evaluate(() => window.scrollTo(0, 0));
      await tp.screenshot(`workflow-diff-en-${viewport}`, { fullPage: viewport === 'narrow' });
      await viewer.getByRole('button', { name: 'Back to the text' }).click();
      await editor(page).waitFor();
      await openSidebarTab(page, 'Activity');
      await page.locator('.verify-ok', { hasText: 'Verified' }).waitFor();
      await page.getByRole('list', { name: 'Activity' }).getByText('李华 approved and signed it (version 2)').waitFor();
      assert.equal(await hasHorizontalOverflow(page), false);
      await tp.screenshot(`workflow-activity-en-${viewport}`, { fullPage: viewport === 'narrow' });
      tp.assertClean();
    }

    assert.ok(en);
    // Keyboard only: arrows move between the panel's tabs, Enter opens a redline, Escape goes back to the
    // text and to the button that opened it.
    const activityTab = en.page.getByRole('tab', { name: 'Activity' });
    assert.equal(await activityTab.getAttribute('tabindex'), '0');
    await activityTab.focus();
    await en.page.keyboard.press('ArrowLeft');
    assert.equal(await en.page.getByRole('tab', { name: 'History' }).getAttribute('aria-selected'), 'true');
    await en.page.keyboard.press('Tab');
    const since = en.page.getByRole('button', { name: 'Changes since last submission' });
    assert.equal(await since.evaluate((el) => el === document.activeElement), true);
    await en.page.keyboard.press('Enter');
    await en.page.waitForFunction(() => document.activeElement?.id === 'viewer-title');
    await en.page.keyboard.press('Escape');
    await editor(en.page).waitFor();
    await en.page.waitForFunction(() => document.activeElement?.textContent === 'Changes since last submission');

    // Reopening explains that the signature is superseded; afterwards the history still shows it.
    dialog = await openAction(en.page, 'Reopen');
    await dialog.getByText(/The signature of 李华 from .+ will be marked superseded/).waitFor();
    await en.screenshot('workflow-reopen-dialog-en-desktop', { fullPage: false });
    await dialog.getByLabel('Why reopen it (optional)').fill('A typo in section one.');
    await dialog.getByRole('button', { name: 'Reopen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await badge(en.page).filter({ hasText: 'Draft' }).waitFor();
    assert.equal(await signatureCard(en.page).count(), 0);
    await openSidebarTab(en.page, 'History');
    await en.page.locator('.signature-item[data-superseded="true"]').getByText('Superseded', { exact: true }).waitFor();
    await badge(a.page).filter({ hasText: '草稿' }).waitFor();
    await a.page.locator('.report-text[contenteditable="true"]').waitFor();

    // The drafter adds a line; the reviewer looks at version 2 read-only and restores it: the line goes, live.
    const later = '重新打开后补充的一句。';
    await caretAtEnd(a.page);
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.insertText(later);
    await waitForText(en.page, later);
    await waitForStatus(a.page, 'saved');
    const versions = en.page.getByRole('list', { name: 'Versions' });
    await versions.getByRole('button', { name: 'View version 2' }).click();
    const viewer = en.page.locator('.viewer');
    await viewer.getByRole('heading', { name: 'Version 2 (Approved)' }).waitFor();
    await viewer.getByText('Read-only').waitFor();
    await viewer.locator('.doc-view p', { hasText: '学习不够深入。' }).waitFor();
    assert.equal(await viewer.getByText(later).count(), 0);
    await toastGone(en.page);
    await en.screenshot('workflow-version-en-desktop', { fullPage: false });
    await viewer.getByRole('button', { name: 'Restore', exact: true }).click();
    const confirm = en.page.getByRole('dialog');
    await confirm.getByText('The text is replaced by the content of version 2').waitFor();
    await confirm.getByRole('button', { name: 'Restore', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await editor(en.page).waitFor();
    await a.page.waitForFunction((text) => !document.querySelector('.report-text')?.textContent?.includes(text), later);
    await versions.locator('li[data-version="3"][data-reason="restore"]', { hasText: 'Before restore' }).waitFor();
    assert.equal((await serverContent(team.supervisor.client, report.id)).text, '一、存在问题\n学习不够深入。');
    en.assertClean();
    a.assertClean();
  });
});
