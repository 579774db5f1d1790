/**
 * Printing the report page (Ctrl+P, or "Save as PDF"): what goes on paper is the report as the
 * Word export lays it out, not the app. With print media emulated, the page must show the title,
 * the text and, once approved, the signature, and nothing of the app's chrome; Chromium's PDF of
 * it is read back with poppler (title, text, A4, page numbers at the outer edge) and its pages
 * are rendered to test/artifacts/print-<kind>-<n>.png, beside the PDF, for a human to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ImportedReportDto, ReportDto, SignatureDto } from '@review/shared';
import type { Browser, Page } from 'playwright-core';
import { lineOf, linesOfWords, rawPageTexts, wordBoxes } from '../export/pdf-text.js';
import { linesOf, missingRenderTools, pdfPageCount, pdfPageTexts, renderPngs, run, show, squeeze } from '../export/render-tools.js';
import { artifactsDir, launchBrowser, type TestPage } from '../support/browser.js';
import { Fixtures } from '../support/fixtures.js';
import { repoRoot, type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';
import { editor, type EditorTeam, editorTeam, ReportPages, waitForStatus } from './editor-support.js';

/** Everything of the app around the report that must not be printed. */
const CHROME = [
  'header.topbar',
  '.breadcrumb',
  '.report-meta',
  '.report-export',
  // The approved report's bar is its signature, which is printed (without its actions).
  '.state-bar:not(.signature-card)',
  '.state-actions',
  '.editor-bar',
  '.editor-aside',
  '.editor-notice',
  '.comment-button',
  '.signature-seal',
];

/** The text of every element of `selector` that is shown (laid out, not hidden by display: none). */
async function visibleTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.filter((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed').map((el) => (el as HTMLElement).innerText),
  );
}

/** Print media, fonts loaded: the page as Chromium prints it. */
async function asPrinted(page: Page): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Asserts nothing of the app's chrome shows: none of CHROME, no button, no carets or check marks. */
async function assertNoChrome(page: Page): Promise<void> {
  for (const selector of CHROME) assert.deepEqual(await visibleTexts(page, selector), [], `${selector} is not printed`);
  assert.deepEqual(await visibleTexts(page, 'button'), [], 'no button is printed');
  // Marks of the screen print as plain text.
  for (const selector of ['.check-mark', '.check-block', '.comment-mark']) {
    const marked = await page.locator(`.report-text ${selector}`).evaluateAll((els) =>
      els.map((el) => {
        const style = getComputedStyle(el);
        return `${style.backgroundColor} ${style.textDecorationLine}`;
      }),
    );
    assert.ok(marked.every((m) => m === 'rgba(0, 0, 0, 0) none'), `${selector} prints plain: ${marked.join(', ')}`);
  }
}

interface Printed {
  pdf: string;
  pages: number;
  /** `pdftotext -layout`, one entry per page: where things are on a page. */
  layout: string[];
  /** `pdftotext -raw`, one entry per page: the text in order. */
  texts: string[];
}

/**
 * Chromium's PDF of the page as printed (A4 and margins from the page's @page rule), kept as
 * test/artifacts/print-<kind>.pdf with its pages rendered beside it, and read back.
 */
