import { FRAGMENT, type ReportState, SIGN_OFF, signatureBlock, signatureIndents, signedSignature } from '@review/shared';
import JSZip from 'jszip';
import * as Y from 'yjs';

/**
 * A report as a Word document in the official style of GB/T 9704-2012, written as OOXML directly
 * (a handful of small parts; every setting the standard asks for is visible here):
 * A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 2号 (22 pt) 方正小标宋简体,
 * body 3号 (16 pt) 仿宋_GB2312, level-1 headings 黑体, level-2 楷体_GB2312, level-3 仿宋 bold;
 * fixed 28 pt line spacing; first-line indent of two characters; page numbers `— 1 —` at the
 * outer edge (odd pages right, even pages left). Fonts that a computer may lack name their
 * usual substitute in the font table (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体).
 * The 落款 (name and date, signature-block.ts in @review/shared) stands right, a blank line below
 * the text; an approved report prints the day of its approval in a blank date.
 */

export interface DocxRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export interface DocxBlock {
  style: 'heading1' | 'heading2' | 'heading3' | 'body';
  runs: DocxRun[];
}

export interface DocxSignOff {
  signerName: string;
  signedAt: Date;
  versionNumber: number;
  contentHash: string;
  /** The audit chain's head just after the approval, signed by the server. */
  anchor: { events: number; headHash: string; keyId: string; signature: string } | null;
}

export interface OfficialDocument {
  title: string;
  author: string;
  state: ReportState;
  contentHash: string;
  blocks: DocxBlock[];
  /** The sign-off page of an approved report. */
  signOff?: DocxSignOff;
  createdAt: Date;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The header mark of a report that is not approved. */
export const STATE_MARK: Record<Exclude<ReportState, 'approved'>, string> = {
  draft: '草稿',
  in_review: '审核中',
  changes_requested: '退回修改',
};

const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
  latin: 'Times New Roman',
};

/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
const SIZE = { title: 44, body: 32, small: 28 };
/** 28 pt fixed line spacing, in twentieths of a point. */
const LINE = 560;
/** One character of body text (3号, 16 pt), in twentieths of a point. */
const CHAR = 320;
/** A4 and the margins, in twips (1 mm = 1440 / 25.4 twips). */
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1587, right: 1474, header: 851, footer: 1247 };

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Characters XML 1.0 cannot carry are dropped; the rest is escaped. */
function esc(text: string): string {
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const fonts = (eastAsia: string, latin = FONT.latin) =>
  `<w:rFonts w:ascii="${latin}" w:hAnsi="${latin}" w:eastAsia="${eastAsia}" w:cs="${latin}"/>`;

function run(r: DocxRun, extra = ''): string {
  if (r.text === '') return '';
  const props = `${extra}${r.bold ? '<w:b/><w:bCs/>' : ''}${r.italic ? '<w:i/><w:iCs/>' : ''}`;
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(r.text)}</w:t></w:r>`;
}

function paragraph(runs: string, props = ''): string {
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${runs}</w:p>`;
}

const STYLE_ID: Record<DocxBlock['style'], string | undefined> = {
  heading1: 'Heading1',
  heading2: 'Heading2',
  heading3: 'Heading3',
  body: undefined,
};

function blockXml(block: DocxBlock): string {
  const style = STYLE_ID[block.style];
  return paragraph(block.runs.map((r) => run(r)).join(''), style ? `<w:pStyle w:val="${style}"/>` : '');
}

/**
 * The blocks, with the 落款 set right as GB/T 9704 places it (signatureIndents) after a blank
 * line, unless the text left one. On an approved report a blank date becomes the day of the
 * approval and a blank name the author's (signedSignature); the stored text keeps its blanks.
 */
function bodyXml(d: OfficialDocument): string[] {
  const lines = d.blocks.map((b) => ({ type: b.style === 'body' ? 'paragraph' : 'heading', text: b.runs.map((r) => r.text).join('') }));
  const signature = signatureBlock(lines);
  if (!signature) return d.blocks.map(blockXml);
  const filled = d.signOff ? signedSignature(lines, signature, { signedAt: d.signOff.signedAt, name: d.author }) : new Map<number, string>();
  const shown = (i: number) => filled.get(i) ?? lines[i]?.text ?? '';
  const indents = signatureIndents(signature.signers.map(shown), shown(signature.date));
  const right = new Map<number, number>(signature.signers.map((i, n) => [i, indents.signers[n] ?? 0]));
  right.set(signature.date, indents.date);
  const first = signature.signers[0] ?? signature.date;
  return d.blocks.flatMap((block, i) => {
    const indent = right.get(i);
    if (indent === undefined) return [blockXml(block)];
    const text = filled.get(i);
    const runs = text === undefined ? block.runs : [{ text }];
    // Word puts extra space between Chinese and digits unless told not to; without it a line is as
    // wide as signatureIndents reckons (LibreOffice 7.4 does not read this and adds it anyway).
    const props =
      '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>' +
      `<w:ind w:firstLine="0" w:firstLineChars="0" w:right="${Math.round(indent * CHAR)}"/><w:jc w:val="right"/>`;
    const xml = paragraph(runs.map((r) => run(r)).join(''), props);
    return i === first && lines[i - 1]?.text.trim() !== '' ? [paragraph(''), xml] : [xml];
  });
}

