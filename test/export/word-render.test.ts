import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, type TestContext, test } from 'node:test';
import type { ReportChecksDto, ReportDto, SignatureDto } from '@review/shared';
import { Fixtures, type Member } from '../support/fixtures.js';
import { repoRoot, type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';
import {
  CONVERT_TIMEOUT_MS,
  docxToPdf,
  linesOf,
  assertPageMarks,
  requireRenderTools,
  pdfPageCount,
  pdfPageTexts,
  renderPngs,
  show,
  squeeze,
} from './render-tools.js';

/**
 * The Word export as a Word user sees it, not as XML: each kind of export (a draft, a report in
 * review, an approved report with its sign-off page) is laid out by LibreOffice Writer and printed
 * to PDF; the PDF's text, page by page, must show the header mark of the state (草稿 / 审核中 /
 * none), the page numbers, the body, and on an approved report a last page that is the sign-off.
 * Every page is rendered to test/artifacts/word-render-<kind>-<n>.png (with the .docx and the PDF
 * beside it) for a human to look at.
 */

const artifactsDir = path.join(repoRoot, 'test', 'artifacts');

// An inspection report of the usual shape, long enough for three to four pages of GB/T 9704 layout
// (22 lines of 28 characters a page). Written for this test; no state mark or sign-off word in it.
const TITLE = '关于落实安全生产主体责任情况的自查报告';
const MARKED_SENTENCE = '共排查出一般隐患二十三项，已完成整改二十一项，其余两项已落实资金和责任人，正在限期整改。';
const CLOSING_SENTENCE = '下一步，我单位将以此次自查为契机，举一反三、标本兼治，切实把安全生产主体责任落到实处。';
const SAMPLE = [
  TITLE,
  '根据市应急管理局关于开展安全生产大检查的通知要求，我单位于今年三月至四月组织开展了安全生产主体责任落实情况自查，对照法律法规和上级部署逐项检视，现将有关情况报告如下。',
  '一、自查工作开展情况',
  '（一）加强组织领导',
  '单位成立了由主要负责人任组长、分管负责人任副组长、各部门负责人为成员的自查工作领导小组，制定了自查工作方案，明确了自查范围、重点内容、时间安排和责任分工。领导小组先后召开三次专题会议，研究部署自查工作，协调解决自查中发现的问题，确保自查工作有序推进。',
  '（二）全面排查隐患',
  `坚持全员参与、全面覆盖、全程跟踪，组织各部门对生产场所、仓储设施、消防器材、用电线路和特种设备进行拉网式排查，做到不留死角、不留盲区。${MARKED_SENTENCE}对排查出的隐患逐项建立台账，明确整改措施、整改时限和整改责任人，实行销号管理。`,
  '（三）强化教育培训',
  '围绕安全生产法律法规、岗位操作规程和应急处置知识，分层次、分岗位开展安全教育培训。全年组织集中培训六期，参训人员四百余人次；开展消防疏散演练和危险化学品泄漏处置演练各两次，职工安全意识和自救互救能力有了明显提升。',
  '二、存在问题',
  '（一）责任落实不够到位',
  '个别部门对安全生产工作重视程度不够，存在重业务、轻安全的思想，安全生产责任制在基层班组层层递减，部分岗位安全职责不够清晰，一些职工对本岗位风险点认识不足，日常检查存在走过场的现象。',
  '（二）隐患整改不够彻底',
  '部分隐患整改停留在表面，治标不治本，同类问题反复出现；个别隐患整改进度滞后，跟踪督办不够有力；隐患排查治理台账更新不及时，整改前后的资料留存不够完整，难以形成闭环。',
  '（三）应急处置能力有待提高',
  '应急预案针对性和可操作性不强，部分预案多年未修订；应急物资储备不足，个别物资已过有效期；应急演练以桌面推演为主，实战化程度不高，职工在突发情况下的协同处置能力仍有欠缺。',
  '三、原因剖析',
  '一是思想认识有偏差。对安全生产形势的复杂性、严峻性认识不足，存在侥幸心理和麻痹思想，没有真正把安全生产摆在突出位置，抓安全的紧迫感和责任感不强。',
  '二是制度执行不严格。虽然建立了较为完善的安全管理制度，但在执行过程中标准不高、要求不严，监督检查和考核问责力度不够，制度的刚性约束作用没有充分发挥。',
  '三是投入保障不充分。安全生产经费投入与实际需要相比仍有差距，安全设施更新改造滞后，专职安全管理人员配备不足，专业能力有待进一步提升。',
  '四、整改措施',
  '（一）压实安全责任',
  '进一步修订完善全员安全生产责任制，逐级签订安全生产责任书，把责任落实到每个部门、每个岗位、每名职工。将安全生产纳入年度绩效考核，对责任不落实、措施不到位的严肃追责问责。',
  '（二）建立隐患闭环管理机制',
  '完善隐患排查治理台账，实行隐患发现、登记、整改、验收、销号全过程管理；对重大隐患实行挂牌督办，明确整改时限，整改完成后组织复查验收，确保隐患动态清零。',
  '（三）提升应急处置水平',
  '组织对各类应急预案进行全面评估和修订，补充更新应急物资，建立物资台账和定期检查制度；每半年至少组织一次实战化应急演练，演练后及时总结评估，不断提高应急处置能力。',
  `${CLOSING_SENTENCE}我们将持续加强安全生产管理，坚决防范和遏制各类生产安全事故发生，为单位高质量发展提供坚实的安全保障。`,
].join('\n');

type Kind = 'draft' | 'in_review' | 'approved';

interface Rendered {
  kind: Kind;
  pages: number;
  /** `pdftotext -layout`, one entry per page. */
  texts: string[];
  pngs: string[];
  convertMs: number;
}

/** Beijing time as the sign-off page prints it: 2025年3月1日 14:05:09. */
function shanghaiTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}:${parts.second}`;
}

describe('Word export as rendered by LibreOffice: header mark, pages, sign-off page', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let author: Member;
  let reviewer: Member;
  let report: ReportDto;
  let work: string;
  const rendered: Partial<Record<Kind, Rendered>> = {};

  before(async () => {
    requireRenderTools();
    work = await mkdtemp(path.join(os.tmpdir(), 'review-word-render-'));
    server = await startServer();
    fx = await Fixtures.create(server.url);
    const team = await fx.newTeam();
    // Chinese display names, so that the signer's name on the sign-off page needs the CJK fonts too.
    author = await fx.newUser({ displayName: '张志远' });
    reviewer = await fx.newUser({ displayName: '赵卫东' });
    await fx.addMember(team.id, author.user.id, 'drafter');
    await fx.addMember(team.id, reviewer.user.id, 'supervisor');

    const form = new FormData();
    form.set('teamId', team.id);
    form.set('reviewerId', reviewer.user.id);
    form.set('file', new Blob([SAMPLE]), '安全生产自查报告.txt');
    const res = await fetch(`${server.url}/api/reports/import`, { method: 'POST', headers: { cookie: author.client.cookie ?? '' }, body: form });
    const body = (await res.json()) as ReportDto;
    assert.equal(res.status, 201, JSON.stringify(body));
    report = body;
    assert.equal(report.title, TITLE, 'the first line of the sample is its title');
    const checks = (await author.client.get<ReportChecksDto>(`/reports/${report.id}/checks`)).body;
    assert.deepEqual(checks, { ok: true, problems: [] }, 'the sample passes the checks, so it can be submitted as it is');
  });

  after(async () => {
    await server?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Downloads export.docx in the report's current state, converts it to PDF, reads it and renders its pages. */
  async function render(t: TestContext, kind: Kind): Promise<Rendered> {
    const current = (await author.client.get<ReportDto>(`/reports/${report.id}`)).body;
    assert.equal(current.state, kind);
    const res = await fetch(`${server.url}/api/reports/${report.id}/export.docx`, { headers: { cookie: author.client.cookie ?? '' } });
    assert.equal(res.status, 200, await res.clone().text());
    const docx = path.join(work, `word-render-${kind}.docx`);
    writeFileSync(docx, new Uint8Array(await res.arrayBuffer()));

    const { pdf, ms } = await docxToPdf(docx, work);
    const pages = await pdfPageCount(pdf);
    const texts = await pdfPageTexts(pdf);
    mkdirSync(artifactsDir, { recursive: true });
    copyFileSync(docx, path.join(artifactsDir, `word-render-${kind}.docx`));
    copyFileSync(pdf, path.join(artifactsDir, `word-render-${kind}.pdf`));
    const pngs = await renderPngs(pdf, artifactsDir, `word-render-${kind}`, 60);
    t.diagnostic(`${kind}: ${pages} pages; soffice --convert-to pdf took ${ms} ms (limit ${CONVERT_TIMEOUT_MS / 1000} s)`);

    assert.equal(texts.length, pages, `pdftotext gives one text per page of the ${pages} pdfinfo counts`);
    assert.equal(pngs.length, pages, `pdftoppm renders every page: ${pngs.join(', ')}`);
    for (const png of pngs) assert.ok(statSync(png).size > 1000, `${png} is an image, not an empty file`);
    const r = { kind, pages, texts, pngs, convertMs: ms };
    rendered[kind] = r;
    return r;
  }

  /** A page without its header (when it has one) and its footer: the lines of the document body. */
  const bodyLines = (page: string, marked: boolean) => linesOf(page).slice(marked ? 1 : 0, -1);

  /**
   * The pages' body, header and footer lines taken out, is the sample exactly: the title first,
   * then every paragraph in order, nothing lost at a page break and nothing added.
   */
  function assertBody(kind: Kind, texts: string[], marked: boolean) {
    const pages = texts.map((page) => bodyLines(page, marked));
    assert.equal(squeeze(pages[0]?.[0] ?? ''), TITLE, `${kind}: the title opens page 1\n${show(texts.slice(0, 1))}`);
    const body = squeeze(pages.flat().join(''));
    assert.ok(body.includes(squeeze(MARKED_SENTENCE)), `${kind}: the text shows ${MARKED_SENTENCE}\n${show(texts)}`);
    assert.equal(body, squeeze(SAMPLE), `${kind}: the body of the pages is the report's text\n${show(texts)}`);
    assert.ok(squeeze(pages.at(-1)?.join('') ?? '').endsWith(squeeze(SAMPLE).slice(-20)), `${kind}: the report's last words are on its last page`);
  }

  test('a draft: every page carries 草稿 in its header and a page number, the body runs over several pages', async (t) => {
    const draft = await render(t, 'draft');
    assert.ok(draft.pages >= 2, `the sample fills more than one page (got ${draft.pages})`);
    assertPageMarks('draft', draft.texts, '草稿');
    assertBody('draft', draft.texts, true);
    assert.ok(!draft.texts.some((p) => p.includes('签批')), 'a draft has no sign-off page');
  });

  test('in review: every page carries 审核中 and not 草稿; the same pages as the draft', async (t) => {
    const submitted = await transition(author.client, report.id, 'submit');
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const inReview = await render(t, 'in_review');
    assertPageMarks('in_review', inReview.texts, '审核中');
    assertBody('in_review', inReview.texts, true);
    assert.ok(!inReview.texts.some((p) => p.includes('签批')), 'a report in review has no sign-off page');
    const draft = rendered.draft;
    if (draft) {
      // Only the mark differs: the page breaks fall at the same places.
      assert.equal(inReview.pages, draft.pages, 'a report in review has as many pages as its draft');
      inReview.texts.forEach((page, i) =>
        assert.deepEqual(linesOf(page).slice(1).map(squeeze), linesOf(draft.texts[i] ?? '').slice(1).map(squeeze), `page ${i + 1} below the header`),
      );
    }
  });

  test('approved: no mark on any page; the pages of the report in review, then the sign-off page last', async (t) => {
    const approved = await transition(reviewer.client, report.id, 'approve', {}, { password: `pw-${reviewer.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const [sig] = (await author.client.get<SignatureDto[]>(`/reports/${report.id}/signatures`)).body.filter((s) => !s.superseded);
    assert.ok(sig, 'the approval made a signature');
    assert.equal(sig.contentHash, approved.body.contentHash);

    const out = await render(t, 'approved');
    const inReview = rendered.in_review;
    assert.ok(inReview, 'the report in review was rendered before');
    assertPageMarks('approved', out.texts, undefined);
    assert.equal(out.pages, inReview.pages + 1, `the ${inReview.pages} pages of the report in review, then one sign-off page\n${show(out.texts)}`);

    // The report's pages are those of the report in review without the header line.
    const reportPages = out.texts.slice(0, -1);
    assertBody('approved', reportPages, false);
    reportPages.forEach((page, i) => {
      assert.deepEqual(linesOf(page).map(squeeze), linesOf(inReview.texts[i] ?? '').slice(1).map(squeeze), `approved page ${i + 1} is in-review page ${i + 1} without its mark`);
      assert.ok(!page.includes('签批'), `the sign-off is not on page ${i + 1}`);
    });

    // The last page is the sign-off page, and nothing else.
    const last = out.texts.at(-1) ?? '';
    const lines = linesOf(last);
    const squeezed = lines.map(squeeze);
    const signer = reviewer.user.displayName;
    assert.equal(lines[0], '签批', `the last page opens with the sign-off heading\n${show([last])}`);
    const expected = [
      `签批人：${signer}`,
      `签批时间：${shanghaiTime(new Date(sig.signedAt))}（北京时间）`,
      '签批含义：批准',
      `版本号：第 ${sig.versionNumber} 版`,
      '内容哈希（SHA-256）：',
    ];
    for (const line of expected) assert.ok(squeezed.includes(squeeze(line)), `the sign-off page shows ${line}\n${show([last])}`);
    assert.ok(lines.includes(sig.contentHash), `the sign-off page prints the content hash ${sig.contentHash} on a line of its own\n${show([last])}`);
    assert.ok(squeezed.indexOf(squeeze('内容哈希（SHA-256）：')) + 1 === lines.indexOf(sig.contentHash), 'the hash follows its label');
    assert.ok(sig.anchor, 'a new approval keeps its audit anchor, which the sign-off page prints');
    const { events, keyId, headHash, signature } = sig.anchor;
    assert.ok(squeezed.includes(squeeze(`审计锚点：第 ${events} 条审计记录 · 密钥 ${keyId}`)), `the anchor is printed\n${show([last])}`);
    assert.ok(lines.includes(headHash), `the audit head hash is printed on a line of its own\n${show([last])}`);
    assert.ok(squeeze(last).includes(signature), `the server signature is printed\n${show([last])}`);
    assert.ok(squeeze(last).includes('本页依据系统中的电子签批记录生成'), 'the sign-off page explains itself');
    assert.ok(!squeeze(last).includes(squeeze(CLOSING_SENTENCE).slice(-20)), 'no report text on the sign-off page');
    t.diagnostic(`conversions: ${(['draft', 'in_review', 'approved'] as const).map((k) => `${k} ${rendered[k]?.convertMs ?? '?'} ms`).join(', ')}`);
  });
});
