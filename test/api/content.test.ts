import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type AuditEventDto,
  type ContentProblem,
  type ImportedReportDto,
  LIMITS,
  type ReportChecksDto,
  type ReportContentDto,
  type ReportDto,
  type SignatureDto,
  type TemplateDto,
} from '@review/shared';
import JSZip from 'jszip';
import { Fixtures, type Member } from '../support/fixtures.js';
import { type ApiClient, assertError, type Reply } from '../support/http.js';
import { repoRoot, type StartedServer, startServer } from '../support/server.js';
import { transition } from '../support/workflow.js';

const SAMPLES = path.join(repoRoot, 'test', 'fixtures', 'reports');
const sample = (name: string) => readFileSync(path.join(SAMPLES, name));

type Outline = { level: number; text: string }[];
const outlineOf = (blocks: ReportContentDto['blocks']): Outline =>
  blocks.filter((b) => b.type === 'heading').map((b) => ({ level: b.level ?? 0, text: b.text }));

// The outlines below are written out by hand from the samples (test/fixtures/reports) and the
// template files; the democratic-life-meeting sample follows the 对照检查材料 template's outline.
const DEMOCRATIC_OUTLINE: Outline = [
  { level: 1, text: '一、存在问题' },
  { level: 2, text: '（一）理论学习方面' },
  { level: 2, text: '（二）政治素养方面' },
  { level: 2, text: '（三）能力本领方面' },
  { level: 2, text: '（四）担当作为方面' },
  { level: 2, text: '（五）工作作风方面' },
  { level: 2, text: '（六）廉洁自律方面' },
  { level: 1, text: '二、原因剖析' },
  { level: 1, text: '三、整改措施' },
];
const PARTY_SPIRIT_OUTLINE: Outline = [
  { level: 1, text: '一、主要问题' },
  { level: 1, text: '二、根源症结' },
  { level: 1, text: '三、改进措施' },
];
const PARTY_SPIRIT_SAMPLE_OUTLINE: Outline = [
  { level: 1, text: '一、存在的主要问题' },
  { level: 1, text: '二、产生问题的根源' },
  { level: 1, text: '三、今后的改进措施' },
];
const STUDY_OUTLINE: Outline = [
  { level: 1, text: '一、学习体会' },
  { level: 1, text: '二、整改情况' },
  { level: 1, text: '三、存在不足' },
  { level: 2, text: '（一）理论学习方面' },
  { level: 2, text: '(二)调查研究方面' },
  { level: 2, text: '（三)服务群众方面' },
  { level: 2, text: '(四）廉洁自律方面' },
  { level: 1, text: '四、改进措施' },
];
/** The 五个带头 sample: each aspect a （n） paragraph of its own of 65–98 characters, a level-2 heading. */
const LEADING_OUTLINE: Outline = [
  { level: 1, text: '一、存在的突出问题' },
  {
    level: 2,
    text: '（一）带头坚定理想信念，始终把学习贯彻党的创新理论作为首要政治任务，做到学思用贯通、知信行统一，不断提高政治判断力、政治领悟力、政治执行力方面',
  },
  {
    level: 2,
    text: '（二）带头坚持和加强党的全面领导，严格执行请示报告制度，自觉在思想上政治上行动上同党中央保持高度一致，确保各项决策部署在分管领域落地见效方面',
  },
  {
    level: 2,
    text: '（三）带头担当作为、真抓实干，坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，在推动乡村振兴、优化营商环境、防范化解重大风险和应对突发自然灾害中敢于碰硬、善于破题，以实绩实效检验工作成效方面',
  },
  {
    level: 2,
    text: '（四）带头践行以人民为中心的发展思想，坚持问需于民、问计于民，聚焦群众急难愁盼问题办实事、解难题，切实把好事办好、把实事办实方面',
  },
  {
    level: 2,
    text: '（五）带头落实全面从严治党政治责任，严格执行中央八项规定及其实施细则精神，管好自己、管好家属、管好身边工作人员，始终保持清正廉洁的政治本色方面',
  },
  { level: 1, text: '二、问题产生的原因' },
  { level: 1, text: '三、整改措施' },
];
const TEMPLATE_OUTLINES: Record<string, Outline> = {
  blank: [],
  inspection: DEMOCRATIC_OUTLINE,
  'study-review': [
    { level: 1, text: '一、学习体会' },
    { level: 1, text: '二、整改情况' },
    { level: 1, text: '三、存在不足' },
    { level: 2, text: '（一）理论学习方面' },
    { level: 2, text: '（二）工作作风方面' },
    { level: 2, text: '（三）担当作为方面' },
    { level: 1, text: '四、改进措施' },
  ],
  'party-spirit': PARTY_SPIRIT_OUTLINE,
};

