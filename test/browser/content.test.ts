import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ReportChecksDto, ReportContentDto, ReportDto, TemplateDto } from '@review/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import { hasHorizontalOverflow, type Language, launchBrowser, TestPage, type ViewportName } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { repoRoot, type StartedServer, startServer } from '../support/server.js';
import { editor, type EditorTeam, editorTeam, openReport } from './editor-support.js';

const REPORT_ID = /\/reports\/([0-9a-f-]{36})$/;
const SAMPLE = path.join(repoRoot, 'test', 'fixtures', 'reports', 'democratic-life-meeting-outline.txt');
/** The sample's title line, and its size as the import dialog shows it (zh-CN, one decimal). */
const SAMPLE_TITLE = '2024年度专题民主生活会个人对照检查材料';
const SAMPLE_SIZE = `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(statSync(SAMPLE).size / 1024)} KB`;

/** The outline of the 对照检查材料 template and of the democratic-life-meeting sample alike. */
const DEMOCRATIC_OUTLINE = [
  [1, '一、存在问题'],
  [2, '（一）理论学习方面'],
  [2, '（二）政治素养方面'],
  [2, '（三）能力本领方面'],
  [2, '（四）担当作为方面'],
  [2, '（五）工作作风方面'],
  [2, '（六）廉洁自律方面'],
  [1, '二、原因剖析'],
  [1, '三、整改措施'],
] as const;

/** Headings of the text on screen as [level, text]. */
async function editorHeadings(page: Page): Promise<[number, string][]> {
  return editor(page).evaluate((root) =>
    Array.from(root.querySelectorAll('h1, h2, h3'), (h) => [Number(h.tagName.slice(1)), h.textContent ?? ''] as [number, string]),
  );
}

/** The file field's error message. */
const fileMessage = (dialog: Locator) => dialog.locator('.field:has(input[type="file"]) .field-error');

