/**
 * Find and replace in the editor, as Word and Docs users expect it: Ctrl+F and Ctrl+H in the
 * editor's area (and only there), full- and half-width forms and capitals found alike, the count
 * and the way from match to match, “replace all” undone in one step, the matches following the
 * co-editor's typing, and “next problem” going from one failed check to the next. A reader can
 * find but not replace.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReportChecksDto, ReportDto } from '@review/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import { type Language, launchBrowser } from '../support/browser.js';
import { addParagraph, closeProvider, eventually, openProvider, textOf } from '../support/collab.js';
import { Fixtures } from '../support/fixtures.js';
import { type StartedServer, startServer } from '../support/server.js';
import {
  caretAtEnd,
  editor,
  type EditorTeam,
  editorTeam,
  ReportPages,
  selectedInEditor,
  selectText,
  serverContent,
  waitForStatus,
  waitForText,
} from './editor-support.js';

/** Three ways of writing the blank “XX”, and a “×××”: all four fail the checks. */
const TEXT = ['在XX方面，理论学习不够深入。', '在ＸＸ方面，联系群众不够紧密。', 'xx同志指出的问题，对照×××的要求逐条整改。'];

const LABELS = {
  'zh-CN': { bar: '查找和替换', find: '查找', replacement: '替换为', none: '无匹配', replaceAll: '全部替换' },
  en: { bar: 'Find and replace', find: 'Find', replacement: 'Replace with', none: 'No matches', replaceAll: 'Replace all' },
} as const;

const findBar = (page: Page, language: Language = 'zh-CN') => page.getByRole('search', { name: LABELS[language].bar });
const findField = (page: Page, language: Language = 'zh-CN') => findBar(page, language).getByRole('textbox', { name: LABELS[language].find, exact: true });
const replaceField = (page: Page, language: Language = 'zh-CN') =>
  findBar(page, language).getByRole('textbox', { name: LABELS[language].replacement, exact: true });

/** The count as shown (“2/3”, “无匹配”), once it reads `shown`. */
async function waitForCount(page: Page, shown: string, language: Language = 'zh-CN'): Promise<void> {
  const count = findBar(page, language).locator('.find-count');
  await page.waitForFunction(
    ({ el, want }) => (el?.querySelector('[aria-hidden="true"]')?.textContent ?? el?.textContent) === want,
    { el: await count.elementHandle(), want: shown },
  );
}

/** The text of each match marked in the editor, and of the current one. */
async function marked(page: Page): Promise<{ all: string[]; current: string[] }> {
  return editor(page).evaluate((root) => ({
    all: [...root.querySelectorAll('.find-match')].map((m) => m.textContent ?? ''),
    current: [...root.querySelectorAll('.find-match.is-current')].map((m) => m.textContent ?? ''),
  }));
}

const focusIn = (locator: Locator) => locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));

/** Whether the last Ctrl+F reached the window with its default (the browser's find) prevented. */
async function recordCtrlF(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.addEventListener('keydown', (e) => {
      if (e.ctrlKey && e.key === 'f') (window as unknown as { ctrlFPrevented: boolean }).ctrlFPrevented = e.defaultPrevented;
    });
  });
}
const ctrlFPrevented = (page: Page) => page.evaluate(() => (window as unknown as { ctrlFPrevented?: boolean }).ctrlFPrevented);

