import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ImportedReportDto, ReportContentDto, ReportDto, SignatureDto } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import { hasHorizontalOverflow, type Language, launchBrowser, TestPage, type ViewportName } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { repoRoot, type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';
import { editor, type EditorTeam, editorTeam } from './editor-support.js';

const REPORT_ID = /\/reports\/([0-9a-f-]{36})$/;
const SAMPLE_NAME = 'leading-by-example-inspection.txt';
const SAMPLE = path.join(repoRoot, 'test', 'fixtures', 'reports', SAMPLE_NAME);
const SAMPLE_TITLE = '市农业农村局党组书记2023年度民主生活会个人对照检查材料';

/** The sample's outline: its five 五个带头 aspects are （n） paragraphs of 65–98 characters of their own. */
const OUTLINE: [number, string][] = [
  [1, '一、存在的突出问题'],
  [2, '（一）带头坚定理想信念，始终把学习贯彻党的创新理论作为首要政治任务，做到学思用贯通、知信行统一，不断提高政治判断力、政治领悟力、政治执行力方面'],
  [2, '（二）带头坚持和加强党的全面领导，严格执行请示报告制度，自觉在思想上政治上行动上同党中央保持高度一致，确保各项决策部署在分管领域落地见效方面'],
  [
    2,
    '（三）带头担当作为、真抓实干，坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，在推动乡村振兴、优化营商环境、防范化解重大风险和应对突发自然灾害中敢于碰硬、善于破题，以实绩实效检验工作成效方面',
  ],
  [2, '（四）带头践行以人民为中心的发展思想，坚持问需于民、问计于民，聚焦群众急难愁盼问题办实事、解难题，切实把好事办好、把实事办实方面'],
  [2, '（五）带头落实全面从严治党政治责任，严格执行中央八项规定及其实施细则精神，管好自己、管好家属、管好身边工作人员，始终保持清正廉洁的政治本色方面'],
  [1, '二、问题产生的原因'],
  [1, '三、整改措施'],
];

/** What only the sign-off page of an approved report's export says. */
const SIGN_OFF_LINES = ['签批人', '签批时间', '签批含义', '版本号', '内容哈希', '审计锚点', '服务器签名'];

/** Headings of the text on screen as [level, text]. */
async function editorHeadings(page: Page): Promise<[number, string][]> {
  return editor(page).evaluate((root) =>
    Array.from(root.querySelectorAll('h1, h2, h3'), (h) => [Number(h.tagName.slice(1)), h.textContent ?? ''] as [number, string]),
  );
}

describe('browser: what an import recognises in a file', () => {
  let server: StartedServer;
  let browser: Browser;
  let team: EditorTeam;
  const pages: TestPage[] = [];

  async function open(options: { language?: Language; viewport?: ViewportName } = {}): Promise<TestPage> {
    const tp = await TestPage.open(browser, server.url, options);
    pages.push(tp);
    const { username } = team.drafter.user;
    await tp.signIn(username, `pw-${username}`);
    return tp;
  }

  /** Opens the import dialog, chooses the file and imports it; the dialog is left open. */
  async function importThroughDialog(tp: TestPage, file: string | { name: string; mimeType: string; buffer: Buffer }, zh = true) {
    const { page } = tp;
    // The page's own button (a new user's empty list may show a second one once it has loaded).
    await page.getByRole('button', { name: zh ? '导入报告' : 'Import' }).first().click();
    const dialog = page.getByRole('dialog', { name: zh ? '导入报告' : 'Import a report' });
    await dialog.waitFor();
    await page.waitForFunction(() => !document.querySelector<HTMLSelectElement>('select[name="reviewerId"]')?.disabled);
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await dialog.getByRole('button', { name: zh ? '导入并打开' : 'Import and open' }).click();
    return dialog;
  }

  /** The drafter's sample report, submitted and approved by the supervisor, exported by the server as .docx. */
  async function approvedExport(): Promise<{ id: string; docx: Buffer; signature: SignatureDto }> {
    const { drafter, supervisor } = team;
    const form = new FormData();
    form.set('teamId', team.teamId);
    form.set('reviewerId', supervisor.user.id);
    form.set('file', new Blob([readFileSync(SAMPLE)]), SAMPLE_NAME);
    const res = await fetch(`${server.url}/api/reports/import`, { method: 'POST', headers: { cookie: drafter.client.cookie ?? '' }, body: form });
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as ImportedReportDto;
    assert.equal((await transition(drafter.client, id, 'submit')).status, 200);
    const approved = await transition(supervisor.client, id, 'approve', {}, { password: `pw-${supervisor.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const [signature] = (await drafter.client.get<SignatureDto[]>(`/reports/${id}/signatures`)).body;
    assert.ok(signature);
    const exported = await fetch(`${server.url}/api/reports/${id}/export.docx`, { headers: { cookie: drafter.client.cookie ?? '' } });
    assert.equal(exported.status, 200);
    return { id, docx: Buffer.from(await exported.arrayBuffer()), signature };
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    team = await editorTeam(await Fixtures.create(server.url));
  });
  after(async () => {
    for (const tp of pages) await tp.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  test('a report whose （一）… aspects are long paragraphs of their own opens with them as level-2 headings in the text and the outline', async () => {
    const tp = await open();
    const { page } = tp;
    await importThroughDialog(tp, SAMPLE);

    await page.waitForURL(REPORT_ID, { timeout: 15_000 });
    const id = REPORT_ID.exec(page.url())?.[1] ?? '';
    await page.getByRole('heading', { level: 1, name: SAMPLE_TITLE }).waitFor();
    await editor(page).locator('h1', { hasText: '三、整改措施' }).waitFor();
    assert.deepEqual(await editorHeadings(page), OUTLINE);
    // The body under an aspect stays body text, and so do the numbered measures, which follow one another.
    await editor(page).locator('p', { hasText: /^对照检查，我在理论武装上还存在三个方面的差距。$/ }).waitFor();
    for (const measure of ['（一）坚持把理论学习摆在首位', '（二）坚持以上率下抓落实', '（三）坚持把群众满意作为工作标准']) {
      assert.equal(await editor(page).locator('p', { hasText: measure }).count(), 1, measure);
    }

    await page.getByRole('tab', { name: '目录' }).click();
    const outline = page.getByRole('navigation', { name: '目录' });
    await outline.getByRole('button', { name: '三、整改措施' }).waitFor();
    assert.deepEqual(await outline.locator('.outline-link').allInnerTexts(), OUTLINE.map(([, text]) => text));
    assert.deepEqual(await outline.locator('.outline-item').evaluateAll((items) => items.map((li) => li.className)), [
      'outline-item outline-level-1',
      ...Array(5).fill('outline-item outline-level-2'),
      'outline-item outline-level-1',
      'outline-item outline-level-1',
    ]);
    assert.equal(await hasHorizontalOverflow(page), false);
    await tp.screenshot('import-structure-long-headings-zh-CN-desktop', { fullPage: false });

    // Choosing a long heading in the outline goes to it.
    await outline.getByRole('button', { name: OUTLINE[3]?.[1] }).click();
    await page.waitForFunction(
      (text) => {
        const h = Array.from(document.querySelectorAll('.report-text h2')).find((el) => el.textContent === text);
        const box = h?.getBoundingClientRect();
        return box !== undefined && box.top >= 0 && box.top < window.innerHeight;
      },
      OUTLINE[3]?.[1],
    );

    const content = (await team.drafter.client.get<ReportContentDto>(`/reports/${id}/content`)).body;
    assert.deepEqual(
      content.blocks.filter((b) => b.type === 'heading').map((b) => [b.level, b.text]),
      OUTLINE,
    );
    tp.assertClean();
  });

  test('re-importing the Word export of an approved report: the dialog says the sign-off page was left out, and the new draft has none of it', async () => {
    const original = await approvedExport();
    const tp = await open();
    const { page } = tp;
    const dialog = await importThroughDialog(tp, { name: `${SAMPLE_TITLE}.docx`, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: original.docx });

    const notice = dialog.getByRole('status').filter({ hasText: '已略去导出文件中的签批页' });
    await notice.waitFor({ timeout: 15_000 });
    assert.match(await notice.innerText(), /报告已导入，是一份新的草稿。\s*已略去导出文件中的签批页：签批属于原报告已批准的版本，新报告需要重新审核签批。/);
    const openButton = dialog.getByRole('button', { name: '打开报告' });
    assert.equal(await openButton.evaluate((el) => el === document.activeElement), true, 'the way on has the focus');
    assert.equal(new URL(page.url()).pathname, '/', 'the report does not open before the user has read the notice');
    await tp.screenshot('import-structure-sign-off-left-out-zh-CN-desktop', { fullPage: false });

    await openButton.click();
    await page.waitForURL(REPORT_ID);
    const id = REPORT_ID.exec(page.url())?.[1] ?? '';
    assert.notEqual(id, original.id);
    await page.getByRole('heading', { level: 1, name: SAMPLE_TITLE }).waitFor();
    const closing = editor(page).locator('p', { hasText: /^以上对照检查，不妥之处，恳请各位同志批评指正。$/ });
    await closing.waitFor();
    assert.deepEqual(await editorHeadings(page), OUTLINE);
    const text = await editor(page).innerText();
    assert.ok(text.trimEnd().endsWith('以上对照检查，不妥之处，恳请各位同志批评指正。'), text.slice(-80));
    for (const line of [...SIGN_OFF_LINES, original.signature.contentHash]) assert.ok(!text.includes(line), line);
    await page.locator('.badge.state-draft', { hasText: '草稿' }).first().waitFor();
    // The end of the text: the closing paragraph is the last thing on the sheet.
    await closing.scrollIntoViewIfNeeded();
    await tp.screenshot('import-structure-sign-off-left-out-report-zh-CN-desktop', { fullPage: false });

    const report = (await team.drafter.client.get<ReportDto>(`/reports/${id}`)).body;
    assert.deepEqual([report.state, report.title], ['draft', SAMPLE_TITLE]);
    const content = (await team.drafter.client.get<ReportContentDto>(`/reports/${id}/content`)).body;
    const originalContent = (await team.drafter.client.get<ReportContentDto>(`/reports/${original.id}/content`)).body;
    assert.deepEqual(content.blocks, originalContent.blocks);
    tp.assertClean();
  });

  test('the notice reads well in English on a narrow screen, and closing it leaves the new report in the list', async () => {
    const original = await approvedExport();
    const tp = await open({ language: 'en', viewport: 'narrow' });
    const { page } = tp;
    const dialog = await importThroughDialog(tp, { name: 'approved.docx', mimeType: 'application/octet-stream', buffer: original.docx }, false);
    const notice = dialog.getByRole('status').filter({ hasText: 'The sign-off page of the exported file was left out' });
    await notice.waitFor({ timeout: 15_000 });
    assert.match(await notice.innerText(), /The report was imported as a new draft\./);
    assert.equal(await hasHorizontalOverflow(page), false);
    await tp.screenshot('import-structure-sign-off-left-out-en-narrow', { fullPage: false });

    await dialog.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).pathname, '/');
    await page.locator('.report-table tbody tr', { hasText: SAMPLE_TITLE }).first().waitFor();
    tp.assertClean();
  });
});