/** Beijing time, as a sign-off page states it: 2025年3月1日 14:05:09. */
export function shanghaiTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The sign-off page, in the words an import recognises it by (SIGN_OFF, shared). */
function signOffXml(s: DocxSignOff): string {
  const plain = '<w:ind w:firstLine="0" w:firstLineChars="0"/>';
  const mono = (text: string, halfPoints = 21) =>
    paragraph(run({ text }, `${fonts(FONT.body, 'Courier New')}<w:sz w:val="${halfPoints}"/><w:szCs w:val="${halfPoints}"/>`), plain);
  const line = (label: string, value: string) => paragraph(run({ text: label }, fonts(FONT.heading1)) + run({ text: value }), plain);
  return [
    paragraph('<w:r><w:br w:type="page"/></w:r>', plain),
    paragraph(run({ text: SIGN_OFF.heading }, `${fonts(FONT.title)}<w:sz w:val="${SIZE.title}"/><w:szCs w:val="${SIZE.title}"/>`), '<w:pStyle w:val="SignOff"/>'),
    line(SIGN_OFF.signer, s.signerName),
    line(SIGN_OFF.signedAt, `${shanghaiTime(s.signedAt)}（北京时间）`),
    line(SIGN_OFF.meaning, '批准'),
    line(SIGN_OFF.version, `第 ${s.versionNumber} 版`),
    line(SIGN_OFF.contentHash, ''),
    mono(s.contentHash),
    ...(s.anchor
      ? [
          line(SIGN_OFF.anchor, `第 ${s.anchor.events} 条审计记录 · 密钥 ${s.anchor.keyId}`),
          line(SIGN_OFF.headHash, ''),
          mono(s.anchor.headHash),
          line(SIGN_OFF.signature, ''),
          mono(s.anchor.signature, 16),
        ]
      : []),
    paragraph(
      run(
        {
          text:
            SIGN_OFF.note +
            (s.anchor ? '审计锚点由服务器密钥签名，可用系统公开的公钥（/api/audit/keys）核对，审计记录日后若被改写即不再相符。' : ''),
        },
        '<w:sz w:val="24"/><w:szCs w:val="24"/>',
      ),
      plain,
    ),
  ].join('');
}

function documentXml(d: OfficialDocument, hasHeader: boolean): string {
  const body = [
    paragraph(run({ text: d.title }), '<w:pStyle w:val="Title"/>'),
    ...bodyXml(d),
    d.signOff ? signOffXml(d.signOff) : '',
  ].join('');
  const headers = hasHeader
    ? '<w:headerReference w:type="default" r:id="rIdHeaderOdd"/><w:headerReference w:type="even" r:id="rIdHeaderEven"/>'
    : '';
  const sectPr =
    `<w:sectPr>${headers}` +
    '<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>' +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" ` +
    `w:header="${PAGE.header}" w:footer="${PAGE.footer}" w:gutter="0"/>` +
    '<w:cols w:space="425"/></w:sectPr>';
  return `${XML_HEAD}<w:document ${NS}><w:body>${body}${sectPr}</w:body></w:document>`;
}