/** The parts of a .docx this suite looks at. */
interface Docx {
  zip: JSZip;
  document: string;
  styles: string;
  fonts: string;
  headers: string[];
  footers: string[];
}

const decodeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** Paragraphs of a document part: style, text and the paragraph's XML. */
function paragraphs(xml: string): { style: string | undefined; text: string; xml: string }[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[1] ?? '')?.[1],
    text: decodeXml([...(m[1] ?? '').matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
    xml: m[0],
  }));
}

function styleXml(styles: string, id: string): string {
  const m = new RegExp(`<w:style\\b[^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(styles);
  assert.ok(m, `style ${id} is defined`);
  return m[1] ?? '';
}

/** A run property as the paragraph style gives it, following basedOn down to the defaults. */
function styleProperty(styles: string, id: string | undefined, pattern: RegExp): string | undefined {
  let style: string | undefined = id ?? 'Normal';
  while (style) {
    const xml = styleXml(styles, style);
    const found = pattern.exec(xml)?.[1];
    if (found) return found;
    style = /<w:basedOn w:val="([^"]+)"\/>/.exec(xml)?.[1];
  }
  return pattern.exec(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0] ?? '')?.[1];
}

const eastAsiaFont = (styles: string, id: string | undefined) => styleProperty(styles, id, /w:eastAsia="([^"]+)"/);
const fontSize = (styles: string, id: string | undefined) => Number(styleProperty(styles, id, /<w:sz w:val="(\d+)"\/>/));

async function openDocx(bytes: Uint8Array): Promise<Docx> {
  const zip = await JSZip.loadAsync(bytes);
  const part = async (name: string) => {
    const file = zip.file(name);
    assert.ok(file, `${name} is in the package`);
    return file.async('string');
  };
  const named = (re: RegExp) => Object.keys(zip.files).filter((n) => re.test(n)).sort();
  return {
    zip,
    document: await part('word/document.xml'),
    styles: await part('word/styles.xml'),
    fonts: await part('word/fontTable.xml'),
    headers: await Promise.all(named(/^word\/header\d*\.xml$/).map(part)),
    footers: await Promise.all(named(/^word\/footer\d*\.xml$/).map(part)),
  };
}

/**
 * A small .docx the way Word writes one: heading styles for the sections, a bold run, a title
 * paragraph, and a level-2 heading that leads its paragraph.
 */
async function wordFile(): Promise<Buffer> {
  const p = (text: string, style?: string, bold = false) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
  const body = [
    p('关于2024年度组织生活会的个人对照检查', undefined, true),
    p('按照要求，现作对照检查如下：'),
    p('一、存在问题', 'Heading1'),
    `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>（一）理论学习方面。</w:t></w:r><w:r><w:t>一是学习不深，党委领导*工作。</w:t></w:r></w:p>`,
    p('（二）工作作风方面', 'Heading2'),
    p('一是调研不多。'),
    p('二、整改措施', 'Heading1'),
    p('一是加强学习。'),
  ].join('');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('report content: templates, import, checks, export', () => {
  let server: StartedServer;
  let fx: Fixtures;
  let team: { id: string };
  let author: Member;
  let reviewer: Member;
  let viewer: Member;
  let outsider: Member;

  before(async () => {
    server = await startServer();
    fx = await Fixtures.create(server.url);
    ({ team, author, reviewer, viewer, outsider } = await fx.newReviewTeam());
  });
  after(() => server.dispose());

  async function upload(client: ApiClient, fileName: string | undefined, bytes: Uint8Array, fields: Record<string, string> = {}): Promise<Reply> {
    const form = new FormData();
    form.set('teamId', team.id);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (fileName !== undefined) form.set('file', new Blob([new Uint8Array(bytes)]), fileName);
    const res = await fetch(`${server.url}/api/reports/import`, { method: 'POST', headers: { cookie: client.cookie ?? '' }, body: form });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function imported(fileName: string, bytes: Uint8Array, fields: Record<string, string> = {}): Promise<ImportedReportDto> {
    const res = await upload(author.client, fileName, bytes, fields);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as ImportedReportDto;
  }

  const content = async (id: string, client = author.client) =>
    (await client.get<ReportContentDto>(`/reports/${id}/content`)).body;
  const checks = async (id: string, client = author.client) => client.get<ReportChecksDto>(`/reports/${id}/checks`);
  const audit = async (id: string) => (await author.client.get<AuditEventDto[]>(`/reports/${id}/audit`)).body;
  const reportIds = async () => (await author.client.get<ReportDto[]>(`/reports?teamId=${team.id}`)).body.map((r) => r.id).sort();

  async function exportDocx(id: string, client = author.client) {
    const res = await fetch(`${server.url}/api/reports/${id}/export.docx`, { headers: { cookie: client.cookie ?? '' } });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  }

  test('GET /templates lists the templates; each creates its outline on the server, and the checks flag its blanks', async () => {
    const list = await author.client.get<TemplateDto[]>('/templates');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((t) => [t.id, t.name]),
      [
        ['blank', '空白报告'],
        ['inspection', '对照检查材料'],
        ['study-review', '学习体会及问题检视'],
        ['party-spirit', '党性分析报告'],
      ],
    );
    for (const t of list.body) assert.ok(t.description.length > 0, `${t.id} has a description`);

    for (const [id, outline] of Object.entries(TEMPLATE_OUTLINES)) {
      const res = await author.client.post<ReportDto>('/reports', { teamId: team.id, title: fx.unique('报告 '), template: id });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const report = res.body;
      const body = await content(report.id);
      assert.deepEqual(outlineOf(body.blocks), outline, `outline of ${id}`);
      assert.equal(report.contentHash, body.contentHash, `${id}: the report's hash is the stored content's`);
      const created = (await audit(report.id)).find((e) => e.action === 'create');
      assert.equal(created?.details.template, id);

      const result = (await checks(report.id)).body;
      if (id === 'blank') {
        assert.deepEqual(result, { ok: true, problems: [] });
        assert.deepEqual(body.blocks, []);
        continue;
      }
      assert.equal(result.ok, false);
      const placeholders = result.problems.filter((p) => p.kind === 'placeholder');
      assert.ok(placeholders.length >= outline.length, `${id}: ${placeholders.length} placeholders`);
      assert.deepEqual(
        result.problems.filter((p) => p.kind !== 'placeholder'),
        [],
        `${id}: a template has every section and its measures`,
      );
      // Every section of the template has a blank in it.
      for (const heading of outline) {
        const at = body.blocks.findIndex((b) => b.type === 'heading' && b.text === heading.text);
        const next = body.blocks.findIndex((b, i) => i > at && b.type === 'heading');
        const own = placeholders.filter((p) => p.block > at && (next === -1 || p.block < next));
        const nested = body.blocks[at + 1]?.type === 'heading';
        assert.ok(nested || own.length > 0, `${id}: ${heading.text} has a blank to fill`);
      }
      for (const p of placeholders) assert.equal(body.blocks[p.block]?.text.slice(p.start, p.end), p.text);
    }
  });

  test('an unknown template is refused with 400 and nothing is created', async () => {
    const before = await reportIds();
    const res = await author.client.post('/reports', { teamId: team.id, title: '报告', template: 'no-such-template' });
    const err = assertError(res, 400, 'validation_failed');
    assert.match(JSON.stringify(err.details), /template/);
    assert.deepEqual(await reportIds(), before);
  });

  test('each sample .txt imports with its title and exact heading outline', async () => {
    const cases = [
      { file: 'democratic-life-meeting-outline.txt', outline: DEMOCRATIC_OUTLINE, title: '2024年度专题民主生活会个人对照检查材料' },
      { file: 'study-and-inspection.txt', outline: STUDY_OUTLINE, title: '关于加强作风建设的学习体会及问题检视' },
      { file: 'leading-by-example-inspection.txt', outline: LEADING_OUTLINE, title: '市农业农村局党组书记2023年度民主生活会个人对照检查材料' },
      // No title line: the file name is the title.
      { file: 'party-spirit-analysis.txt', outline: PARTY_SPIRIT_SAMPLE_OUTLINE, title: '党性分析材料', upload: '党性分析材料.txt' },
    ];
    for (const c of cases) {
      const bytes = sample(c.file);
      const report = await imported(c.upload ?? c.file, bytes);
      assert.equal(report.title, c.title);
      assert.equal(report.authorId, author.user.id);
      assert.equal(report.state, 'draft');
      assert.deepEqual(report.leftOut, [], 'nothing of the file is left out');
      const body = await content(report.id);
      assert.deepEqual(outlineOf(body.blocks), c.outline, c.file);
      assert.equal(report.contentHash, body.contentHash);
      assert.ok(!body.text.includes('本文档编辑密码'));

      const events = await audit(report.id);
      assert.deepEqual(events.map((e) => e.action), ['import']);
      const details = events[0]?.details as { file: { name: string; bytes: number; kind: string }; outline: Record<string, number> };
      assert.deepEqual(details.file, { name: c.upload ?? c.file, bytes: bytes.length, kind: 'txt' });
      assert.deepEqual(details.outline, {
        level1: c.outline.filter((h) => h.level === 1).length,
        level2: c.outline.filter((h) => h.level === 2).length,
        paragraphs: body.blocks.filter((b) => b.type === 'paragraph').length,
      });
      assert.equal((await author.client.get<{ ok: boolean }>(`/reports/${report.id}/audit/verify`)).body.ok, true);
    }
  });

  test('a Markdown file with **一、…** and # … headings; the title field wins over the title line', async () => {
    const md = [
      '# 个人对照检查材料',
      '',
      '按照要求，现作对照检查如下：',
      '',
      '**一、存在问题**',
      '',
      '**（一）理论学习方面。**一是**学习不深**，查处了**万人。',
      '',
      '## （二）工作作风方面',
      '',
      '二是调研不多。',
      '',
      '# 二、整改措施',
      '',
      '一是加强学习。',
    ].join('\n');
    const report = await imported('对照检查.md', Buffer.from(md), { title: '我的检查材料' });
    assert.equal(report.title, '我的检查材料');
    const body = await content(report.id);
    assert.deepEqual(outlineOf(body.blocks), [
      { level: 1, text: '一、存在问题' },
      { level: 2, text: '（一）理论学习方面' },
      { level: 2, text: '（二）工作作风方面' },
      { level: 1, text: '二、整改措施' },
    ]);
    assert.equal(body.blocks[3]?.text, '一是学习不深，查处了**万人。');
    // Bold became a mark, so only the lone ** is a placeholder.
    const result = (await checks(report.id)).body;
    assert.deepEqual(result.problems.map((p) => [p.kind, p.text, p.block]), [['placeholder', '**', 3]]);
  });

  test('a .docx imports with Word heading styles, a bold leading heading and its title line', async () => {
    const bytes = await wordFile();
    const report = await imported('检查材料.docx', bytes);
    assert.equal(report.title, '关于2024年度组织生活会的个人对照检查');
    const body = await content(report.id);
    assert.deepEqual(body.blocks, [
      { type: 'paragraph', text: '按照要求，现作对照检查如下：' },
      { type: 'heading', level: 1, text: '一、存在问题' },
      { type: 'heading', level: 2, text: '（一）理论学习方面' },
      { type: 'paragraph', text: '一是学习不深，党委领导*工作。' },
      { type: 'heading', level: 2, text: '（二）工作作风方面' },
      { type: 'paragraph', text: '一是调研不多。' },
      { type: 'heading', level: 1, text: '二、整改措施' },
      { type: 'paragraph', text: '一是加强学习。' },
    ]);
    const [event] = await audit(report.id);
    assert.equal((event?.details.file as { kind: string }).kind, 'docx');
    assert.deepEqual((await checks(report.id)).body.problems.map((p) => [p.kind, p.text, p.block]), [['placeholder', '*', 3]]);
  });

  test('text saved as GB18030 (Chinese Windows "ANSI") or UTF-16 with a BOM imports too', async () => {
    const gb18030 = Buffer.from([0xd2, 0xbb, 0xa1, 0xa2, 0xb4, 0xe6, 0xd4, 0xda, 0xce, 0xca, 0xcc, 0xe2, 0x0a, 0xc4, 0xda, 0xc8, 0xdd, 0xa1, 0xa3]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('一、存在问题\r\n内容。', 'utf16le')]);
    for (const [name, bytes] of [['ansi.txt', gb18030], ['unicode.txt', utf16]] as const) {
      const report = await imported(name, bytes);
      assert.deepEqual((await content(report.id)).blocks, [
        { type: 'heading', level: 1, text: '一、存在问题' },
        { type: 'paragraph', text: '内容。' },
      ], name);
    }
  });

  test('bad files get 400 with the reason, and no report is created', async () => {
    const before = await reportIds();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(256)]);
    const corruptDocx = Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(512)]);
    const notWord = await new JSZip().file('notes.txt', '一、存在问题').generateAsync({ type: 'nodebuffer' });
    const bomb = await new JSZip()
      .file('word/document.xml', Buffer.alloc(LIMITS.importUnpackedBytes + 1))
      .generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    assert.ok(bomb.length < LIMITS.importFileBytes);
    const cases: [string, string | undefined, Uint8Array, RegExp][] = [
      ['binary .txt', 'report.txt', randomBytes(4096), /not text|binary/],
      ['image named .md', 'report.md', png, /PNG image/],
      ['empty file', 'report.txt', new Uint8Array(0), /empty/],
      ['only white space', 'report.txt', Buffer.from(' \n\u3000\n\t\n'), /no text/],
      ['too large', 'report.txt', Buffer.alloc(LIMITS.importFileBytes + 1, 'a'), /larger than 2 MiB/],
      ['wrong extension', 'report.pdf', Buffer.from('%PDF-1.7 一、存在问题'), /only \.txt, \.md and \.docx/],
      ['no extension', 'report', Buffer.from('一、存在问题'), /only \.txt, \.md and \.docx/],
      ['corrupt .docx', 'report.docx', corruptDocx, /damaged/],
      ['a ZIP that is no Word document', 'report.docx', notWord, /damaged or not a Word document/],
      ['a .docx that unpacks to a zip bomb', 'report.docx', bomb, /unpacks to more than 32 MiB/],
      ['text named .docx', 'report.docx', Buffer.from('一、存在问题\n内容'), /not a Word \.docx/],
      ['old Word .doc named .docx', 'report.docx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /97–2003/],
      ['no file at all', undefined, new Uint8Array(0), /file/],
    ];
    for (const [what, name, bytes, message] of cases) {
      const res = await upload(author.client, name, bytes);
      const err = assertError(res, 400, 'validation_failed');
      assert.match(err.message + JSON.stringify(err.details), message, `${what}: ${err.message}`);
    }
    assertError(await upload(author.client, 'a.txt', Buffer.from('内容'), { teamId: 'not-a-uuid' }), 400, 'validation_failed');
    assert.deepEqual(await reportIds(), before);
  });

  test('a non-member cannot import into the team, nor read the checks or export a report (404)', async () => {
    const res = await upload(outsider.client, 'report.txt', sample('party-spirit-analysis.txt'));
    assertError(res, 404, 'not_found');
    const report = await imported('report.txt', sample('party-spirit-analysis.txt'));
    assertError(await checks(report.id, outsider.client), 404, 'not_found');
    const { res: exported } = await exportDocx(report.id, outsider.client);
    assert.equal(exported.status, 404);
    // Any member may read the checks and export.
    assert.equal((await checks(report.id, viewer.client)).status, 200);
    assert.equal((await exportDocx(report.id, viewer.client)).res.status, 200);
  });

  test('checks point at the blocks of GET /content: placeholders, empty sections, missing measures', async () => {
    const text = ['自查报告', '现将情况报告如下。', '一、存在问题', '（一）学习方面', '破解XX工作。', '（二）作风方面', '二、原因剖析', '以上报告，请批评指正。'].join('\n');
    const report = await imported('自查.txt', Buffer.from(text));
    const body = await content(report.id);
    const result = (await checks(report.id)).body;
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.problems.map((p) => [p.kind, p.text, body.blocks[p.block]?.text]),
      [
        ['missing_measures', '一、存在问题', '一、存在问题'],
        ['placeholder', 'XX', '破解XX工作。'],
        ['empty_section', '（二）作风方面', '（二）作风方面'],
        ['empty_section', '二、原因剖析', '二、原因剖析'],
      ],
    );
  });

  test('submit is refused with 409 checks_failed listing the problems, then accepted with an override reason (audited)', async () => {
    const report = await imported('study.txt', sample('study-and-inspection.txt'), { reviewerId: reviewer.user.id });
    assert.equal(report.reviewerId, reviewer.user.id);
    const expected = (await checks(report.id)).body.problems;
    assert.ok(expected.length > 0);

    const refused = await transition(author.client, report.id, 'submit');
    const err = assertError(refused, 409, 'checks_failed');
    assert.deepEqual(err.details as ContentProblem[], expected);
    const still = (await author.client.get<ReportDto>(`/reports/${report.id}`)).body;
    assert.equal(still.state, 'draft');
    assert.equal(still.revision, report.revision);
    assert.ok(!(await audit(report.id)).some((e) => e.action === 'submit' || e.action === 'version'));

    const reason = '数字待统计后补充，先请审核人看结构';
    const accepted = await transition(author.client, report.id, 'submit', { overrideReason: reason });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.state, 'in_review');
    const submit = (await audit(report.id)).find((e) => e.action === 'submit');
    assert.equal(submit?.details.overrideReason, reason);
    assert.equal(submit?.details.overriddenProblems, expected.length);

    // A report in review is marked so in the header of its export.
    const { bytes } = await exportDocx(report.id);
    const docx = await openDocx(bytes);
    assert.ok(docx.headers.length > 0 && docx.headers.every((h) => paragraphs(h).some((p) => p.text === '审核中')));
  });

  test('export of a draft: GB/T 9704 page, fonts per block kind, fixed 28 pt lines, 草稿 header, page numbers; audited', async () => {
    const report = await imported('outline.txt', sample('democratic-life-meeting-outline.txt'));
    const body = await content(report.id);
    const { res, bytes } = await exportDocx(report.id, viewer.client);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const disposition = res.headers.get('content-disposition') ?? '';
    assert.match(disposition, /^attachment;/);
    assert.ok(disposition.includes(`filename*=UTF-8''${encodeURIComponent(`${report.title}.docx`)}`), disposition);

    const docx = await openDocx(bytes);
    // Page: A4 and the margins of GB/T 9704 in twips.
    const sectPr = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(docx.document)?.[0] ?? '';
    assert.match(sectPr, /<w:pgSz w:w="11906" w:h="16838"\/>/);
    const margin = (side: string) => Number(new RegExp(`<w:pgMar[^>]* w:${side}="(\\d+)"`).exec(sectPr)?.[1]);
    assert.deepEqual(
      { top: margin('top'), bottom: margin('bottom'), left: margin('left'), right: margin('right') },
      { top: 2098, bottom: 1984, left: 1587, right: 1474 },
    );

    // Paragraphs in order: the title, then every block of the report with its style.
    const paras = paragraphs(docx.document.replace(/<w:sectPr>[\s\S]*<\/w:sectPr>/, ''));
    assert.deepEqual(paras[0], { ...paras[0], style: 'Title', text: report.title });
    const expectedStyle = (b: ReportContentDto['blocks'][number]) => (b.type === 'heading' ? `Heading${b.level}` : undefined);
    assert.deepEqual(
      paras.slice(1).map((p) => [p.style, p.text]),
      body.blocks.map((b) => [expectedStyle(b), b.text]),
    );

    // Fonts and sizes per block kind (East Asian font names), with the fallback of the title font.
    const s = docx.styles;
    assert.equal(eastAsiaFont(s, 'Title'), '方正小标宋简体');
    assert.equal(fontSize(s, 'Title'), 44);
    assert.equal(eastAsiaFont(s, undefined), '仿宋_GB2312');
    assert.equal(fontSize(s, undefined), 32);
    assert.equal(eastAsiaFont(s, 'Heading1'), '黑体');
    assert.equal(eastAsiaFont(s, 'Heading2'), '楷体_GB2312');
    assert.equal(fontSize(s, 'Heading1'), 32);
    assert.match(docx.fonts, /<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/);
    // No run overrides the fonts of its style.
    assert.ok(!paras.some((p) => /<w:rFonts/.test(p.xml)));

    // 28 pt fixed line spacing everywhere; body paragraphs indented by two characters.
    assert.match(/<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(s)?.[0] ?? '', /<w:spacing [^>]*w:line="560" w:lineRule="exact"\/>/);
    for (const id of ['Normal', 'Title', 'Heading1', 'Heading2']) {
      assert.match(styleXml(s, id), /<w:spacing [^>]*w:line="560" w:lineRule="exact"\/>/, id);
    }
    assert.match(styleXml(s, 'Normal'), /<w:ind w:firstLineChars="200"/);

    // Header: 草稿; footers: the PAGE field between dashes.
    assert.equal(docx.headers.length, 2);
    for (const h of docx.headers) assert.deepEqual(paragraphs(h).map((p) => p.text), ['草稿']);
    assert.equal(docx.footers.length, 2);
    for (const f of docx.footers) {
      assert.match(f, /<w:instrText xml:space="preserve"> PAGE <\/w:instrText>/);
      assert.equal(paragraphs(f)[0]?.text, '— 1 —');
    }
    assert.ok(!docx.document.includes('签批'), 'a draft has no sign-off page');

    const exported = (await audit(report.id)).filter((e) => e.action === 'export');
    assert.equal(exported.length, 1);
    assert.equal(exported[0]?.actor, viewer.user.id);
    assert.deepEqual(
      { format: exported[0]?.details.format, state: exported[0]?.details.state, contentHash: exported[0]?.details.contentHash },
      { format: 'docx', state: 'draft', contentHash: body.contentHash },
    );
  });

  test('export of an approved report ends with the sign-off page: signer, time, 批准, version and content hash', async () => {
    const report = await imported('党性分析.txt', sample('party-spirit-analysis.txt'), { reviewerId: reviewer.user.id });
    assert.deepEqual((await checks(report.id)).body, { ok: true, problems: [] });
    assert.equal((await transition(author.client, report.id, 'submit')).status, 200);
    const approved = await transition(reviewer.client, report.id, 'approve', {
      contentHash: report.contentHash,
      password: `pw-${reviewer.user.username}`,
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const [sig] = (await author.client.get<SignatureDto[]>(`/reports/${report.id}/signatures`)).body;
    assert.ok(sig);

    const { res, bytes } = await exportDocx(report.id);
    assert.equal(res.status, 200);
    const docx = await openDocx(bytes);
    assert.ok(docx.headers.every((h) => !/草稿|审核中|退回修改/.test(h)), 'an approved report carries no state mark');
    const paras = paragraphs(docx.document);
    const start = paras.findIndex((p) => p.text === '签批');
    assert.ok(start > 0, 'the sign-off heading is there');
    assert.match(paras[start - 1]?.xml ?? '', /<w:br w:type="page"\/>/, 'the sign-off starts on a new page');
    const signOff = paras.slice(start).map((p) => p.text);
    const shanghai = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      })
        .formatToParts(new Date(sig.signedAt))
        .map((p) => [p.type, p.value]),
    );
    const time = `${shanghai.year}年${shanghai.month}月${shanghai.day}日 ${shanghai.hour}:${shanghai.minute}:${shanghai.second}`;
    assert.ok(signOff.includes(`签批人：${reviewer.user.displayName}`), signOff.join(' | '));
    assert.ok(signOff.includes(`签批时间：${time}（北京时间）`), signOff.join(' | '));
    assert.ok(signOff.includes('签批含义：批准'));
    assert.ok(signOff.includes(`版本号：第 ${sig.versionNumber} 版`));
    assert.ok(signOff.includes(sig.contentHash));
    assert.equal(sig.contentHash, approved.body.contentHash);
    const exported = (await audit(report.id)).find((e) => e.action === 'export');
    assert.equal(exported?.details.signedVersion, sig.versionNumber);
  });

  test('a report from a template ends with its 落款; the approved export sets it right with the day of the approval', async () => {
    const report = await fx.newReport(author.client, team.id, { template: 'inspection', reviewerId: reviewer.user.id });
    const body = await content(report.id);
    const last = body.blocks.length - 1;
    assert.deepEqual(
      body.blocks.slice(-3).map((b) => b.text),
      ['以上对照检查，不妥之处，恳请同志们批评指正。', '×××', '××××年××月××日'],
    );
    // The date is filled in at approval: its blanks do not stop a submit; the name's do.
    const problems = (await checks(report.id)).body.problems;
    assert.deepEqual(
      problems.filter((p) => p.block >= last - 1).map((p) => [p.block, p.text]),
      [[last - 1, '×××']],
    );

    /** The paragraphs of the report's text in the export: after the title, before any sign-off page. */
    const exportedText = async () => {
      const paras = paragraphs((await openDocx((await exportDocx(report.id)).bytes)).document);
      const pageBreak = paras.findIndex((p) => p.xml.includes('<w:br w:type="page"/>'));
      return paras.slice(1, pageBreak === -1 ? undefined : pageBreak);
    };
    const rightAligned = (p: { xml: string } | undefined) => /<w:jc w:val="right"\/>/.test(p?.xml ?? '');

    // A draft prints the blanks, set right, a blank line below the text.
    const draft = await exportedText();
    assert.deepEqual(draft.slice(-4).map((p) => p.text), ['以上对照检查，不妥之处，恳请同志们批评指正。', '', '×××', '××××年××月××日']);
    assert.deepEqual(draft.slice(-4).map(rightAligned), [false, false, true, true]);

    assert.equal((await transition(author.client, report.id, 'submit', { overrideReason: '内容待会后补充' })).status, 200);
    const approved = await transition(reviewer.client, report.id, 'approve', {}, { password: `pw-${reviewer.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const [sig] = (await author.client.get<SignatureDto[]>(`/reports/${report.id}/signatures`)).body;
    assert.ok(sig);
    const day = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' })
        .formatToParts(new Date(sig.signedAt))
        .map((p) => [p.type, p.value]),
    );

    // Approved: the author's name and the day of the approval in Beijing time, in Arabic numerals.
    const signed = await exportedText();
    const [name, date] = signed.slice(-2);
    assert.equal(name?.text, author.user.displayName);
    assert.equal(date?.text, `${day.year}年${day.month}月${day.day}日`);
    assert.ok(rightAligned(name) && rightAligned(date), `${name?.xml} ${date?.xml}`);
    assert.equal(signed.at(-3)?.text, '', 'a blank line below the text');
    assert.equal(signed.length, draft.length);
    // The stored text keeps its blanks: the approval signed it as it was.
    assert.deepEqual((await content(report.id)).blocks.slice(-2).map((b) => b.text), ['×××', '××××年××月××日']);
    assert.equal(sig.contentHash, body.contentHash);
  });

  test('round trip: import a sample, export it, import the export — same title, outline and content', async () => {
    for (const file of ['democratic-life-meeting-outline.txt', 'study-and-inspection.txt', 'leading-by-example-inspection.txt']) {
      const first = await imported(file, sample(file));
      const { bytes } = await exportDocx(first.id);
      const second = await imported(`${first.title}.docx`, bytes);
      assert.equal(second.title, first.title);
      assert.deepEqual(second.leftOut, [], 'a draft’s export has no sign-off page');
      const [a, b] = [await content(first.id), await content(second.id)];
      assert.deepEqual(outlineOf(b.blocks), outlineOf(a.blocks), file);
      assert.deepEqual(b.blocks, a.blocks);
      assert.equal(second.contentHash, first.contentHash);
    }
  });

  test('re-importing the export of an approved report: a new draft without the sign-off page, and the answer says so', async () => {
    const file = 'leading-by-example-inspection.txt';
    const first = await imported(file, sample(file), { reviewerId: reviewer.user.id });
    assert.equal((await transition(author.client, first.id, 'submit')).status, 200);
    const approved = await transition(reviewer.client, first.id, 'approve', {}, { password: `pw-${reviewer.user.username}` });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const [sig] = (await author.client.get<SignatureDto[]>(`/reports/${first.id}/signatures`)).body;
    assert.ok(sig?.anchor, 'the approval has its anchor');

    // The export the server made carries the sign-off page.
    const { bytes } = await exportDocx(first.id);
    const exported = paragraphs((await openDocx(bytes)).document).map((p) => p.text);
    const signOff = exported.slice(exported.indexOf('签批'));
    assert.ok(signOff.includes(`签批人：${reviewer.user.displayName}`) && signOff.includes(sig.contentHash), signOff.join(' | '));

    const second = await imported(`${first.title}.docx`, bytes);
    assert.deepEqual(second.leftOut, ['sign_off_page']);
    assert.deepEqual([second.state, second.title, second.reviewerId], ['draft', first.title, null]);
    const [a, b] = [await content(first.id), await content(second.id)];
    assert.deepEqual(outlineOf(b.blocks), LEADING_OUTLINE);
    assert.deepEqual(b.blocks, a.blocks, 'the text of the report, nothing of the sign-off page');
    assert.equal(second.contentHash, first.contentHash);
    for (const line of ['签批人', '签批时间', '内容哈希', '审计锚点', sig.contentHash, sig.anchor.headHash]) {
      assert.ok(!b.text.includes(line), line);
    }
    const [event] = await audit(second.id);
    assert.deepEqual([event?.action, event?.details.leftOut], ['import', ['sign_off_page']]);
  });
});
