/**
 * 待我审核 on the dashboard: what waits for the reviewer is what the drafters submitted to them,
 * not every report that names them (a draft never submitted waits for nobody). The tab's count and
 * its list agree, and a report leaves both once reviewed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WorkflowAction } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, TestPage } from '../support/browser.js';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';
import { type EditorTeam, editorTeam } from './editor-support.js';

const tab = (page: Page, name: RegExp) => page.getByRole('tab', { name });
const titles = (page: Page) => page.locator('tbody td.cell-title a').allInnerTexts();

describe('browser: 待我审核 lists what waits for my review', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  let team: EditorTeam;
  const pages: TestPage[] = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fx = await Fixtures.create(server.url);
    team = await editorTeam(fx);
  });
  after(async () => {
    for (const tp of pages) await tp.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  /** A report of 张明's for 李华, taken through `steps` by the people who may take them. */
  async function report(title: string, steps: [Member, WorkflowAction][]): Promise<string> {
    const r = await fx.newReport(team.drafter.client, team.teamId, { title, reviewerId: team.supervisor.user.id });
    for (const [by, action] of steps) {
      const extra = action === 'submit' ? { overrideReason: '提纲先请审核人过目' } : {};
      const res = await transition(by.client, r.id, action, extra, { password: `pw-${by.user.username}` });
      assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
    }
    return r.id;
  }

  test('the count and the list hold the submitted reports only, and a reviewed one leaves them', async () => {
    const { drafter, supervisor } = team;
    await report('2025年度个人对照检查材料（草稿，未提交）', []);
    const waiting = await report('学习体会及问题检视（已提交）', [[drafter, 'submit']]);
    await report('党性分析报告（已退回修改）', [[drafter, 'submit'], [supervisor, 'request_changes']]);
    await report('整改落实情况报告（已批准）', [[drafter, 'submit'], [supervisor, 'approve']]);

    const tp = await TestPage.open(browser, server.url);
    pages.push(tp);
    const { page } = tp;
    await tp.signIn(supervisor.user.username, `pw-${supervisor.user.username}`);
    // A supervisor lands on what waits for them.
    await tab(page, /待我审核/).and(page.locator('[aria-selected="true"]')).waitFor();
    await tab(page, /待我审核/).locator('.tab-count', { hasText: /^1$/ }).waitFor();
    assert.deepEqual(await titles(page), ['学习体会及问题检视（已提交）']);
    await tab(page, /团队全部报告/).locator('.tab-count', { hasText: /^4$/ }).waitFor();
    await tp.screenshot('dashboard-awaiting-review-zh-CN-desktop', { fullPage: false });

    // Reviewed: it no longer waits, in the count or the list.
    const approved = await transition(supervisor.client, waiting, 'approve', {}, { password: `pw-${supervisor.user.username}` });
    assert.equal(approved.status, 200);
    await page.reload();
    await page.getByText('目前没有需要你审核的报告').waitFor();
    await page.getByText('起草人把报告提交给你审核后，报告会出现在这里；审核完成后就不再列出。').waitFor();
    await tab(page, /待我审核/).locator('.tab-count', { hasText: /^0$/ }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 0);
    await tp.screenshot('dashboard-awaiting-review-empty-zh-CN-desktop', { fullPage: false });
    tp.assertClean();
  });
});