function stylesXml(): string {
  const spacing = `<w:spacing w:before="0" w:after="0" w:line="${LINE}" w:lineRule="exact"/>`;
  const indent = '<w:ind w:firstLineChars="200" w:firstLine="640"/>';
  const noIndent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>';
  const size = (halfPoints: number) => `<w:sz w:val="${halfPoints}"/><w:szCs w:val="${halfPoints}"/>`;
  const heading = (id: string, name: string, level: number, rPr: string) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>` +
    `<w:qFormat/><w:pPr><w:keepNext/>${spacing}${indent}<w:outlineLvl w:val="${level}"/></w:pPr><w:rPr>${rPr}${size(SIZE.body)}</w:rPr></w:style>`;
  return (
    `${XML_HEAD}<w:styles ${NS}>` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts(FONT.body)}${size(SIZE.body)}` +
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>' +
    `<w:pPrDefault><w:pPr>${spacing}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>' +
    `<w:pPr><w:widowControl w:val="0"/>${spacing}${indent}<w:jc w:val="both"/></w:pPr>` +
    `<w:rPr>${fonts(FONT.body)}${size(SIZE.body)}</w:rPr></w:style>` +
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>' +
    `<w:pPr><w:spacing w:before="0" w:after="${LINE}" w:line="${LINE}" w:lineRule="exact"/>${noIndent}<w:jc w:val="center"/><w:outlineLvl w:val="9"/></w:pPr>` +
    `<w:rPr>${fonts(FONT.title)}${size(SIZE.title)}</w:rPr></w:style>` +
    heading('Heading1', 'heading 1', 0, fonts(FONT.heading1)) +
    heading('Heading2', 'heading 2', 1, fonts(FONT.heading2)) +
    heading('Heading3', 'heading 3', 2, `${fonts(FONT.body)}<w:b/><w:bCs/>`) +
    '<w:style w:type="paragraph" w:styleId="SignOff"><w:name w:val="Sign-off"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>' +
    `<w:pPr><w:spacing w:before="0" w:after="${LINE}" w:line="${LINE}" w:lineRule="exact"/>${noIndent}<w:jc w:val="center"/></w:pPr></w:style>` +
    '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>' +
    `<w:pPr>${noIndent}<w:jc w:val="right"/></w:pPr><w:rPr>${fonts(FONT.heading1)}${size(SIZE.small)}</w:rPr></w:style>` +
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>' +
    `<w:pPr>${noIndent}</w:pPr><w:rPr>${fonts(FONT.pageNumber, FONT.pageNumber)}${size(SIZE.small)}</w:rPr></w:style>` +
    '</w:styles>'
  );
}

function fontTableXml(): string {
  const font = (name: string, alt: string | undefined, charset: string, family: string) =>
    `<w:font w:name="${name}">${alt ? `<w:altName w:val="${alt}"/>` : ''}<w:charset w:val="${charset}"/>` +
    `<w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`;
  return (
    `${XML_HEAD}<w:fonts ${NS}>` +
    font(FONT.latin, undefined, '00', 'roman') +
    font(FONT.title, '宋体', '86', 'script') +
    font(FONT.body, '仿宋', '86', 'modern') +
    font(FONT.heading1, 'SimHei', '86', 'modern') +
    font(FONT.heading2, '楷体', '86', 'modern') +
    font(FONT.pageNumber, 'SimSun', '86', 'auto') +
    '</w:fonts>'
  );
}

function headerXml(mark: string): string {
  return `${XML_HEAD}<w:hdr ${NS}>${paragraph(run({ text: mark }), '<w:pStyle w:val="Header"/>')}</w:hdr>`;
}

/** `— 1 —` with the PAGE field; odd pages on the right, even pages on the left, one character in. */
function footerXml(side: 'right' | 'left'): string {
  const field =
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>' +
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
  const indent = side === 'right' ? '<w:ind w:right="280" w:firstLine="0"/>' : '<w:ind w:left="280" w:firstLine="0"/>';
  const body = `${run({ text: '— ' })}${field}${run({ text: ' —' })}`;
  return `${XML_HEAD}<w:ftr ${NS}>${paragraph(body, `<w:pStyle w:val="Footer"/>${indent}<w:jc w:val="${side}"/>`)}</w:ftr>`;
}

function settingsXml(): string {
  return (
    `${XML_HEAD}<w:settings ${NS}><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>` +
    '<w:characterSpacingControl w:val="compressPunctuation"/><w:compat>' +
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>' +
    '</w:compat></w:settings>'
  );
}

const w3cdtf = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function coreXml(d: OfficialDocument, now: Date): string {
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${esc(d.title)}</dc:title><dc:creator>${esc(d.author)}</dc:creator>` +
    `<dc:description>SHA-256 ${d.contentHash}</dc:description>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${w3cdtf(d.createdAt)}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${w3cdtf(now)}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function contentTypesXml(hasHeader: boolean): string {
  const main = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
  const part = (name: string, type: string) => `<Override PartName="${name}" ContentType="${type}"/>`;
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    part('/word/document.xml', `${main}.document.main+xml`) +
    part('/word/styles.xml', `${main}.styles+xml`) +
    part('/word/settings.xml', `${main}.settings+xml`) +
    part('/word/fontTable.xml', `${main}.fontTable+xml`) +
    (hasHeader ? part('/word/header1.xml', `${main}.header+xml`) + part('/word/header2.xml', `${main}.header+xml`) : '') +
    part('/word/footer1.xml', `${main}.footer+xml`) +
    part('/word/footer2.xml', `${main}.footer+xml`) +
    part('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
    part('/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml') +
    '</Types>'
  );
}

function relsXml(rels: [string, string, string][]): string {
  return (
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('') +
    '</Relationships>'
  );
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The .docx file of the report. */
export async function officialDocx(d: OfficialDocument, now = new Date()): Promise<Buffer> {
  const mark = d.state === 'approved' ? undefined : STATE_MARK[d.state];
  const hasHeader = mark !== undefined;
  const parts = new JSZip();
  // Parts only: no folder entries, which Office does not write either.
  const zip = { file: (name: string, xml: string) => parts.file(name, xml, { createFolders: false }) };
  zip.file('[Content_Types].xml', contentTypesXml(hasHeader));
  zip.file(
    '_rels/.rels',
    relsXml([
      ['rId1', `${REL}/officeDocument`, 'word/document.xml'],
      ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'],
      ['rId3', `${REL}/extended-properties`, 'docProps/app.xml'],
    ]),
  );
  zip.file('docProps/core.xml', coreXml(d, now));
  zip.file(
    'docProps/app.xml',
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>报告审核</Application></Properties>`,
  );
  zip.file('word/document.xml', documentXml(d, hasHeader));
  zip.file('word/styles.xml', stylesXml());
  zip.file('word/settings.xml', settingsXml());
  zip.file('word/fontTable.xml', fontTableXml());
  const rels: [string, string, string][] = [
    ['rIdStyles', `${REL}/styles`, 'styles.xml'],
    ['rIdSettings', `${REL}/settings`, 'settings.xml'],
    ['rIdFonts', `${REL}/fontTable`, 'fontTable.xml'],
    ['rIdFooterOdd', `${REL}/footer`, 'footer1.xml'],
    ['rIdFooterEven', `${REL}/footer`, 'footer2.xml'],
  ];
  if (mark) {
    zip.file('word/header1.xml', headerXml(mark));
    zip.file('word/header2.xml', headerXml(mark));
    rels.push(['rIdHeaderOdd', `${REL}/header`, 'header1.xml'], ['rIdHeaderEven', `${REL}/header`, 'header2.xml']);
  }
  zip.file('word/footer1.xml', footerXml('right'));
  zip.file('word/footer2.xml', footerXml('left'));
  zip.file('word/_rels/document.xml.rels', relsXml(rels));
  return parts.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

