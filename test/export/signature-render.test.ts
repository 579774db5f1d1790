import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ReportDto, SignatureDto } from '@review/shared';
import { Fixtures, type Member } from '../support/fixtures.js';
import { repoRoot, type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';
import { lineOf, wordBoxes } from './pdf-text.js';
import { docxToPdf, linesOf, requireRenderTools, pdfPageTexts, renderPngs, show, squeeze } from './render-tools.js';

/**
 * The 落款 of an approved report as a Word user sees it: a report made from a template, its name
 * and date left blank, approved and exported, then laid out by LibreOffice. On the report's last
 * page the author's name and the day of the approval (Beijing time) stand right where GB/T 9704
 * puts them: the date two characters from the right edge of the text, the name starting two
 * characters left of the date, a blank line below the text. Positions come from poppler's word
 * boxes (`pdftotext -bbox`); the pages are rendered to test/artifacts/signature-render-<n>.png.
 */

const artifactsDir = path.join(repoRoot, 'test', 'artifacts');

/** A4 and the right margin of GB/T 9704, in points; one character of 3号 text is 16 pt, a line 28 pt. */
const PAGE_WIDTH = 595.28;
const RIGHT_EDGE = PAGE_WIDTH - (26 / 25.4) * 72;
const CHAR = 16;
const LINE = 28;
/** How far LibreOffice's layout may stray from the ideal (font metrics, rounding of twips). */
const SLACK = 4;

describe('Word export as rendered by LibreOffice: the 落款 of an approved report', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let author: Member;
  let reviewer: Member;
  let report: ReportDto;
  let work: string;

  before(async () => {
    requireRenderTools();
    work = await mkdtemp(path.join(os.tmpdir(), 'review-signature-render-'));
    server = await startServer();
    fx = await Fixtures.create(server.url);
    const team = await fx.newTeam();
    author = await fx.newUser({ displayName: '张志远' });
    reviewer = await fx.newUser({ displayName: '赵卫东' });
    await fx.addMember(team.id, author.user.id, 'drafter');
    await fx.addMember(team.id, reviewer.user.id, 'supervisor');
    report = await fx.newReport(author.client, team.id, { title: '张志远同志党性分析报告', template: 'party-spirit', reviewerId: reviewer.user.id });
  });

  after(async () => {
    await server?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the author’s name and the day of the approval, right, below the text, on the report’s last page', async (t) => {
    // The template's other blanks are left too: the submit overrides the checks.
    assert.equal((await transition(author.client, report.id, 'submit', { overrideReason: '格式核对用' })).status, 200);
    const approved = await transition(reviewer.client, report.id, 'approve', {}, { password: `pw-${reviewer.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const [sig] = (await author.client.get<SignatureDto[]>(`/reports/${report.id}/signatures`)).body;
    assert.ok(sig);
    const day = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' })
        .formatToParts(new Date(sig.signedAt))
        .map((p) => [p.type, p.value]),
    );
    const date = `${day.year}年${day.month}月${day.day}日`;

    const res = await fetch(`${server.url}/api/reports/${report.id}/export.docx`, { headers: { cookie: author.client.cookie ?? '' } });
    assert.equal(res.status, 200);
    const docx = path.join(work, 'signature-render.docx');
    writeFileSync(docx, new Uint8Array(await res.arrayBuffer()));
    const { pdf, ms } = await docxToPdf(docx, work);
    t.diagnostic(`soffice --convert-to pdf took ${ms} ms`);
    mkdirSync(artifactsDir, { recursive: true });
    copyFileSync(pdf, path.join(artifactsDir, 'signature-render.pdf'));
    await renderPngs(pdf, artifactsDir, 'signature-render', 60);

    // The last page is the sign-off page; the 落款 ends the page before it.
    const texts = await pdfPageTexts(pdf);
    assert.ok(texts.length >= 2, show(texts));
    assert.equal(linesOf(texts.at(-1) ?? '')[0], '签批', show(texts.slice(-1)));
    const page = texts.length - 2;
    const lines = linesOf(texts[page] ?? '').map(squeeze);
    // Its last lines: the name, the date, the page number.
    assert.deepEqual(lines.slice(-3, -1), [author.user.displayName, date], show([texts[page] ?? '']));

    const words = (await wordBoxes(pdf))[page] ?? [];
    const name = lineOf(words, author.user.displayName);
    const dated = lineOf(words, date);
    // The date two characters from the right edge of the text; the name starts two characters left
    // of where the date starts. The export turns off the extra space Word puts between Chinese and
    // digits (w:autoSpaceDE); LibreOffice 7.4 does not read that and adds a fifth of a character at
    // each change, so the date's start is reckoned from its width as Word sets it: digits half a character.
    const near = (actual: number, expected: number, what: string) =>
      assert.ok(Math.abs(actual - expected) <= SLACK, `${what}: ${actual.toFixed(1)} pt, expected ${expected.toFixed(1)} ± ${SLACK}`);
    near(dated.xMax, RIGHT_EDGE - 2 * CHAR, 'the right end of the date');
    const dateWidth = [...date].reduce((w, ch) => w + (/[0-9]/.test(ch) ? 0.5 : 1), 0) * CHAR;
    near(name.xMin, dated.xMax - dateWidth - 2 * CHAR, 'the start of the name');
    // The name on the line after a blank one below the text, the date on the next.
    near(dated.yMin - name.yMin, LINE, 'the date one line below the name');
    const above = Math.max(...words.filter((w) => w.yMin < name.yMin - 2).map((w) => w.yMin));
    near(name.yMin - above, 2 * LINE, 'a blank line between the text and the name');
  });
});
