import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReportDto, TeamDto, UserDto } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, TestPage } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { ApiClient, loginAs } from '../support/http.js';
import { type StartedServer, startServer } from '../support/server.js';

function userRow(page: Page, username: string) {
  return page.locator('tbody tr', { has: page.locator('code', { hasText: new RegExp(`^${username}$`) }) });
}

describe('browser: administration of users and teams', () => {
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

  test('an admin creates a user and a team and adds the member; the user then sees the team report', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('admin');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '用户管理' }).click();
    await page.getByRole('heading', { name: '用户管理', level: 1 }).waitFor();

    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    await dialog.getByLabel('用户名').fill('wang.wu');
    await dialog.getByLabel('姓名').fill('王五');
    await dialog.getByLabel('初始密码').fill('wangwu-password');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('已创建用户“王五”').waitFor();
    assert.match(await userRow(page, 'wang.wu').innerText(), /王五[\s\S]*普通用户[\s\S]*正常/);

    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '团队管理' }).click();
    await page.getByRole('button', { name: '新建团队' }).click();
    const teamDialog = page.getByRole('dialog', { name: '新建团队' });
    await teamDialog.getByLabel('团队名称').fill('第二党支部');
    await teamDialog.getByRole('button', { name: '创建团队' }).click();
    await teamDialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: '第二党支部 · 成员' }).waitFor();
    assert.equal(
      await page.getByRole('navigation', { name: '团队列表' }).locator('[aria-current="true"]').innerText(),
      '第二党支部',
    );
    await page.getByText('这个团队还没有成员').waitFor();

    const form = page.getByRole('form', { name: '添加成员' });
    await form.getByLabel('用户').selectOption({ label: '王五（wang.wu）' });
    await form.getByLabel('团队角色').selectOption({ label: '起草人' });
    await form.getByRole('button', { name: '添加' }).click();
    await page.locator('tbody tr', { hasText: '王五' }).waitFor();
    await form.getByLabel('用户').selectOption({ label: '李华（supervisor）' });
    await form.getByLabel('团队角色').selectOption({ label: '审核人' });
    await form.getByRole('button', { name: '添加' }).click();
    await page.locator('tbody tr', { hasText: '李华' }).waitFor();
    assert.match(await page.locator('tbody tr', { hasText: '王五' }).innerText(), /wang\.wu[\s\S]*起草人/);
    assert.match(await page.locator('tbody tr', { hasText: '李华' }).innerText(), /supervisor[\s\S]*审核人/);
    // Someone already in the team is not offered again.
    assert.equal(await form.getByLabel('用户').locator('option', { hasText: '王五' }).count(), 0);
    tp.assertClean();

    // The supervisor writes a report in the new team; the new member sees it.
    const teams = (await fx.admin.get<TeamDto[]>('/teams')).body;
    const team = teams.find((t) => t.name === '第二党支部');
    assert.ok(team);
    await fx.newReport(await loginAs(server.url, 'supervisor'), team.id, { title: '第二党支部学习体会' });

    const wang = await open();
    await wang.signIn('wang.wu', 'wangwu-password');
    assert.equal(await wang.page.locator('.who').innerText(), '王五');
    await wang.page.getByRole('tab', { name: /团队全部报告/ }).click();
    const report = wang.page.locator('tbody tr', { hasText: '第二党支部学习体会' });
    await report.getByText('李华').waitFor();
    assert.deepEqual((await report.locator('td').allInnerTexts()).slice(0, 5), [
      '第二党支部学习体会',
      '草稿',
      '李华',
      '未指定',
      '第二党支部',
    ]);
    // No admin pages for them.
    assert.equal(await wang.page.getByRole('link', { name: '用户管理' }).count(), 0);
    wang.assertClean();
  });

  test('deactivating asks first; cancelling changes nothing; confirming locks the user out', async () => {
    const { user } = await fx.newUser({ displayName: '孙某' });
    const tp = await open();
    const { page } = tp;
    await tp.signIn('admin', undefined, '/admin/users');
    const r = userRow(page, user.username);
    await r.getByRole('button', { name: '停用：孙某', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: '停用 孙某 的账号？' });
    await confirm.waitFor();
    // The safe choice has the focus.
    assert.equal(await confirm.getByRole('button', { name: '取消' }).evaluate((el) => el === document.activeElement), true);
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.match(await r.innerText(), /正常/);
    await loginAs(server.url, user.username, `pw-${user.username}`);

    await r.getByRole('button', { name: '停用：孙某', exact: true }).click();
    await confirm.getByRole('button', { name: '停用', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await r.getByText('已停用').waitFor();
    const attempt = await new ApiClient(server.url).post('/auth/login', { username: user.username, password: `pw-${user.username}` });
    assert.equal(attempt.status, 401);
    const stored = (await fx.admin.get<UserDto[]>('/users')).body.find((u) => u.id === user.id);
    assert.equal(stored?.active, false);

    await r.getByRole('button', { name: '恢复：孙某', exact: true }).click();
    await r.getByText('正常').waitFor();
    await loginAs(server.url, user.username, `pw-${user.username}`);
    // The admin's own row offers no way to lock themself out.
    assert.equal(await userRow(page, 'admin').getByRole('button', { name: /^停用/ }).count(), 0);
    tp.assertClean();
  });

  test('resetting a password lets the user in with the new one only', async () => {
    const { user } = await fx.newUser({ displayName: '周重置' });
    const tp = await open();
    const { page } = tp;
    await tp.signIn('admin', undefined, '/admin/users');
    await userRow(page, user.username).getByRole('button', { name: '重置密码：周重置', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '重置 周重置 的密码' });
    await dialog.getByLabel('新密码').fill('short');
    await dialog.getByRole('button', { name: '重置密码' }).click();
    assert.equal(await dialog.locator('.field-error').innerText(), '至少需要 8 个字符');
    await dialog.getByLabel('新密码').fill('a-brand-new-password');
    await dialog.getByRole('button', { name: '重置密码' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('已重置 周重置 的密码').waitFor();
    await loginAs(server.url, user.username, 'a-brand-new-password');
    const old = await new ApiClient(server.url).post('/auth/login', { username: user.username, password: `pw-${user.username}` });
    assert.equal(old.status, 401);
    tp.assertClean();
  });

  test('the user form explains a bad and a taken username next to the field', async () => {
    const tp = await open();
    const { page } = tp;
    await tp.signIn('admin', undefined, '/admin/users');
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    const usernameField = dialog.locator('.field', { has: page.getByLabel('用户名') });
    await dialog.getByLabel('用户名').fill('有 空格');
    await dialog.getByLabel('姓名').fill('测试');
    await dialog.getByLabel('初始密码').fill('password-123');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    assert.equal(await usernameField.locator('.field-error').innerText(), '用户名只能包含字母、数字和 _ . -，至少 2 个字符');

    await dialog.getByLabel('用户名').fill('drafter');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await usernameField.getByText('该用户名已被占用').waitFor();
    assert.ok(tp.apiRejections.includes('409 POST /api/users'), tp.apiRejections.join('\n'));
    tp.assertClean();
  });

  test('removing a member asks first, then the member loses the team', async () => {
    const team = await fx.newTeam();
    const { user, client } = await fx.newUser({ displayName: '吴移除' });
    await fx.addMember(team.id, user.id, 'drafter');
    const report = await fx.newReport(client, team.id, { title: '将被移出者的报告' });

    const tp = await open();
    const { page } = tp;
    await tp.signIn('admin', undefined, `/admin/teams?team=${team.id}`);
    const memberRow = page.locator('tbody tr', { hasText: '吴移除' });
    await memberRow.getByRole('button', { name: '移出团队：吴移除', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: '将 吴移除 移出团队？' });
    await confirm.getByRole('button', { name: '移出团队' }).click();
    await memberRow.waitFor({ state: 'detached' });
    await page.getByText('这个团队还没有成员').waitFor();
    const seen = await client.get<ReportDto>(`/reports/${report.id}`);
    assert.equal(seen.status, 404);
    tp.assertClean();
  });
});