// ---- reading the Yjs document ----------------------------------------------------------------

function runsOf(element: Y.XmlElement): DocxRun[] {
  const runs: DocxRun[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert !== 'string') continue;
        runs.push({ text: op.insert, bold: Boolean(op.attributes?.bold), italic: Boolean(op.attributes?.italic) });
      }
    } else if (child instanceof Y.XmlElement) {
      runs.push(...runsOf(child));
    }
  }
  return runs;
}

/**
 * The blocks of the `default` fragment as the document shows them: headings by level, paragraphs,
 * list items as paragraphs led by `·` or their number.
 */
export function docxBlocks(doc: Y.Doc): DocxBlock[] {
  const blocks: DocxBlock[] = [];
  const visit = (el: Y.XmlElement, prefix?: string) => {
    if (el.nodeName === 'bulletList' || el.nodeName === 'orderedList') {
      let n = 0;
      for (const item of el.toArray()) {
        if (!(item instanceof Y.XmlElement)) continue;
        n += 1;
        visit(item, el.nodeName === 'bulletList' ? '· ' : `${n}. `);
      }
      return;
    }
    if (el.nodeName === 'listItem') {
      let first = true;
      for (const child of el.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        visit(child, first ? prefix : undefined);
        first = false;
      }
      return;
    }
    const runs = runsOf(el);
    if (prefix) runs.unshift({ text: prefix });
    if (el.nodeName === 'heading') {
      const level = Number(el.getAttribute('level'));
      blocks.push({ style: level === 2 ? 'heading2' : level === 3 ? 'heading3' : 'heading1', runs });
    } else {
      blocks.push({ style: 'body', runs });
    }
  };
  for (const child of doc.getXmlFragment(FRAGMENT).toArray()) {
    if (child instanceof Y.XmlElement) visit(child);
  }
  return blocks;
}
