/**
 * The report page as drafters and reviewers use it every day: renaming the report in place
 * (with the title's blanks checked and its change in the redline), posting a comment deep in a
 * long report without losing one's place, and headings typed or pasted by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReportDto } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { addParagraph, closeProvider, openProvider } from '../support/collab.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';
import { caretAtEnd, editor, type EditorTeam, editorTeam, ReportPages, selectText, serverContent, waitForStatus, waitForText } from './editor-support.js';

const titleHeading = (page: Page) => page.locator('.report-head h1.doc-title');
const renameButton = (page: Page) => page.getByRole('button', { name: '修改报告标题' });

/** Where `text` is on screen (its paragraph's top, relative to the window) and how far the page is scrolled. */
async function placeOf(page: Page, text: string): Promise<{ top: number; scrollY: number; height: number }> {
  return editor(page).evaluate((root, wanted) => {
    const p = [...root.querySelectorAll('p, h1, h2, h3')].find((el) => el.textContent?.includes(wanted));
    if (!p) throw new Error(`not in the text: ${wanted}`);
    return { top: p.getBoundingClientRect().top, scrollY: window.scrollY, height: window.innerHeight };
  }, text);
}

/** The type of each block in the editor: `h1 四、下一步打算`, `p 一是…`. */
async function shapes(page: Page): Promise<string[]> {
  return editor(page).evaluate((root) =>
    Array.from(root.querySelectorAll(':scope > h1, :scope > h2, :scope > h3, :scope > p')).map(
      (b) => `${b.tagName.toLowerCase()} ${b.textContent ?? ''}`,
    ),
  );
}

/** Pastes as Word or a web page puts it on the clipboard: HTML and plain text. */
async function paste(page: Page, html: string, text: string): Promise<void> {
  await editor(page).evaluate(
    (root, data) => {
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/html', data.html);
      clipboardData.setData('text/plain', data.text);
      root.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    },
    { html, text },
  );
}

async function openTab(page: Page, name: RegExp) {
  const tab = page.getByRole('tab', { name });
  await tab.click();
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
}