describe('browser: report templates and import', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  let team: EditorTeam;
  const pages: TestPage[] = [];

  async function open(options: { language?: Language; viewport?: ViewportName } = {}): Promise<TestPage> {
    const tp = await TestPage.open(browser, server.url, options);
    pages.push(tp);
    const { username } = team.drafter.user;
    await tp.signIn(username, `pw-${username}`);
    return tp;
  }

  const reportsOfTeam = async () =>
    (await team.drafter.client.get<ReportDto[]>(`/reports?teamId=${team.teamId}`)).body.map((r) => r.id).sort();

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

  test('a new report from 对照检查材料 opens with the template’s sections in the text and the outline', async () => {
    const tp = await open();
    const { page } = tp;
    await page.getByRole('button', { name: '新建报告' }).first().click();
    const dialog = page.getByRole('dialog', { name: '新建报告' });
    await dialog.waitFor();

    // The templates, blank first and chosen.
    const group = dialog.getByRole('group', { name: '模板' });
    const radios = group.getByRole('radio');
    await radios.first().waitFor();
    assert.deepEqual(
      await group.locator('.template-name').allInnerTexts(),
      ['空白报告', '对照检查材料', '学习体会及问题检视', '党性分析报告'],
    );
    assert.equal(await group.getByRole('radio', { name: /空白报告/ }).isChecked(), true);
    assert.match(await group.locator('.template-option', { hasText: '对照检查材料' }).innerText(), /存在问题.*原因剖析.*整改措施/);

    // Keyboard: from the title, Tab reaches the chosen template and the arrow keys change it; the
    // template's suggested title fills the empty title field.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'title');
    await page.keyboard.press('Tab');
    assert.equal(await group.getByRole('radio', { name: /空白报告/ }).evaluate((el) => el === document.activeElement), true);
    await page.keyboard.press('ArrowDown');
    const inspection = group.getByRole('radio', { name: /对照检查材料/ });
    assert.equal(await inspection.isChecked(), true);
    const title = dialog.getByLabel('报告标题');
    assert.equal(await title.inputValue(), '×××同志××××年度民主生活会个人对照检查材料');
    await dialog.getByText('已填入模板的建议标题').waitFor();
    await tp.screenshot('content-new-report-dialog-zh-CN-desktop', { fullPage: false });

    await title.fill('张明同志2025年度民主生活会个人对照检查材料');
    // A typed title stays when the template changes.
    await group.getByRole('radio', { name: /党性分析报告/ }).check();
    assert.equal(await title.inputValue(), '张明同志2025年度民主生活会个人对照检查材料');
    await inspection.check();
    await dialog.getByRole('button', { name: '创建并打开' }).click();

    await page.waitForURL(REPORT_ID);
    const id = REPORT_ID.exec(page.url())?.[1] ?? '';
    await page.getByRole('heading', { level: 1, name: '张明同志2025年度民主生活会个人对照检查材料' }).waitFor();
    await editor(page).locator('h1', { hasText: '三、整改措施' }).waitFor();
    assert.deepEqual(await editorHeadings(page), DEMOCRATIC_OUTLINE);
    // The template's blanks are there to fill in.
    await editor(page).locator('p', { hasText: '一是XX。二是XX。三是XX。' }).first().waitFor();

    // The outline tab lists the same headings.
    const outlineTab = page.getByRole('tab', { name: '目录' });
    await outlineTab.click();
    const outline = page.getByRole('navigation', { name: '目录' });
    await outline.getByRole('button', { name: '三、整改措施' }).waitFor();
    assert.deepEqual(await outline.locator('.outline-link').allInnerTexts(), DEMOCRATIC_OUTLINE.map(([, text]) => text));

    // The server holds the same content (the editor did not seed it).
    const content = (await team.drafter.client.get<ReportContentDto>(`/reports/${id}/content`)).body;
    assert.deepEqual(
      content.blocks.filter((b) => b.type === 'heading').map((b) => [b.level, b.text]),
      DEMOCRATIC_OUTLINE,
    );
    tp.assertClean();
  });

  test('importing the democratic-life-meeting sample through the dialog opens it with its title and heading levels', async () => {
    const tp = await open();
    const { page } = tp;
    await page.getByRole('button', { name: '导入报告' }).click();
    const dialog = page.getByRole('dialog', { name: '导入报告' });
    await dialog.waitFor();
    await dialog.getByText('支持 .docx、.txt、.md 文件，不超过 2 MB。').waitFor();
    assert.equal(await dialog.getByLabel('报告标题（可不填）').getAttribute('placeholder'), '不填则使用文档中的标题');
    await page.waitForFunction(() => !document.querySelector<HTMLSelectElement>('select[name="reviewerId"]')?.disabled);
    assert.match(await dialog.getByLabel('审核人').locator('option:checked').innerText(), /^李华/);

    await dialog.locator('input[type="file"]').setInputFiles(SAMPLE);
    await dialog.locator('.chosen-file-name', { hasText: 'democratic-life-meeting-outline.txt' }).waitFor();
    await dialog.locator('.chosen-file-size', { hasText: new RegExp(`^${SAMPLE_SIZE.replace('.', '\\.')}$`) }).waitFor();
    await tp.screenshot('content-import-dialog-file-zh-CN-desktop', { fullPage: false });
    await dialog.getByRole('button', { name: '导入并打开' }).click();

    await page.waitForURL(REPORT_ID, { timeout: 15_000 });
    const id = REPORT_ID.exec(page.url())?.[1] ?? '';
    // The title comes from the document's first line; it is the report's title, not part of the text.
    await page.getByRole('heading', { level: 1, name: SAMPLE_TITLE }).waitFor();
    await editor(page).locator('h1', { hasText: '三、整改措施' }).waitFor();
    assert.deepEqual(await editorHeadings(page), DEMOCRATIC_OUTLINE);
    const text = await editor(page).innerText();
    assert.ok(text.startsWith('根据党委关于开好本年度专题民主生活会的部署'), text.slice(0, 60));
    assert.ok(!text.includes(SAMPLE_TITLE), 'the title is not repeated in the text');
    assert.ok(!text.includes('本文档编辑密码'), 'the stray password line is dropped');
    assert.match(await page.locator('.report-meta').innerText(), /审核人\s+李华/);

    const report = (await team.drafter.client.get<ReportDto>(`/reports/${id}`)).body;
    assert.equal(report.reviewerId, team.supervisor.user.id);

    // The Word export of what was imported is one GET away, named after the title.
    const res = await fetch(`${server.url}/api/reports/${id}/export.docx`, { headers: { cookie: team.drafter.client.cookie ?? '' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /wordprocessingml/);
    const disposition = res.headers.get('content-disposition') ?? '';
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '';
    assert.equal(decodeURIComponent(encoded), `${report.title}.docx`);
    tp.assertClean();
  });

  test('bad files are refused next to the file field, in plain words, and create nothing', async () => {
    const before = await reportsOfTeam();
    const tp = await open();
    const { page } = tp;
    const imports: string[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('/api/reports/import')) imports.push(req.method());
    });
    await page.getByRole('button', { name: '导入报告' }).click();
    const dialog = page.getByRole('dialog', { name: '导入报告' });
    const input = dialog.locator('input[type="file"]');
    const submit = dialog.getByRole('button', { name: '导入并打开' });

    // Nothing chosen.
    await submit.click();
    await fileMessage(dialog).filter({ hasText: '请选择要导入的文件。' }).waitFor();

    // An empty .txt is refused as soon as it is chosen, without an upload.
    await input.setInputFiles({ name: '空白.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await fileMessage(dialog).filter({ hasText: '这个文件是空的，没有可以导入的内容。' }).waitFor();
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    await submit.click();
    await fileMessage(dialog).filter({ hasText: '这个文件是空的' }).waitFor();

    // A kind the server does not read, and an old Word file.
    await input.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') });
    await fileMessage(dialog).filter({ hasText: '不能导入这种文件。请选择 Word（.docx）或文本（.txt、.md）文件。' }).waitFor();
    await input.setInputFiles({ name: '旧材料.doc', mimeType: 'application/msword', buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]) });
    await fileMessage(dialog).filter({ hasText: '另存为' }).waitFor();

    // Too large: the limit is named.
    await input.setInputFiles({ name: '很大.txt', mimeType: 'text/plain', buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 0x41) });
    await fileMessage(dialog).filter({ hasText: '文件超过 2 MB，不能导入。' }).waitFor();
    assert.deepEqual(imports, [], 'no file the app can judge itself is uploaded');

    // Small binaries with a text extension: the server reads and refuses them; the reason is shown in Chinese.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    await input.setInputFiles({ name: '截图.txt', mimeType: 'text/plain', buffer: png });
    await dialog.locator('.chosen-file-name', { hasText: '截图.txt' }).waitFor();
    assert.equal(await fileMessage(dialog).count(), 0);
    await submit.click();
    await fileMessage(dialog).filter({ hasText: '这不是文本文件，不能导入。' }).waitFor();
    const noise = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256));
    await input.setInputFiles({ name: '报告.txt', mimeType: 'text/plain', buffer: noise });
    await submit.click();
    await fileMessage(dialog).filter({ hasText: '读不出这个文件里的文字：它可能不是文本文件' }).waitFor();
    assert.deepEqual(imports, ['POST', 'POST']);
    assert.deepEqual(
      tp.apiRejections.filter((line) => line.includes('/import')),
      ['400 POST /api/reports/import', '400 POST /api/reports/import'],
    );
    assert.equal(await submit.isEnabled(), true);
    assert.equal(new URL(page.url()).pathname, '/');
    await tp.screenshot('content-import-dialog-error-zh-CN-desktop', { fullPage: false });

    // Dropping a file anywhere on the dialog chooses it.
    await dialog.locator('form').evaluate((form) => {
      const data = new DataTransfer();
      data.items.add(new File(['一、存在问题\n理论学习不够深入。'], '拖进来的.md', { type: 'text/markdown' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        form.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    });
    await dialog.locator('.chosen-file-name', { hasText: '拖进来的.md' }).waitFor();
    assert.equal(await fileMessage(dialog).count(), 0);

    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await reportsOfTeam(), before, 'no report was created');
    tp.assertClean();
  });

  /** A report of the drafter's made from the 对照检查材料 template through the API, with its checks. */
  async function inspectionReport(title: string): Promise<{ report: ReportDto; checks: ReportChecksDto }> {
    const { client } = team.drafter;
    const templates = (await client.get<TemplateDto[]>('/templates')).body;
    const template = templates.find((t) => t.name === '对照检查材料');
    assert.ok(template, 'the 对照检查材料 template exists');
    const res = await client.post<ReportDto>('/reports', {
      teamId: team.teamId,
      title,
      template: template.id,
      reviewerId: team.supervisor.user.id,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const checks = (await client.get<ReportChecksDto>(`/reports/${res.body.id}/checks`)).body;
    return { report: res.body, checks };
  }

  test('the author of a report from 对照检查材料 sees the failed checks, finds each in the text, and can export it', async () => {
    const { report, checks } = await inspectionReport('张明同志2025年度民主生活会个人对照检查材料（检查）');
    assert.ok(checks.problems.length > 0, 'the template has blanks to fill in');
    const tp = await openReport(browser, server.url, team.drafter, report.id);
    const { page } = tp;

    // The state bar counts the problems next to the submit button, without blocking it.
    const bar = page.getByRole('region', { name: '审核流程' });
    const count = bar.locator('.checks-status');
    await count.filter({ hasText: `${checks.problems.length} 项检查未通过` }).waitFor();
    assert.equal(await bar.locator('[data-action="submit"]').isEnabled(), true);

    // Wavy underlines in the text, on the placeholders.
    await editor(page).locator('.check-mark').first().waitFor();
    assert.ok((await editor(page).locator('.check-mark.check-placeholder').count()) > 0);

    // The count opens the 检查 tab, which lists the problems in plain words.
    await count.click();
    const tab = page.getByRole('tab', { name: /检查/ });
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    assert.equal(await tab.locator('.tab-count').innerText(), String(checks.problems.length));
    const items = page.locator('.checks-list .check-item');
    await items.first().waitFor();
    assert.equal(await items.count(), checks.problems.length);
    const first = checks.problems.find((p) => p.kind === 'placeholder');
    assert.ok(first, 'a placeholder problem');
    const item = page.locator(`.check-item-placeholder[data-block="${first.block}"]`).first();
    assert.match(await item.innerText(), new RegExp(`未填写的占位符 “${first.text}”`));

    // Choosing one selects its placeholder in the text (typing would replace it).
    await item.click();
    await page.waitForFunction((text) => window.getSelection()?.toString() === text, first.text);
    assert.equal(await page.evaluate(() => window.getSelection()?.toString()), first.text);
    assert.equal(await editor(page).evaluate((root) => root.contains(document.activeElement)), true, 'the editor has the focus');

    // Word export: a real link to the file, for everyone who can see the report.
    const exportLink = page.locator('a[data-export]');
    assert.equal(await exportLink.getAttribute('href'), `/api/reports/${report.id}/export.docx`);
    assert.match(await exportLink.innerText(), /导出 Word/);
    tp.assertClean();
  });

  for (const language of ['zh-CN', 'en'] as const) {
    for (const viewport of ['desktop', 'narrow'] as const) {
      test(`the report page with the checks open fits and reads well (${language}, ${viewport})`, async () => {
        const { report, checks } = await inspectionReport(`张明同志2025年度民主生活会个人对照检查材料（${language} ${viewport}）`);
        const tp = await openReport(browser, server.url, team.drafter, report.id, { language, viewport });
        const { page } = tp;
        const zh = language === 'zh-CN';
        const n = checks.problems.length;
        const count = page.locator('.state-bar .checks-status');
        await count.filter({ hasText: zh ? `${n} 项检查未通过` : `${n} checks need attention` }).waitFor();
        await editor(page).locator('.check-mark').first().waitFor();
        await page.locator('a[data-export]', { hasText: zh ? '导出 Word' : 'Export to Word' }).waitFor();
        await count.click();
        await page.locator('.checks-list .check-item').first().waitFor();
        if (viewport === 'desktop') {
          assert.equal(await page.getByRole('tab', { name: zh ? /检查/ : /Checks/ }).getAttribute('aria-selected'), 'true');
        } else {
          assert.equal(await page.locator('details.checks-collapsible').getAttribute('open'), '');
        }
        assert.equal(await hasHorizontalOverflow(page), false);
        await tp.screenshot(`content-checks-${language}-${viewport}`, { fullPage: viewport === 'narrow' });
        tp.assertClean();
      });
    }
  }

  for (const language of ['zh-CN', 'en'] as const) {
    for (const viewport of ['desktop', 'narrow'] as const) {
      test(`the new-report and import dialogs fit and read well (${language}, ${viewport})`, async () => {
        const tp = await open({ language, viewport });
        const { page } = tp;
        const zh = language === 'zh-CN';
        await page.locator('.report-table tbody tr, .empty-state').first().waitFor();
        assert.equal(await hasHorizontalOverflow(page), false);
        await tp.screenshot(`content-dashboard-${language}-${viewport}`, { fullPage: false });

        await page.getByRole('button', { name: zh ? '新建报告' : 'New report' }).first().click();
        let dialog = page.getByRole('dialog', { name: zh ? '新建报告' : 'New report' });
        const group = dialog.getByRole('group', { name: zh ? '模板' : 'Template' });
        await group.getByRole('radio').first().waitFor();
        await group.getByRole('radio', { name: /对照检查材料/ }).check();
        assert.equal(await hasHorizontalOverflow(page), false);
        await tp.screenshot(`content-new-report-${language}-${viewport}`, { fullPage: false });
        await dialog.getByRole('button', { name: zh ? '取消' : 'Cancel' }).click();
        await dialog.waitFor({ state: 'detached' });

        await page.getByRole('button', { name: zh ? '导入报告' : 'Import' }).click();
        dialog = page.getByRole('dialog', { name: zh ? '导入报告' : 'Import a report' });
        await dialog.waitFor();
        await tp.screenshot(`content-import-${language}-${viewport}`, { fullPage: false });
        await dialog.locator('input[type="file"]').setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
        await fileMessage(dialog).filter({ hasText: zh ? '这个文件是空的' : 'The file is empty' }).waitFor();
        assert.equal(await hasHorizontalOverflow(page), false);
        await tp.screenshot(`content-import-error-${language}-${viewport}`, { fullPage: false });
        tp.assertClean();
      });
    }
  }
});
