import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MeDto, ReportDto } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, TestPage } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { loginAs } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

const REPORT_ID = /\/reports\/([0-9a-f-]{36})$/;

/** The row of the visible report table whose title is `title`. */
function row(page: Page, title: string) {
  return page.locator('tbody tr', { has: page.getByRole('link', { name: title, exact: true }) });
}

async function cells(page: Page, title: string): Promise<Record<string, string>> {
  const r = row(page, title);
  // Names arrive with the member lists, after the rows.
  await r.locator('td[data-label="团队"]', { hasText: /\S/ }).waitFor();
  await r.locator('td[data-label="起草人"]', { hasText: /\S/ }).waitFor();
  const out: Record<string, string> = {};
  for (const td of await r.locator('td').all()) {
    out[(await td.getAttribute('data-label')) ?? ''] = (await td.innerText()).trim();
  }
  return out;
}

describe('browser: dashboard and new reports', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  const pages: TestPage[] = [];

  async function open(): Promise<TestPage> {
    const tp = await TestPage.open(browser, server.url);
    pages.push(tp);
    return tp;
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fx = await Fixtures.create(server.url);
  });
  after(async () => {
    for (const tp of pages) await tp.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  test('a drafter creates a report in the dialog, lands on its page and finds it under 我的报告', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('drafter');
    await page.getByRole('button', { name: '新建报告' }).first().click();
    const dialog = page.getByRole('dialog', { name: '新建报告' });
    await dialog.waitFor();
    await dialog.getByLabel('报告标题').fill('2025年度个人对照检查材料');
    // The team's supervisor is offered, and chosen, as reviewer.
    const reviewer = dialog.getByLabel('审核人');
    await page.waitForFunction(() => !document.querySelector<HTMLSelectElement>('select[name="reviewerId"]')?.disabled);
    assert.equal(await reviewer.locator('option:checked').innerText(), '李华（supervisor）');
    await dialog.getByRole('button', { name: '创建并打开' }).click();

    await page.waitForURL(REPORT_ID);
    await page.getByRole('heading', { level: 1, name: '2025年度个人对照检查材料' }).waitFor();
    assert.equal(await page.locator('.report-head .badge').innerText(), '草稿');
    const meta = await page.locator('.report-meta').innerText();
    assert.match(meta, /起草人\s+张明/);
    assert.match(meta, /审核人\s+李华/);
    assert.match(meta, /团队\s+Demo/);
    assert.equal(await page.locator('#editor-root').count(), 1);

    await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: '报告' }).click();
    await page.getByRole('tab', { name: /我的报告/, selected: true }).waitFor();
    const c = await cells(page, '2025年度个人对照检查材料');
    assert.equal(c['状态'], '草稿');
    assert.equal(c['起草人'], '张明');
    assert.equal(c['审核人'], '李华');
    assert.equal(c['团队'], 'Demo');
    assert.match(c['最后修改'] ?? '', /^\d{4}年\d{1,2}月\d{1,2}日/);
    tp.assertClean();
  });

  test('the supervisor finds the report under 待我审核 once submitted, not under 我的报告', async () => {
    const drafter = await loginAs(server.url, 'drafter');
    const mine = (await drafter.get<ReportDto[]>('/reports?mine=true')).body;
    const report = mine.find((r) => r.title === '2025年度个人对照检查材料');
    assert.ok(report);
    const submitted = await transition(drafter, report.id, 'submit', { overrideReason: '先请审核人看提纲' });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const tp = await open();
    const { page } = tp;
    await tp.signIn('supervisor');
    const reviewing = page.getByRole('tab', { name: /待我审核/ });
    assert.equal(await reviewing.getAttribute('aria-selected'), 'true');
    const c = await cells(page, '2025年度个人对照检查材料');
    assert.equal(c['起草人'], '张明');
    assert.equal(c['审核人'], '李华');

    await page.getByRole('tab', { name: /我的报告/ }).click();
    await page.getByText('你还没有起草报告').waitFor();
    assert.equal(await row(page, '2025年度个人对照检查材料').count(), 0);
    assert.match(page.url(), /view=mine/);

    await page.getByRole('tab', { name: /团队全部报告/ }).click();
    await row(page, '2025年度个人对照检查材料').waitFor();
    tp.assertClean();
  });

  test('search by title and the state filter narrow the list, with a way back', async () => {
    const drafter = await loginAs(server.url, 'drafter');
    const teamId = (await drafter.get<MeDto>('/auth/me')).body.teams[0]?.id ?? '';
    await fx.newReport(drafter, teamId, { title: '学习体会及问题检视（甲）' });
    await fx.newReport(drafter, teamId, { title: '党性分析报告（乙）' });

    const tp = await open();
    const { page } = tp;
    await tp.signIn('drafter');
    await row(page, '党性分析报告（乙）').waitFor();
    await page.getByLabel('按标题搜索').fill('问题检视');
    await page.waitForURL(/q=%E9%97%AE%E9%A2%98%E6%A3%80%E8%A7%86/);
    await row(page, '党性分析报告（乙）').waitFor({ state: 'detached' });
    await row(page, '学习体会及问题检视（甲）').waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);

    await page.getByLabel('状态').selectOption({ label: '审核中' });
    await page.getByText('没有符合条件的报告').waitFor();
    assert.match(page.url(), /state=in_review/);
    await page.getByRole('button', { name: '清除筛选' }).first().click();
    await row(page, '党性分析报告（乙）').waitFor();
    assert.equal(await page.getByLabel('按标题搜索').inputValue(), '');
    tp.assertClean();
  });

  test('the dialog explains missing input and a reviewer the server refuses, next to the fields', async () => {
    const team = await fx.newTeam();
    const drafter = await fx.newUser({ displayName: '赵起草' });
    const supervisor = await fx.newUser({ displayName: '钱审核' });
    await fx.addMember(team.id, drafter.user.id, 'drafter');
    await fx.addMember(team.id, supervisor.user.id, 'supervisor');

    const tp = await open();
    const { page } = tp;
    await tp.signIn(drafter.user.username, `pw-${drafter.user.username}`);
    await page.getByRole('button', { name: '新建报告' }).first().click();
    const dialog = page.getByRole('dialog', { name: '新建报告' });
    await dialog.getByRole('button', { name: '创建并打开' }).click();
    const title = dialog.getByLabel('报告标题');
    assert.equal(await title.getAttribute('aria-invalid'), 'true');
    assert.equal(await dialog.locator('.field-error').innerText(), '请填写此项');

    await title.fill('整改落实情况报告');
    await page.waitForFunction(() => !document.querySelector<HTMLSelectElement>('select[name="reviewerId"]')?.disabled);
    assert.match(await dialog.getByLabel('审核人').locator('option:checked').innerText(), /^钱审核/);
    // Meanwhile the supervisor leaves the team: the server refuses them as reviewer.
    const removed = await fx.admin.delete(`/teams/${team.id}/members/${supervisor.user.id}`);
    assert.equal(removed.status, 204);
    await dialog.getByRole('button', { name: '创建并打开' }).click();
    const reviewerField = dialog.locator('.field', { has: page.getByLabel('审核人') });
    await reviewerField.locator('.field-error').waitFor();
    assert.equal(await reviewerField.locator('.field-error').innerText(), '所选人员不是该团队的审核人，请重新选择');
    assert.equal(await dialog.getByLabel('审核人').getAttribute('aria-invalid'), 'true');
    assert.ok(tp.apiRejections.includes('400 POST /api/reports'), tp.apiRejections.join('\n'));
    assert.equal(new URL(page.url()).pathname, '/');
    tp.assertClean();
  });

  test('the dialog works from the keyboard: Escape closes it and focus returns to the button', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('drafter');
    const button = page.getByRole('button', { name: '新建报告' }).first();
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '新建报告' });
    await dialog.waitFor();
    // Focus starts in the title field, inside the dialog.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'title');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await button.evaluate((el) => el === document.activeElement), true);
    tp.assertClean();
  });

  test('an unknown report id shows a plain message and a way back', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('drafter', undefined, '/reports/00000000-0000-4000-8000-000000000000');
    await page.getByRole('heading', { name: '找不到这份报告' }).waitFor();
    await page.getByRole('link', { name: '返回报告列表' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    tp.assertClean();
  });
});