describe('browser: the report page', () => {
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

  test('the title is renamed in place by whoever may edit; its blanks are checked; the redline shows the change', async () => {
    const suggested = '×××同志2026年度民主生活会个人对照检查材料';
    const report: ReportDto = await fx.newReport(team.drafter.client, team.teamId, {
      title: suggested,
      template: 'party-spirit',
      reviewerId: team.supervisor.user.id,
    });
    const versions = await team.drafter.client.post(`/reports/${report.id}/versions`, { label: '改标题前' });
    assert.equal(versions.status, 201);

    // A member of the team who is neither author nor reviewer only reads it.
    const viewer = (await pages.open(team.viewer, report)).page;
    await titleHeading(viewer).waitFor();
    assert.equal(await renameButton(viewer).count(), 0, 'no rename for a member who may only view');

    const tp = await pages.open(team.drafter, report);
    const d = tp.page;
    await waitForStatus(d, 'saved');
    // The blank of the suggested title is marked, and the checks list it first.
    assert.equal(await titleHeading(d).locator('mark.title-placeholder').innerText(), '×××');
    await openTab(d, /检查/);
    const titleProblem = d.locator('.checks-list .check-item').first();
    await titleProblem.getByText('标题中未填写的占位符 “×××”').waitFor();
    await tp.screenshot('report-title-placeholder');

    // Choosing the problem opens the title for renaming; Esc leaves it as it was.
    await titleProblem.click();
    const input = d.getByRole('textbox', { name: '报告标题' });
    await input.waitFor();
    assert.equal(await input.inputValue(), suggested);
    await input.press('Escape');
    await titleHeading(d).waitFor();
    assert.equal(await titleHeading(d).innerText(), suggested);

    // Renamed: saved on Enter, the checks no longer name the title.
    await renameButton(d).click();
    await input.fill('   ');
    await input.press('Enter');
    await d.getByRole('alert').getByText('标题不能为空').waitFor();
    await input.fill('张明同志2026年度民主生活会个人对照检查材料');
    await tp.screenshot('report-title-editing');
    await input.press('Enter');
    await titleHeading(d).getByText('张明同志2026年度民主生活会个人对照检查材料').waitFor();
    assert.equal((await team.drafter.client.get<ReportDto>(`/reports/${report.id}`)).body.title, '张明同志2026年度民主生活会个人对照检查材料');
    await d.getByText('标题中未填写的占位符').waitFor({ state: 'detached' });
    // Other open pages learn the new title without a reload.
    await titleHeading(viewer).getByText('张明同志2026年度民主生活会个人对照检查材料').waitFor();

    // The redline against the version saved before shows the title's change.
    await openTab(d, /历史/);
    await d.getByRole('button', { name: '版本 1 与当前内容对比' }).click();
    const change = d.getByLabel('标题的修改');
    await change.waitFor();
    assert.equal(await change.locator('del').innerText(), suggested);
    assert.equal(await change.locator('ins').innerText(), '张明同志2026年度民主生活会个人对照检查材料');
    await tp.screenshot('report-title-redline');

    // In review the author may no longer rename; the server would refuse it too.
    assert.equal((await transition(team.drafter.client, report.id, 'submit', { overrideReason: '模板中的占位符稍后补全' })).status, 200);
    await d.locator('.report-head .badge').getByText('审核中').waitFor();
    assert.equal(await renameButton(d).count(), 0, 'no rename for the author in review');
    const reviewer = (await pages.open(team.supervisor, report)).page;
    await renameButton(reviewer).waitFor();
  });

  test('posting a comment deep in a long report keeps the passage in view', async () => {
    const report: ReportDto = await fx.newReport(team.drafter.client, team.teamId, {
      title: '2026年度民主生活会个人对照检查材料',
      reviewerId: team.supervisor.user.id,
    });
    // A long report: six aspects, each with several paragraphs of text.
    const writer = await openProvider(server.url, team.drafter.client, report.id);
    const aspects = ['政治忠诚', '担当作为', '为民服务', '学习调研', '工作作风', '廉洁自律'];
    aspects.forEach((aspect, i) => {
      addParagraph(writer.doc, `（${'一二三四五六'[i]}）${aspect}方面`);
      for (let k = 1; k <= 6; k++) {
        addParagraph(writer.doc, `${aspect}方面的第${k}段：对照党章党规和党员标准，认真查找在${aspect}方面存在的差距和不足，深入剖析思想根源，明确今后努力的方向和具体措施，切实做到知行合一、以知促行。`);
      }
    });
    const passage = '廉洁自律方面的第3段';
    await writer.whenSaved();
    closeProvider(writer);

    const tp = await pages.open(team.supervisor, report);
    const s = tp.page;
    await waitForText(s, passage);
    await waitForStatus(s, 'saved');
    // Scroll to the passage, as a reader does, and select it.
    await editor(s).getByText(passage).scrollIntoViewIfNeeded();
    await s.mouse.wheel(0, 200);
    const before = await placeOf(s, passage);
    assert.ok(before.scrollY > 1500, `the page is scrolled down to the passage (${before.scrollY} px)`);
    await selectText(s, passage);
    await s.getByRole('button', { name: '批注选中的文字' }).click();
    const dialog = s.getByRole('dialog', { name: '添加批注' });
    await dialog.getByLabel('批注内容').fill('这一段的措施还不够具体，请补充时间节点。');
    await dialog.getByRole('button', { name: '发表' }).click();
    await dialog.waitFor({ state: 'detached' });
    await s.locator('.comments .thread').first().waitFor();
    await s.waitForTimeout(800); // smooth scrolling, if any, has ended

    const after = await placeOf(s, passage);
    assert.ok(
      after.top >= 0 && after.top < after.height,
      `the passage stays on screen: its top was at ${before.top} px with the page scrolled ${before.scrollY} px, now ${after.top} px with ${after.scrollY} px`,
    );
    assert.ok(Math.abs(after.scrollY - before.scrollY) < 400, `the page did not jump (${before.scrollY} → ${after.scrollY} px)`);
    await tp.screenshot('report-comment-keeps-place', { fullPage: false });
  });

  test('headings typed or pasted by hand become headings, as the import reads them; undo gives the plain text back', async () => {
    const report: ReportDto = await fx.newReport(team.drafter.client, team.teamId, { title: '2026年度组织生活会对照检查材料' });
    const tp = await pages.open(team.drafter, report);
    const d = tp.page;
    await waitForStatus(d, 'saved');
    await caretAtEnd(d);
    await d.keyboard.insertText('对照检查如下。');
    await d.keyboard.press('Enter');

    // The number makes the heading as soon as it is complete; Ctrl+Z right away undoes only that.
    await d.keyboard.type('四、');
    await editor(d).locator('h1', { hasText: '四、' }).waitFor();
    await d.keyboard.press('Control+z');
    await editor(d).locator('p', { hasText: /^四、$/ }).waitFor();
    assert.equal(await editor(d).locator('h1').count(), 0);
    await d.keyboard.press('Control+Shift+z');
    await editor(d).locator('h1', { hasText: '四、' }).waitFor();
    await d.keyboard.type('下一步打算');
    await d.keyboard.press('Enter');
    await d.keyboard.type('（一）加强学习');
    await d.keyboard.press('Enter');
    await d.keyboard.insertText('一是每月研读一篇重要文献。');
    await d.keyboard.press('Enter');
    // A number inside a sentence, or a point (一是), stays text.
    await d.keyboard.type('二是做到学以致用、知行合一。');
    await d.keyboard.press('Enter');

    // Pasted from Word: the heading line becomes a heading, the text after it stays text.
    await paste(
      d,
      '<p class="MsoNormal"><span style="font-family:黑体">五、持续改进</span></p><p class="MsoNormal">一是建立整改台账，逐项销号。</p>',
      '五、持续改进\n一是建立整改台账，逐项销号。',
    );
    await editor(d).locator('h1', { hasText: '五、持续改进' }).waitFor();
    // Pasted as plain text from a web page, a level-2 heading.
    await caretAtEnd(d);
    await d.keyboard.press('Enter');
    await paste(d, '', '（二）严格落实整改责任\n二是每季度报告一次进展。');
    await editor(d).locator('h2', { hasText: '（二）严格落实整改责任' }).waitFor();
    await waitForStatus(d, 'saved');
    assert.deepEqual(await shapes(d), [
      'p 对照检查如下。',
      'h1 四、下一步打算',
      'h2 （一）加强学习',
      'p 一是每月研读一篇重要文献。',
      'p 二是做到学以致用、知行合一。',
      'h1 五、持续改进',
      'p 一是建立整改台账，逐项销号。',
      'h2 （二）严格落实整改责任',
      'p 二是每季度报告一次进展。',
    ]);
    const outline = d.getByRole('navigation', { name: '目录' });
    await openTab(d, /目录/);
    assert.deepEqual(await outline.getByRole('button').allInnerTexts(), ['四、下一步打算', '（一）加强学习', '五、持续改进', '（二）严格落实整改责任']);
    await tp.screenshot('report-typed-headings');

    // Ctrl+Z after a paste undoes the headings first, leaving the pasted text as it came.
    await editor(d).focus();
    await d.keyboard.press('Control+z');
    await editor(d).locator('p', { hasText: '（二）严格落实整改责任' }).waitFor();
    await d.keyboard.press('Control+Shift+z');
    await editor(d).locator('h2', { hasText: '（二）严格落实整改责任' }).waitFor();
    await waitForStatus(d, 'saved');

    // The server holds them as headings: they are exported with heading fonts.
    const blocks = (await serverContent(team.drafter.client, report.id)).blocks.map((b) => `${b.type}${b.level ?? ''} ${b.text}`);
    assert.ok(blocks.includes('heading1 四、下一步打算') && blocks.includes('heading2 （二）严格落实整改责任'), JSON.stringify(blocks));
  });

  test('a read-only report shows one compact bar before the text, and says “approved” once besides the badge', async () => {
    const report: ReportDto = await fx.newReport(team.drafter.client, team.teamId, {
      title: '2026年度党性分析报告',
      reviewerId: team.supervisor.user.id,
    });
    const writer = await openProvider(server.url, team.drafter.client, report.id);
    addParagraph(writer.doc, '按照组织安排，我认真查找了自身存在的问题。');
    await writer.whenSaved();
    closeProvider(writer);
    assert.equal((await transition(team.drafter.client, report.id, 'submit')).status, 200);

    // In review, the author reads: why is a note in the editor's bar, not a banner of its own.
    const tp = await pages.open(team.drafter, report);
    const d = tp.page;
    await d.locator('.editor-bar').getByRole('note').getByText('审核中：仅审核人可编辑。').waitFor();
    assert.equal(await d.locator('.editor-shell > .notice-readonly').count(), 0);

    const approved = await transition(team.supervisor.client, report.id, 'approve', {}, { password: `pw-${team.supervisor.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await d.locator('.signature-card').getByRole('heading', { name: '李华 已批准并签名' }).waitFor();
    await d.locator('.editor-bar').getByRole('note').getByText('只读：文档已锁定').waitFor();
    const layout = await d.evaluate(() => {
      const meta = document.querySelector('.report-meta')?.getBoundingClientRect();
      const paper = document.querySelector('.paper')?.getBoundingClientRect();
      const head = document.querySelector('.report-page');
      const saying = [...(head?.querySelectorAll('*') ?? [])].filter(
        (el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes('已批准')) && (el as HTMLElement).offsetParent !== null,
      );
      return { gap: (paper?.top ?? 0) - (meta?.bottom ?? 0), saying: saying.map((el) => el.textContent?.trim()) };
    });
    // Before: the state bar, the signature card, the editor's bar and a lock banner (≈ 350 px here).
    assert.ok(layout.gap < 230, `from the report's facts to the text: ${layout.gap} px`);
    assert.deepEqual(layout.saying, ['已批准', '李华 已批准并签名'], 'the badge and the signature say it; nothing else repeats it');
    await tp.screenshot('report-approved-compact', { fullPage: false });
  });
});
