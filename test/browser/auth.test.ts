import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, TestPage } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { loginAs } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';

describe('browser: signing in, guarded pages, language', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  const pages: TestPage[] = [];

  async function open(language: 'zh-CN' | 'en' = 'zh-CN'): Promise<TestPage> {
    const tp = await TestPage.open(browser, server.url, { language });
    pages.push(tp);
    return tp;
  }

  async function demoTeamId(): Promise<string | undefined> {
    const me = (await (await loginAs(server.url, 'drafter')).get<{ teams: { id: string }[] }>('/auth/me')).body;
    return me.teams[0]?.id;
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

  test('a wrong password shows a clear message and nobody is signed in', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.goto('/');
    await page.waitForURL(/\/login$/);
    await tp.fillSignIn('drafter', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.innerText(), '用户名或密码错误，请重新输入');
    assert.equal(await page.locator('header.topbar').count(), 0);
    assert.match(page.url(), /\/login$/);
    assert.ok(tp.apiRejections.includes('401 POST /api/auth/login'), tp.apiRejections.join('\n'));
    tp.assertClean();
  });

  test('after too many failed attempts the 429 answer is explained, with the wait', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.goto('/login');
    const { user } = await fx.newUser();
    // The server allows five failures per username in its window; the sixth attempt is refused.
    for (let i = 0; i < 6; i += 1) {
      const answered = page.waitForResponse((res) => res.url().endsWith('/api/auth/login'));
      await tp.fillSignIn(user.username, `wrong-${i}`);
      await answered;
    }
    const alert = page.getByRole('alert');
    await page.getByText('登录失败次数过多').waitFor();
    assert.match(await alert.innerText(), /^登录失败次数过多，请约 \d+ 分钟后再试$/);
    assert.ok(tp.apiRejections.includes('429 POST /api/auth/login'), tp.apiRejections.join('\n'));
    tp.assertClean();
  });

  test('signing in as the drafter shows the dashboard with their reports', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('drafter');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '报告');
    assert.equal(await page.locator('.who').innerText(), '张明');
    const mine = page.getByRole('tab', { name: /我的报告/ });
    assert.equal(await mine.getAttribute('aria-selected'), 'true');
    await page.getByRole('tab', { name: /待我审核/ }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    tp.assertClean();
  });

  test('the page asked for before signing in is the one shown after', async () => {
    const report = await fx.newReport(await loginAs(server.url, 'drafter'), (await demoTeamId()) ?? '', { title: '深层链接测试报告' });

    const tp = await open();
    const { page } = tp;
    await tp.goto(`/reports/${report.id}`);
    await page.waitForURL(/\/login\?next=/);
    await tp.fillSignIn('drafter', 'demo-password-for-tests');
    await page.waitForURL(new RegExp(`/reports/${report.id}$`));
    await page.getByRole('heading', { level: 1, name: '深层链接测试报告' }).waitFor();
    tp.assertClean();
  });

  test('signing out returns to the sign-in page and the app is closed again', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('drafter');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    await page.locator('input[name="username"]').waitFor();
    await tp.goto('/admin/users');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers$/);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    assert.equal(me, 401);
    tp.assertClean();
  });

  test('a non-admin sees no admin links and cannot open the admin pages', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('supervisor');
    const nav = page.getByRole('navigation', { name: '主导航' });
    assert.equal(await nav.getByRole('link').allInnerTexts().then((t) => t.join('|')), '报告');
    for (const path of ['/admin/users', '/admin/teams', '/admin']) {
      await tp.goto(path);
      await page.getByRole('heading', { name: '无权访问' }).waitFor();
      assert.match(await page.locator('main').innerText(), /此页面只对系统管理员开放/);
      assert.equal(await page.locator('table').count(), 0);
    }
    // The page never even asked the API for the user list.
    assert.deepEqual(tp.apiRejections.filter((r) => r.includes('/api/users') || r.includes('/api/teams')), []);
    await page.getByRole('link', { name: '返回报告列表' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    tp.assertClean();
  });

  test('an unknown address shows a not-found page with a way back', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('drafter', undefined, '/no/such/page');
    await page.getByRole('heading', { name: '页面不存在' }).waitFor();
    await page.getByRole('link', { name: '返回报告列表' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('tab', { name: /我的报告/ }).waitFor();
    tp.assertClean();
  });

  test('switching to English changes the visible strings, and the choice is remembered', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.goto('/login');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '报告审核');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Report Review' }).waitFor();
    assert.equal(await page.locator('form button[type="submit"]').innerText(), 'Sign in');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    await fx.newReport(await loginAs(server.url, 'drafter'), (await demoTeamId()) ?? '', { title: '语言切换测试报告' });
    await tp.fillSignIn('drafter', 'demo-password-for-tests');
    await page.getByRole('tab', { name: /My reports/ }).waitFor();
    await page.getByRole('tab', { name: /Awaiting my review/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 1);
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).innerText(), 'Reports');
    assert.match(await page.locator('.filters').innerText(), /Search by title[\s\S]*State/);
    const row = page.locator('tbody tr', { hasText: '语言切换测试报告' });
    await row.waitFor();
    assert.deepEqual(await page.locator('thead th').allInnerTexts(), ['Title', 'State', 'Drafter', 'Reviewer', 'Team', 'Last change']);
    assert.equal(await row.locator('.badge').innerText(), 'Draft');
    assert.match(await row.locator('time').innerText(), /^[A-Z][a-z]{2} \d{1,2}, \d{4}/);

    await page.reload();
    await page.getByRole('tab', { name: /My reports/ }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('tab', { name: /我的报告/ }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    tp.assertClean();
  });
});