describe('browser: find and replace in the editor', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  let team: EditorTeam;
  let pages: ReportPages;

  /** A draft of the drafter's with TEXT in it, stored on the server, and its failed checks. */
  async function seededReport(): Promise<{ report: ReportDto; checks: ReportChecksDto }> {
    const report = await fx.newReport(team.drafter.client, team.teamId, {
      title: fx.unique('个人对照检查材料 '),
      reviewerId: team.supervisor.user.id,
    });
    const writer = await openProvider(server.url, team.drafter.client, report.id);
    for (const text of TEXT) addParagraph(writer.doc, text);
    await writer.whenSaved();
    closeProvider(writer);
    const checks = (await team.drafter.client.get<ReportChecksDto>(`/reports/${report.id}/checks`)).body;
    return { report, checks };
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

  test('Ctrl+F in the text opens the find bar; “xx” finds XX, ＸＸ and xx; Enter and Shift+Enter go round them; Esc selects the current one', async () => {
    const { report } = await seededReport();
    const tp = await pages.open(team.drafter, report);
    const { page } = tp;
    await waitForStatus(page, 'saved');
    await recordCtrlF(page);

    // Outside the editor's area, Ctrl+F is the browser's.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+f');
    assert.equal(await ctrlFPrevented(page), false, 'the browser keeps its find outside the editor');
    assert.equal(await findBar(page).count(), 0);

    // In the text it opens the find bar, with the focus in the search field.
    await caretAtEnd(page);
    await page.keyboard.press('Control+f');
    await findBar(page).waitFor();
    assert.equal(await ctrlFPrevented(page), true, 'the browser’s find is not opened over the editor');
    assert.equal(await focusIn(findField(page)), true, 'the search field has the focus');

    await page.keyboard.type('xx');
    // The caret was at the end: the current match is the first, round the end.
    await waitForCount(page, '1/3');
    assert.deepEqual(await marked(page), { all: ['XX', 'ＸＸ', 'xx'], current: ['XX'] });
    await findBar(page).getByText('第 1 处，共 3 处').waitFor({ state: 'attached' });
    // Full-width in the search finds the same.
    await findField(page).fill('ＸＸ');
    await waitForCount(page, '1/3');
    await findField(page).fill('（');
    await waitForCount(page, LABELS['zh-CN'].none);
    assert.equal(await findField(page).getAttribute('aria-invalid'), 'true');
    await findField(page).fill('xx');
    await waitForCount(page, '1/3');

    await page.keyboard.press('Enter');
    await waitForCount(page, '2/3');
    assert.deepEqual((await marked(page)).current, ['ＸＸ']);
    assert.equal(await selectedInEditor(page), 'ＸＸ', 'the match is selected in the text');
    assert.equal(await focusIn(findField(page)), true, 'the focus stays in the search field');
    await page.keyboard.press('Enter');
    await waitForCount(page, '3/3');
    assert.equal(await selectedInEditor(page), 'xx');
    await page.keyboard.press('Enter');
    await waitForCount(page, '1/3');
    await page.keyboard.press('Shift+Enter');
    await waitForCount(page, '3/3');
    await findBar(page).getByRole('button', { name: '上一处' }).click();
    await waitForCount(page, '2/3');
    await findBar(page).getByRole('button', { name: '下一处' }).click();
    await waitForCount(page, '3/3');
    // The bar is a row of the sticky bar, above the paper: it covers no text.
    const [barBox, paperBox] = [await findBar(page).boundingBox(), await page.locator('.paper').boundingBox()];
    assert.ok(barBox && paperBox && barBox.y + barBox.height <= paperBox.y, 'the find bar is above the text');
    await tp.screenshot('find-replace-find-zh-CN-desktop', { fullPage: false });

    // Ctrl+F again in the bar selects the search as typed (not the match ＸＸ selected in the text), for typing a new one.
    await findBar(page).getByRole('button', { name: '上一处' }).click();
    await waitForCount(page, '2/3');
    await page.keyboard.press('Control+f');
    assert.equal(await focusIn(findField(page)), true);
    assert.equal(await findField(page).evaluate((el: HTMLInputElement) => el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0)), 'xx');

    // Esc: the bar closes, the marks go, the text has the focus with the current match selected.
    await page.keyboard.press('Escape');
    await findBar(page).waitFor({ state: 'detached' });
    assert.equal(await focusIn(editor(page)), true, 'the text has the focus again');
    await page.waitForFunction(() => window.getSelection()?.toString() === 'ＸＸ');
    assert.deepEqual(await marked(page), { all: [], current: [] });

    // Opened on a short selection, the bar searches for it.
    await selectText(page, '理论学习', { inEditor: true });
    await page.keyboard.press('Control+f');
    assert.equal(await findField(page).inputValue(), '理论学习');
    await waitForCount(page, '1/1');
    await page.keyboard.press('Escape');
    tp.assertClean();
  });

  test('replace all is one edit: it reports how many, and one Ctrl+Z brings every one back', async () => {
    const { report } = await seededReport();
    const tp = await pages.open(team.drafter, report);
    const { page } = tp;
    await waitForStatus(page, 'saved');
    const original = (await serverContent(team.drafter.client, report.id)).text;
    assert.equal(original, TEXT.join('\n'));

    await caretAtEnd(page);
    await page.keyboard.press('Control+h');
    await findBar(page).waitFor();
    assert.equal(await focusIn(findField(page)), true);
    await findField(page).fill('xx');
    await replaceField(page).fill('学习');
    await waitForCount(page, '1/3');
    await tp.screenshot('find-replace-replace-zh-CN-desktop', { fullPage: false });

    await findBar(page).getByRole('button', { name: '全部替换' }).click();
    await findBar(page).getByText('已替换 3 处').waitFor();
    await waitForCount(page, LABELS['zh-CN'].none);
    assert.equal(await focusIn(findField(page)), true, 'the focus goes back to the search, not lost with the disabled button');
    await waitForStatus(page, 'saved');
    const replaced = TEXT.map((t) => t.replace(/XX|ＸＸ|xx/, '学习')).join('\n');
    assert.equal((await serverContent(team.drafter.client, report.id)).text, replaced);

    // One undo step takes back all three.
    await page.keyboard.press('Escape');
    await findBar(page).waitFor({ state: 'detached' });
    // The text takes the focus back on the next frame (Tiptap's focus): undo is typed there.
    await page.waitForFunction(() => document.activeElement?.classList.contains('report-text') === true);
    await page.keyboard.press('Control+z');
    await waitForText(page, '在ＸＸ方面');
    await waitForStatus(page, 'saved');
    assert.equal((await serverContent(team.drafter.client, report.id)).text, original);

    // Replace one at a time: the current match goes, the next one becomes current.
    await page.keyboard.press('Control+h');
    await findField(page).fill('×××');
    await waitForCount(page, '1/1');
    await replaceField(page).fill('党章');
    await findBar(page).getByRole('button', { name: '替换', exact: true }).click();
    await waitForCount(page, LABELS['zh-CN'].none);
    await findField(page).fill('xx');
    await page.waitForFunction(() => document.querySelectorAll('.report-text .find-match').length === 3);
    for (let i = 0; i < 3 && (await marked(page)).current[0] !== 'XX'; i++) await findField(page).press('Enter');
    await waitForCount(page, '1/3');
    await replaceField(page).fill('');
    await replaceField(page).press('Enter');
    await waitForCount(page, '1/2');
    assert.deepEqual((await marked(page)).current, ['ＸＸ']);
    await waitForStatus(page, 'saved');
    assert.equal((await serverContent(team.drafter.client, report.id)).text, ['在方面，理论学习不够深入。', TEXT[1], 'xx同志指出的问题，对照党章的要求逐条整改。'].join('\n'));
    tp.assertClean();
  });

  test('in a long report, going to a match brings it on screen below the sticky bar', async () => {
    const report = await fx.newReport(team.drafter.client, team.teamId, { title: fx.unique('长报告 '), reviewerId: team.supervisor.user.id });
    const writer = await openProvider(server.url, team.drafter.client, report.id);
    for (let i = 1; i <= 60; i++) {
      addParagraph(writer.doc, `第${i}段：对照党章党规，认真查找${i === 3 || i === 57 ? 'XX' : '工作'}方面存在的差距和不足，明确今后努力的方向。`);
    }
    await writer.whenSaved();
    closeProvider(writer);
    const tp = await pages.open(team.drafter, report);
    const { page } = tp;
    await waitForStatus(page, 'saved');
    await editor(page).locator('p').first().click();
    await page.keyboard.press('Control+f');
    await page.keyboard.type('xx');
    await waitForCount(page, '1/2');
    await page.keyboard.press('Enter');
    await waitForCount(page, '2/2');
    const place = await page.evaluate(() => {
      const match = document.querySelector('.report-text .find-match.is-current')?.getBoundingClientRect();
      const bar = document.querySelector('.editor-bar')?.getBoundingClientRect();
      return { top: match?.top ?? -1, bottom: match?.bottom ?? -1, barBottom: bar?.bottom ?? -1, height: window.innerHeight };
    });
    assert.ok(place.top >= place.barBottom && place.bottom <= place.height, `the match is on screen below the bar: ${JSON.stringify(place)}`);
    tp.assertClean();
  });

  test('the matches follow the co-editor’s typing, and the current match stays the one the user was at', async () => {
    const { report } = await seededReport();
    const tp = await pages.open(team.drafter, report);
    const { page } = tp;
    await waitForStatus(page, 'saved');
    await caretAtEnd(page);
    await page.keyboard.press('Control+f');
    await page.keyboard.type('xx');
    await waitForCount(page, '1/3');
    await page.keyboard.press('Enter');
    await waitForCount(page, '2/3');

    // The supervisor writes another XX before it, and one in a new paragraph.
    const coEditor = await openProvider(server.url, team.supervisor.client, report.id);
    try {
      textOf(coEditor.doc, 0).insert(0, 'ＸＸ，');
      await waitForCount(page, '3/4');
      assert.deepEqual((await marked(page)).current, ['ＸＸ']);
      addParagraph(coEditor.doc, '请补充XX的具体事例。');
      await waitForCount(page, '3/5');
      // Deleting the current match: the next one becomes current.
      textOf(coEditor.doc, 1).delete(1, 2);
      await waitForCount(page, '3/4');
      assert.deepEqual((await marked(page)).current, ['xx']);
      await coEditor.whenSaved();
    } finally {
      closeProvider(coEditor);
    }
    tp.assertClean();
  });

  test('“next problem” (F8, or its button) goes from one failed check to the next, round the end', async () => {
    const { report, checks } = await seededReport();
    assert.deepEqual(
      checks.problems.map((p) => `${p.kind} ${p.text}`),
      ['placeholder XX', 'placeholder ＸＸ', 'placeholder xx', 'placeholder ×××'],
    );
    const tp = await pages.open(team.drafter, report);
    const { page } = tp;
    await waitForStatus(page, 'saved');
    await page.waitForFunction(() => document.querySelectorAll('.report-text .check-mark').length === 4);

    const selection = () => page.evaluate(() => window.getSelection()?.toString());
    await caretAtEnd(page);
    for (const expected of ['XX', 'ＸＸ', 'xx', '×××', 'XX']) {
      await page.keyboard.press('F8');
      await page.waitForFunction((text) => window.getSelection()?.toString() === text, expected);
    }
    assert.equal(await focusIn(editor(page)), true, 'the text keeps the focus, so typing fills the blank');
    await page.keyboard.press('Shift+F8');
    await page.waitForFunction(() => window.getSelection()?.toString() === '×××');

    // The find bar's button does the same, and counts where the user is.
    await page.keyboard.press('Control+f');
    const button = findBar(page).getByRole('button', { name: /下一个问题/ });
    assert.equal(await button.locator('.find-problem-count').getAttribute('data-current'), '4');
    assert.equal(await button.locator('.find-problem-count [aria-hidden="true"]').innerText(), '4/4');
    await button.click();
    await page.waitForFunction(() => window.getSelection()?.toString() === 'XX');
    await button.locator('.find-problem-count[data-current="1"]').waitFor();
    await button.click();
    assert.equal(await selection(), 'ＸＸ');

    // Filled in, a blank is no longer a stop.
    await page.keyboard.type('群众工作');
    await waitForStatus(page, 'saved');
    await button.locator('.find-problem-count[data-count="3"]').waitFor();
    await tp.screenshot('find-replace-problems-zh-CN-desktop', { fullPage: false });
    tp.assertClean();
  });

  test('a team member who may only read can find, but not replace', async () => {
    const { report } = await seededReport();
    const original = (await serverContent(team.drafter.client, report.id)).text;
    const tp = await pages.open(team.viewer, report, { viewport: 'narrow' });
    const { page } = tp;
    await waitForStatus(page, 'saved');
    assert.equal(await editor(page).getAttribute('contenteditable'), 'false');

    // No formatting bar for a reader, but the find button is there.
    const open = page.getByRole('button', { name: '查找和替换' });
    await open.click();
    await findBar(page).waitFor();
    assert.equal(await focusIn(findField(page)), true);
    await page.keyboard.type('XX');
    await waitForCount(page, '1/3');
    await page.keyboard.press('Enter');
    await waitForCount(page, '2/3');
    assert.equal(await selectedInEditor(page), 'ＸＸ');

    // Neither the replace row nor a way to open it.
    assert.equal(await findBar(page).getByRole('button', { name: '显示替换' }).count(), 0);
    await page.keyboard.press('Control+h');
    assert.equal(await replaceField(page).count(), 0);
    assert.equal(await findBar(page).getByRole('button', { name: LABELS['zh-CN'].replaceAll }).count(), 0);
    await tp.screenshot('find-replace-view-only-zh-CN-narrow', { fullPage: false });

    // The text cannot take the focus; the button that opened the bar does.
    await page.keyboard.press('Escape');
    await findBar(page).waitFor({ state: 'detached' });
    assert.equal(await focusIn(open), true);
    assert.equal((await serverContent(team.drafter.client, report.id)).text, original);
    tp.assertClean();
  });

  test('in the English interface', async () => {
    const { report } = await seededReport();
    const tp = await pages.open(team.drafter, report, { language: 'en' });
    const { page } = tp;
    await waitForStatus(page, 'saved');
    await caretAtEnd(page);
    await page.keyboard.press('Control+h');
    await findBar(page, 'en').waitFor();
    await page.keyboard.type('ｘｘ');
    await waitForCount(page, '1/3', 'en');
    await findBar(page, 'en').getByText('1 of 3').waitFor({ state: 'attached' });
    await replaceField(page, 'en').waitFor();
    await findBar(page, 'en').getByRole('button', { name: 'Next problem' }).waitFor();
    await tp.screenshot('find-replace-replace-en-desktop', { fullPage: false });
    await findField(page, 'en').fill('zz');
    await waitForCount(page, LABELS.en.none, 'en');
    await eventually(async () => (await marked(page)).all.length === 0, 2_000, 'no marks without matches');
    tp.assertClean();
  });
});
