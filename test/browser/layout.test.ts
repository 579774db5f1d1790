import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MeDto, ReportDto } from '@review/shared';
import type { Browser } from 'playwright-core';
import { hasHorizontalOverflow, type Language, launchBrowser, TestPage, type ViewportName } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { loginAs } from '../support/http.js';
import { DEMO_PASSWORD, type StartedServer, startServer } from '../support/server.js';

const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
const VIEWS: readonly ViewportName[] = ['desktop', 'narrow'];

/**
 * Every main page in both languages, wide and narrow: nothing may overflow sideways or log an
 * error, and each is written to test/artifacts/ as a screenshot for a human to look at.
 */
describe('browser: layout in both languages, wide and narrow', () => {
  let server: StartedServer;
  let browser: Browser;
  let report: ReportDto;
  const pages: TestPage[] = [];

  async function open(language: Language, viewport: ViewportName): Promise<TestPage> {
    const tp = await TestPage.open(browser, server.url, { language, viewport });
    pages.push(tp);
    return tp;
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const fx = await Fixtures.create(server.url);
    const drafter = await loginAs(server.url, 'drafter');
    const supervisor = (await loginAs(server.url, 'supervisor')).get<MeDto>('/auth/me');
    const teamId = (await drafter.get<MeDto>('/auth/me')).body.teams[0]?.id ?? '';
    const reviewerId = (await supervisor).body.id;
    for (const title of [
      '关于2025年度专题民主生活会个人对照检查材料',
      '学习贯彻党的创新理论学习体会及问题检视',
      '党性分析报告',
    ]) {
      report = await fx.newReport(drafter, teamId, { title, reviewerId });
    }
    await fx.newTeam();
  });
  after(async () => {
    for (const tp of pages) await tp.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  for (const language of LANGUAGES) {
    for (const viewport of VIEWS) {
      const suffix = `${language}-${viewport}`;

      test(`sign-in page, ${suffix}`, async () => {
        const tp = await open(language, viewport);
        await tp.goto('/login');
        await tp.page.locator('form button[type="submit"]').waitFor();
        assert.equal(await hasHorizontalOverflow(tp.page), false);
        await tp.screenshot(`login-${suffix}`);
        await tp.fillSignIn('drafter', 'wrong-password');
        await tp.page.getByRole('alert').waitFor();
        await tp.screenshot(`login-error-${suffix}`);
        tp.assertClean();
      });

      test(`dashboard and report page, ${suffix}`, async () => {
        const tp = await open(language, viewport);
        await tp.signIn('drafter');
        // Names and team come from other requests; the picture should show them.
        await tp.page.locator('tbody tr').nth(2).getByText('李华').waitFor();
        await tp.page.locator('tbody tr').nth(2).getByText('Demo').waitFor();
        assert.equal(await hasHorizontalOverflow(tp.page), false);

        // The dialog first: a full-page capture resizes the window, which upsets the backdrop.
        await tp.page.getByRole('button', { name: language === 'en' ? 'New report' : '新建报告' }).first().click();
        await tp.page.getByRole('dialog').waitFor();
        await tp.page.waitForFunction(() => !document.querySelector<HTMLSelectElement>('select[name="reviewerId"]')?.disabled);
        await tp.screenshot(`new-report-dialog-${suffix}`, { fullPage: false });
        await tp.page.keyboard.press('Escape');
        await tp.page.getByRole('dialog').waitFor({ state: 'detached' });
        await tp.screenshot(`dashboard-${suffix}`);

        await tp.goto(`/reports/${report.id}`);
        await tp.page.locator('#editor-root').waitFor({ state: 'attached' });
        await tp.page.locator('.report-meta').getByText('李华').waitFor();
        assert.equal(await hasHorizontalOverflow(tp.page), false);
        await tp.screenshot(`report-${suffix}`);
        tp.assertClean();
      });

      test(`admin pages, ${suffix}`, async () => {
        const tp = await open(language, viewport);
        await tp.signIn('admin', DEMO_PASSWORD, '/admin/users');
        await tp.page.locator('tbody tr').nth(2).waitFor();
        assert.equal(await hasHorizontalOverflow(tp.page), false);
        await tp.screenshot(`admin-users-${suffix}`);

        await tp.goto('/admin/teams');
        await tp.page.locator('.team-members tbody tr').nth(1).waitFor();
        assert.equal(await hasHorizontalOverflow(tp.page), false);
        await tp.screenshot(`admin-teams-${suffix}`);
        tp.assertClean();
      });
    }
  }

  test('keyboard only: sign in, move through the bar, and the focus is visible', async () => {
    const tp = await open('zh-CN', 'desktop');
    const { page } = tp;
    await tp.goto('/login');
    // The username field has the focus from the start.
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'username');
    await page.keyboard.type('drafter');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('header.topbar').waitFor();

    // The first Tab reaches the skip link, which takes the focus to the page's content.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '跳到正文' });
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
    await page.keyboard.press('Tab');
    const brand = page.locator('a.brand');
    assert.equal(await brand.evaluate((el) => el === document.activeElement), true);
    const outline = await brand.evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, 'none');

    // Arrow keys move between the report tabs.
    await page.getByRole('tab', { name: /我的报告/ }).focus();
    await page.keyboard.press('ArrowRight');
    const reviewing = page.getByRole('tab', { name: /待我审核/ });
    // The tab follows the address (?view=), which the router updates after the key press.
    await page.getByRole('tab', { name: /待我审核/, selected: true }).waitFor({ timeout: 5_000 });
    assert.equal(await reviewing.getAttribute('aria-selected'), 'true');
    assert.equal(await reviewing.evaluate((el) => el === document.activeElement), true);
    tp.assertClean();
  });
});
