/**
 * A report submitted although its checks failed: the reviewer reads the author's reason where
 * they decide, in the state bar and in the approval dialog, not only in the activity list.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';
import { type EditorTeam, editorTeam, ReportPages, waitForStatus } from './editor-support.js';

const stateBar = (page: Page) => page.locator('.state-bar');
const badge = (page: Page) => page.locator('.report-head .badge');
const REASON = '“×××”处为民主生活会召开日期，待支部会议确定后再填写。';

describe('browser: the reason for overriding failed checks', () => {
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

  test('the reviewer sees it in the state bar and in the approval dialog', async () => {
    const report = await fx.newReport(team.drafter.client, team.teamId, {
      title: '2025年度党性分析报告',
      template: 'party-spirit',
      reviewerId: team.supervisor.user.id,
    });
    const problems = (await team.drafter.client.get<{ problems: unknown[] }>(`/reports/${report.id}/checks`)).body.problems.length;
    assert.ok(problems > 0, 'the template leaves blanks to fill');

    // The reviewer has the report open while the drafter submits it, overriding the checks.
    const b = await pages.open(team.supervisor, report);
    const s = b.page;
    const a = await pages.open(team.drafter, report);
    const d = a.page;
    await waitForStatus(d, 'saved');
    await stateBar(d).getByRole('button', { name: '提交审核', exact: true }).click();
    const submit = d.getByRole('dialog');
    await submit.getByRole('button', { name: '提交审核' }).click();
    await submit.getByText('内容检查发现以下问题：').waitFor();
    await submit.getByLabel('仍然提交的理由').fill(REASON);
    await submit.getByRole('button', { name: '填写理由后提交' }).click();
    await submit.waitFor({ state: 'detached' });

    // Live on the reviewer's page: how many problems, who gave the reason, and the reason.
    await badge(s).filter({ hasText: '审核中' }).waitFor();
    const note = stateBar(s).locator('.override-message');
    await note.waitFor();
    assert.equal(await note.locator('.review-message-head').innerText(), `提交时内容检查未通过（${problems} 个问题），张明 仍然提交的理由`);
    assert.equal(await note.locator('.review-message-text').innerText(), REASON);
    await d.locator('.toast').waitFor({ state: 'detached', timeout: 6_000 });
    await s.evaluate(() => window.scrollTo(0, 0));
    await b.screenshot('checks-override-state-bar-zh-CN-desktop', { fullPage: false });

    // The approval dialog repeats it above what is signed.
    await stateBar(s).getByRole('button', { name: '批准', exact: true }).click();
    const approve = s.getByRole('dialog');
    await approve.locator('.sign-box .hash').waitFor();
    const inDialog = approve.locator('.override-message');
    assert.equal(await inDialog.locator('.review-message-text').innerText(), REASON);
    assert.match(await inDialog.innerText(), new RegExp(`${problems} 个问题`));
    await b.screenshot('checks-override-approve-dialog-zh-CN-desktop', { fullPage: false });
    await approve.getByRole('button', { name: '取消' }).click();
    await approve.waitFor({ state: 'detached' });

    // Once sent back it no longer stands in the bar: the next submission says afresh.
    assert.equal((await transition(team.supervisor.client, report.id, 'request_changes')).status, 200);
    await badge(s).filter({ hasText: '退回修改' }).waitFor();
    await stateBar(s).locator('.override-message').waitFor({ state: 'detached' });
    a.assertClean();
    b.assertClean();
  });
});