async function printToPdf(page: Page, kind: string): Promise<Printed> {
  mkdirSync(artifactsDir, { recursive: true });
  const pdf = path.join(artifactsDir, `print-${kind}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  const pages = await pdfPageCount(pdf);
  const layout = await pdfPageTexts(pdf);
  const texts = await rawPageTexts(pdf);
  const pngs = await renderPngs(pdf, artifactsDir, `print-${kind}`, 60);
  assert.equal(pngs.length, pages, 'every page is rendered');
  const info = (await run('pdfinfo', [pdf], 30_000)).stdout;
  assert.match(info, /^Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)$/m, `A4 pages\n${info}`);
  assert.equal(layout.length, pages);
  assert.equal(texts.length, pages);
  return { pdf, pages, layout, texts };
}

/** A page's lines in order, white space squeezed out, without its page number (Chromium writes it first). */
const textLines = (page: string) => linesOf(page).map(squeeze).filter((l) => !/^—\d+—$/.test(l));

/** Each page ends with its number `— n —`, odd pages on the right, even pages on the left. */
function assertPageNumbers(texts: string[]): void {
  texts.forEach((page, i) => {
    const last = page.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';
    assert.equal(squeeze(last), `—${i + 1}—`, `page ${i + 1} ends with its number\n${show([page])}`);
    const width = Math.max(...page.split('\n').map((l) => l.trimEnd().length));
    const start = last.length - last.trimStart().length;
    if (i % 2 === 0) assert.ok(start > width / 2, `page ${i + 1}: the number on the right\n${show([page])}`);
    else assert.ok(start < width / 2, `page ${i + 1}: the number on the left\n${show([page])}`);
  });
}

describe('browser: printing a report', () => {
  let server: StartedServer;
  let browser: Browser;
  let fx: Fixtures;
  let team: EditorTeam;
  let pages: ReportPages;

  before(async () => {
    const missing = missingRenderTools();
    if (missing.length > 0) throw new Error(`${missing.join(', ')} not found on PATH: this test reads the printed PDF with poppler (apt-get install poppler-utils)`);
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

  test('a draft in the editor prints as its title and text on numbered A4 pages, marked 草稿, without the app', async () => {
    const sample = 'democratic-life-meeting-outline.txt';
    const form = new FormData();
    form.set('teamId', team.teamId);
    form.set('file', new Blob([readFileSync(path.join(repoRoot, 'test', 'fixtures', 'reports', sample))]), sample);
    const res = await fetch(`${server.url}/api/reports/import`, { method: 'POST', headers: { cookie: team.drafter.client.cookie ?? '' }, body: form });
    const report = (await res.json()) as ImportedReportDto;
    assert.equal(res.status, 201, JSON.stringify(report));

    const tp: TestPage = await pages.open(team.drafter, report);
    const { page } = tp;
    await waitForStatus(page, 'saved');
    // On screen the drafter has the toolbar, the outline and the workflow around the text.
    for (const selector of ['header.topbar', '.editor-bar', '.editor-aside', '.state-bar']) {
      assert.ok((await visibleTexts(page, selector)).length > 0, `${selector} is on screen`);
    }
    // The blanks are underlined, and a selection offers the comment button: neither goes on paper.
    await editor(page).locator('.check-mark').first().waitFor();
    await editor(page).locator('p').nth(1).click({ clickCount: 3 });
    await page.locator('.comment-button').waitFor();
    await asPrinted(page);
    await assertNoChrome(page);
    assert.deepEqual(await visibleTexts(page, '.report-title-row .badge'), ['草稿'], 'a draft is marked as one');
    assert.equal((await visibleTexts(page, 'h1.doc-title'))[0], report.title);

    const printed = await printToPdf(page, 'draft');
    assert.ok(printed.pages >= 2, `the sample fills more than one page (${printed.pages})\n${show(printed.layout)}`);
    const first = textLines(printed.texts[0] ?? '');
    assert.deepEqual(first.slice(0, 2), ['草稿', squeeze(report.title)], `the state mark, then the title\n${show(printed.texts.slice(0, 1))}`);
    const all = printed.texts.flatMap(textLines).join('');
    const blocks = (await team.drafter.client.get<{ blocks: { text: string }[] }>(`/reports/${report.id}/content`)).body.blocks;
    for (const b of blocks) assert.ok(all.includes(squeeze(b.text)), `the text shows ${b.text}`);
    for (const word of ['报告审核', '退出登录', '导出 Word', '起草人', '字数', '审核流程']) {
      assert.ok(!all.includes(squeeze(word)), `no ${word} on paper`);
    }
    assertPageNumbers(printed.layout);
    await page.emulateMedia({ media: 'screen' });
    tp.assertClean();
  });

  test('an approved report prints its 落款 right and its signature after the text', async () => {
    const report: ReportDto = await fx.newReport(team.drafter.client, team.teamId, {
      title: '2026年度党性分析报告',
      template: 'party-spirit',
      reviewerId: team.supervisor.user.id,
    });
    assert.equal((await transition(team.drafter.client, report.id, 'submit', { overrideReason: '版式核对' })).status, 200);
    const approved = await transition(team.supervisor.client, report.id, 'approve', {}, { password: `pw-${team.supervisor.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const [sig] = (await team.drafter.client.get<SignatureDto[]>(`/reports/${report.id}/signatures`)).body;
    assert.ok(sig);

    const tp = await pages.open(team.drafter, report);
    const { page } = tp;
    await page.locator('.signature-card').waitFor();
    // The 落款 (name and date) is set right, on screen as on paper.
    const signature = editor(page).locator('p.report-signature');
    await signature.nth(1).waitFor();
    assert.deepEqual(await signature.allInnerTexts(), ['×××', '××××年××月××日']);
    await tp.screenshot('print-approved-screen');
    await asPrinted(page);
    await assertNoChrome(page);
    assert.deepEqual(await visibleTexts(page, '.report-title-row .badge'), [], 'an approved report carries no state mark');
    assert.deepEqual(await signature.evaluateAll((els) => els.map((el) => getComputedStyle(el).textAlign)), ['right', 'right']);
    // Laid out for paper, the signature comes after the text although the page has it under the title.
    const below = await page.evaluate(() => {
      const card = document.querySelector('.signature-card')?.getBoundingClientRect();
      const text = document.querySelector('.report-text')?.getBoundingClientRect();
      return card && text ? card.top - text.bottom : null;
    });
    assert.ok(below !== null && below >= 0, `the signature is below the text (${below})`);

    const printed = await printToPdf(page, 'approved');
    const lines = printed.texts.flatMap(textLines);
    const all = lines.join('');
    assert.equal(lines[0], squeeze(report.title), `the title first, with no state mark\n${show(printed.texts)}`);
    assert.ok(all.includes('按照组织安排'), 'the text is printed');
    const name = lines.indexOf('×××');
    assert.ok(name > 0 && lines[name + 1] === '××××年××月××日', `the 落款 closes the text\n${show(printed.texts)}`);
    for (const fact of ['签名人', '批准', `版本${sig.versionNumber}`, sig.contentHash]) assert.ok(all.includes(squeeze(fact)), `the signature shows ${fact}`);
    assert.ok(!all.includes('张明'), 'nothing of the signed-in user or the author line is printed');

    // The signature comes after the 落款 on paper, on the same page or a later one.
    const words = await wordBoxes(printed.pdf);
    const boxes = words.map((w) => linesOfWords(w));
    const where = (text: string) => {
      const page = boxes.findIndex((lines) => lines.some((l) => l.text.includes(text)));
      assert.ok(page >= 0, `${text} is printed`);
      return { page, y: boxes[page]?.find((l) => l.text.includes(text))?.yMin ?? 0 };
    };
    const dated = where('××××年××月××日');
    const signed = where(squeeze(`${sig.signerName} 已批准并签名`));
    assert.ok(signed.page > dated.page || (signed.page === dated.page && signed.y > dated.y), `the signature follows the 落款\n${show(printed.layout)}`);

    // On paper the 落款 stands as in the export: the date two characters (of 16 pt) from the right
    // edge of the text (A4 less 26 mm), the name two characters left of where the date starts.
    const page1 = words[0] ?? [];
    const date = lineOf(page1, '××××年××月××日');
    const signedBy = lineOf(page1, '×××');
    const rightEdge = 595.28 - (26 / 25.4) * 72;
    assert.ok(Math.abs(date.xMax - (rightEdge - 2 * 16)) <= 6, `the date ends two characters from the edge: ${date.xMax}`);
    assert.ok(Math.abs(signedBy.xMin - (date.xMin - 2 * 16)) <= 6, `the name starts two characters left of the date: ${signedBy.xMin} ${date.xMin}`);
    assertPageNumbers(printed.layout);
    await page.emulateMedia({ media: 'screen' });
    tp.assertClean();
  });
});
