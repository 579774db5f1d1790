import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReportDto } from '@review/shared';
import type { Browser } from 'playwright-core';
import { hasHorizontalOverflow, type Language, launchBrowser, type ViewportName } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import {
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

describe('browser: the live co-editing page', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  let team: EditorTeam;
  let pages: ReportPages;

  async function newReport(title = fx.unique('对照检查材料 ')): Promise<ReportDto> {
    return fx.newReport(team.drafter.client, team.teamId, { title, reviewerId: team.supervisor.user.id });
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

  test('drafter and supervisor co-edit: the other sees each change within a second, with a labelled caret, and a reload shows the same text', async () => {
    const report = await newReport();
    const a = await pages.open(team.drafter, report);
    const b = await pages.open(team.supervisor, report);
    await waitForStatus(a.page, 'saved');
    await waitForStatus(b.page, 'saved');
    assert.equal(await status(a.page).innerText(), '已保存');
    // A new report is an empty document; the editor added nothing to it.
    assert.equal((await serverContent(team.drafter.client, report.id)).text, '');

    await caretAtEnd(a.page);
    const typedAt = Date.now();
    await a.page.keyboard.insertText('一、存在问题');
    await waitForText(b.page, '一、存在问题', 1_000);
    const latency = Date.now() - typedAt;
    assert.ok(latency < 1_000, `took ${latency} ms`);

    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('理论学习不够深入。');
    await waitForText(b.page, '理论学习不够深入。', 1_000);
    // B sees A's caret labelled with A's name and in A's colour; B's avatar row shows both people.
    const caret = b.page.locator('.remote-caret-label', { hasText: '张明' });
    await caret.waitFor();
    assert.equal(await caret.isVisible(), true);
    assert.match(await caret.evaluate((el) => getComputedStyle(el).backgroundColor), /^rgb\(/);
    const avatars = b.page.getByRole('list', { name: '正在查看此文档的人' });
    await avatars.locator('li[title="张明"]').waitFor();
    await avatars.locator('li[title="李华（你）"]').waitFor();
    assert.equal(await avatars.locator('li').count(), 2);

    // Now the other way round, into the same paragraph.
    await caretAtEnd(b.page);
    await b.page.keyboard.insertText('请补充具体事例。');
    await waitForText(a.page, '理论学习不够深入。请补充具体事例。', 1_000);
    await a.page.locator('.remote-caret-label', { hasText: '李华' }).waitFor();

    await waitForStatus(a.page, 'saved');
    await waitForStatus(b.page, 'saved');
    assert.equal(await status(b.page).innerText(), '已保存');
    const expected = ['一、存在问题', '理论学习不够深入。请补充具体事例。'];
    assert.deepEqual(await blocksOf(a.page), expected);
    assert.deepEqual(await blocksOf(b.page), expected);
    assert.equal((await serverContent(team.drafter.client, report.id)).text, expected.join('\n'));

    await b.page.reload();
    await waitForStatus(b.page, 'saved');
    assert.deepEqual(await blocksOf(b.page), expected);
    a.assertClean();
    b.assertClean();
  });

  test('undo takes back only your own change, never the other person’s', async () => {
    const report = await newReport();
    const a = await pages.open(team.drafter, report);
    const b = await pages.open(team.supervisor, report);
    await waitForStatus(a.page, 'saved');
    await caretAtEnd(a.page);
    await a.page.keyboard.insertText('起草人的段落');
    await waitForText(b.page, '起草人的段落');
    await caretAtEnd(b.page);
    await b.page.keyboard.press('Enter');
    await b.page.keyboard.insertText('审核人的段落');
    await waitForText(a.page, '审核人的段落');

    // A's undo button (and Ctrl+Z) removes A's text only.
    await a.page.getByRole('button', { name: '撤销我的上一步修改' }).click();
    await b.page.waitForFunction(() => !document.querySelector('.report-text')?.textContent?.includes('起草人的段落'));
    assert.deepEqual((await blocksOf(a.page)).filter(Boolean), ['审核人的段落']);
    assert.deepEqual((await blocksOf(b.page)).filter(Boolean), ['审核人的段落']);
    await a.page.getByRole('button', { name: '重做' }).click();
    await waitForText(b.page, '起草人的段落');
    await b.page.keyboard.press('Control+z');
    await a.page.waitForFunction(() => !document.querySelector('.report-text')?.textContent?.includes('审核人的段落'));
    assert.deepEqual((await blocksOf(b.page)).filter(Boolean), ['起草人的段落']);
    await waitForStatus(a.page, 'saved');
    await waitForStatus(b.page, 'saved');
    a.assertClean();
    b.assertClean();
  });

  test('a team member who is neither author nor reviewer reads the text but cannot change it', async () => {
    const report = await newReport();
    const a = await pages.open(team.drafter, report);
    await caretAtEnd(a.page);
    await a.page.keyboard.insertText('只有起草人和审核人可以修改这段文字。');
    await waitForStatus(a.page, 'saved');

    const v = await pages.open(team.viewer, report);
    await waitForText(v.page, '只有起草人和审核人可以修改这段文字。');
    await waitForStatus(v.page, 'saved');
    await v.page.getByRole('note').getByText('你不是这份报告的起草人或审核人，只能查看。').waitFor();
    assert.equal(await editor(v.page).getAttribute('contenteditable'), 'false');
    assert.equal(await editor(v.page).getAttribute('aria-readonly'), 'true');
    assert.equal(await v.page.getByRole('toolbar').count(), 0, 'no formatting bar for a reader');
    await v.screenshot('editor-view-only-zh-CN-desktop', { fullPage: false });

    await editor(v.page).click();
    await v.page.keyboard.insertText('篡改');
    await v.page.keyboard.type('再试一次');
    await v.page.keyboard.press('Enter');
    await v.page.keyboard.press('Backspace');
    await v.page.keyboard.press('Control+b');
    await v.page.waitForTimeout(300);
    assert.deepEqual(await blocksOf(v.page), ['只有起草人和审核人可以修改这段文字。']);
    assert.equal((await serverContent(team.drafter.client, report.id)).text, '只有起草人和审核人可以修改这段文字。');
    // Nothing was even sent: no refusal to report.
    assert.equal(await v.page.getByRole('alert').count(), 0);
    assert.equal(await status(v.page).getAttribute('data-status'), 'saved');

    // The viewer still follows the drafter live, caret and all.
    await caretAtEnd(a.page);
    await a.page.keyboard.insertText('后续补充。');
    await waitForText(v.page, '后续补充。', 1_000);
    await v.page.locator('.remote-caret-label', { hasText: '张明' }).waitFor();
    a.assertClean();
    v.assertClean();
  });

  test('headings and lists from the toolbar and the keyboard build the outline, which scrolls to a heading; Chinese characters count one each', async () => {
    const report = await newReport();
    const a = await pages.open(team.drafter, report);
    const { page } = a;
    await waitForStatus(page, 'saved');
    const outline = page.getByRole('navigation', { name: '目录' });
    await outline.getByText('用工具栏的“标题”设置标题后，目录会显示在这里。').waitFor();

    await caretAtEnd(page);
    await page.keyboard.insertText('一、存在问题');
    await page.getByRole('button', { name: '标题 1' }).click();
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('（一）理论学习方面');
    await page.keyboard.press('Control+Alt+2');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('学习不够深入，');
    await page.keyboard.press('Control+b');
    await page.keyboard.insertText('系统性不强');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '项目符号列表' }).click();
    await page.keyboard.insertText('一是学用脱节');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('二是浅尝辄止');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // an empty item leaves the list
    await page.keyboard.press('Control+Shift+7');
    await page.keyboard.insertText('Party 𠮷 2025');

    assert.deepEqual(await outline.getByRole('button').allInnerTexts(), ['一、存在问题', '（一）理论学习方面']);
    assert.equal(await page.getByRole('button', { name: '编号列表' }).getAttribute('aria-pressed'), 'true');
    // 6 + 9 + 7 + 5 + 6 + 6 + 10 ("Party𠮷2025": letters, the one code point 𠮷, digits; spaces not counted).
    const expectedCount = 6 + 9 + 7 + 5 + 6 + 6 + 10;
    const count = page.locator('.char-count');
    assert.equal(await count.getAttribute('data-count'), String(expectedCount));
    assert.equal(await count.innerText(), `字数 ${expectedCount}（不计空格）`);

    await waitForStatus(page, 'saved');
    const stored = await serverContent(team.drafter.client, report.id);
    assert.deepEqual(stored.blocks, [
      { type: 'heading', level: 1, text: '一、存在问题' },
      { type: 'heading', level: 2, text: '（一）理论学习方面' },
      { type: 'paragraph', text: '学习不够深入，系统性不强' },
      { type: 'bulletItem', text: '一是学用脱节' },
      { type: 'bulletItem', text: '二是浅尝辄止' },
      { type: 'orderedItem', text: 'Party 𠮷 2025' },
    ]);
    assert.equal(await editor(page).locator('p strong').innerText(), '系统性不强');

    // A long text pushes a later heading out of view; its outline entry brings it back.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    for (let i = 1; i <= 30; i += 1) {
      await page.keyboard.insertText(`第${i}段：对照检查的内容。`);
      await page.keyboard.press('Enter');
    }
    await page.keyboard.insertText('二、原因剖析');
    await page.keyboard.press('Control+Alt+1');
    for (let i = 1; i <= 20; i += 1) {
      await page.keyboard.press('Enter');
      await page.keyboard.insertText(`剖析第${i}点。`);
    }
    await outline.getByRole('button', { name: '二、原因剖析' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    const heading = editor(page).locator('h1', { hasText: '二、原因剖析' });
    assert.equal(await heading.evaluate((el) => el.getBoundingClientRect().top > window.innerHeight), true);
    await outline.getByRole('button', { name: '二、原因剖析' }).click();
    await page.waitForFunction(
      () => {
        const h = Array.from(document.querySelectorAll('.report-text h1')).find((el) => el.textContent === '二、原因剖析');
        const top = h?.getBoundingClientRect().top ?? -1;
        return top >= 0 && top < window.innerHeight / 2;
      },
      undefined,
      { timeout: 5_000 },
    );
    a.assertClean();
  });

  const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
  const VIEWS: readonly ViewportName[] = ['desktop', 'narrow'];
  for (const language of LANGUAGES) {
    for (const viewport of VIEWS) {
      test(`screenshot: two people editing, ${language}, ${viewport}`, async () => {
        const report = await newReport('2025年度专题民主生活会个人对照检查材料');
        const a = await pages.open(team.drafter, report, { language, viewport });
        const b = await pages.open(team.supervisor, report, { language, viewport });
        await waitForStatus(a.page, 'saved');
        await caretAtEnd(a.page);
        await a.page.keyboard.insertText('一、存在问题');
        await a.page.keyboard.press('Control+Alt+1');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.insertText('（一）理论学习方面');
        await a.page.keyboard.press('Control+Alt+2');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.insertText(
          '一是理论学习缺深度。对照以学铸魂、以学增智、以学正风、以学促干的要求，在全面学习中深化对高质量发展的理解和认识还不够到位，存在急用急学、现用现学的问题。',
        );
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.insertText('二是学用结合不紧密。在坚持学思用贯通、知信行统一上还没有达到最佳效果。');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.insertText('二、原因剖析');
        await a.page.keyboard.press('Control+Alt+1');
        await a.page.keyboard.press('Enter');
        await a.page.getByRole('button', { name: language === 'en' ? 'Numbered list' : '编号列表' }).click();
        await a.page.keyboard.insertText('理想信念有所松懈');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.insertText('宗旨意识有所淡化');
        await waitForText(b.page, '宗旨意识有所淡化');
        // B selects a word in the first point: A sees B's selection and caret.
        await b.page.locator('.report-text p', { hasText: '一是理论学习缺深度' }).dblclick();
        await a.page.locator('.remote-caret-label', { hasText: '李华' }).waitFor();
        await b.page.locator('.remote-caret-label', { hasText: '张明' }).waitFor();
        await waitForStatus(a.page, 'saved');
        await waitForStatus(b.page, 'saved');
        assert.equal(await hasHorizontalOverflow(a.page), false);
        assert.equal(await hasHorizontalOverflow(b.page), false);
        assert.equal(await status(a.page).innerText(), language === 'en' ? 'Saved' : '已保存');
        await a.screenshot(`editor-${language}-${viewport}`, { fullPage: viewport === 'narrow' });
        a.assertClean();
        b.assertClean();
      });
    }
  }
});
