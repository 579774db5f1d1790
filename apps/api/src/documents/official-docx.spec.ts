import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReport } from '@review/shared';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { type DocxBlock, type DocxSignOff, type OfficialDocument, officialDocx } from './official-docx.js';

const body = (text: string): DocxBlock => ({ style: 'body', runs: [{ text }] });
const heading1 = (text: string): DocxBlock => ({ style: 'heading1', runs: [{ text }] });

/** A report whose text talks about sign-offs itself: only the page the export adds may go. */
const BLOCKS: DocxBlock[] = [
  heading1('一、存在问题'),
  body('整改方案报请主要负责同志签批后才印发，签批环节耗时较长。'),
  heading1('二、整改措施'),
  body('签批'),
  body('签批人：由分管领导负责。'),
];

const SIGN_OFF: DocxSignOff = {
  signerName: '李华',
  signedAt: new Date('2025-03-01T06:05:09Z'),
  versionNumber: 2,
  contentHash: 'c0ffee'.padEnd(64, '7'),
  anchor: { events: 9, headHash: 'e'.repeat(64), keyId: '0123456789abcdef', signature: `${'c2lnbmF0dXJl'.repeat(7)}AA==` },
};

const report = (signOff?: DocxSignOff): OfficialDocument => ({
  title: '关于签批流程的专项检查报告',
  author: '张明',
  state: signOff ? 'approved' : 'draft',
  contentHash: 'c0ffee'.padEnd(64, '7'),
  blocks: BLOCKS,
  ...(signOff ? { signOff } : {}),
  createdAt: new Date('2025-02-01T00:00:00Z'),
});

/** The .docx read back the way the import reads one: mammoth's HTML, then the shared parser. */
async function readBack(d: OfficialDocument) {
  const html = (await mammoth.convertToHtml({ buffer: await officialDocx(d) })).value;
  return { html, parsed: parseReport(html, 'html') };
}

test('the sign-off page of an approved report is what the import leaves out, with or without its anchor', async () => {
  for (const signOff of [SIGN_OFF, { ...SIGN_OFF, anchor: null }]) {
    const { html, parsed } = await readBack(report(signOff));
    assert.match(html, /签批人：李华/, 'the export writes the page');
    assert.equal(parsed.signOffPage, true);
    assert.equal(parsed.title, '关于签批流程的专项检查报告');
    assert.deepEqual(
      parsed.blocks.map((b) => b.text),
      BLOCKS.map((b) => b.runs[0]?.text),
    );
  }
});

test('the export of a draft has no sign-off page, and its own 签批 paragraphs stay', async () => {
  const { parsed } = await readBack(report());
  assert.equal(parsed.signOffPage, false);
  assert.deepEqual(
    parsed.blocks.map((b) => b.text),
    BLOCKS.map((b) => b.runs[0]?.text),
  );
});

/** The paragraphs of the report's text in the document part (not its title nor the sign-off page): text and properties. */
async function textParagraphs(d: OfficialDocument): Promise<{ text: string; props: string }[]> {
  const xml = (await (await JSZip.loadAsync(await officialDocx(d))).file('word/document.xml')?.async('string')) ?? '';
  const paras = [...xml.matchAll(/<w:p>(?:<w:pPr>(.*?)<\/w:pPr>)?(.*?)<\/w:p>/g)];
  const signOff = paras.findIndex((m) => m[2]?.includes('<w:br w:type="page"/>'));
  return paras.slice(1, signOff === -1 ? undefined : signOff).map((m) => ({
    props: m[1] ?? '',
    text: [...(m[2] ?? '').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  }));
}

/** A report from a template: its text filled in, the 落款 not. */
const TEXT: DocxBlock[] = [
  heading1('一、存在问题'),
  body('一是学习不够深入。'),
  heading1('二、整改措施'),
  body('一是加强学习。'),
  body('以上对照检查，不妥之处，恳请同志们批评指正。'),
];
const SIGNED: DocxBlock[] = [...TEXT, body('×××'), body('××××年××月××日')];
const right = (props = '') => Number(/w:right="(\d+)"/.exec(props)?.[1]);

test('the 落款 stands right, a blank line below the text; a draft keeps its blanks', async () => {
  const paras = await textParagraphs({ ...report(), blocks: SIGNED });
  assert.deepEqual(
    paras.map((p) => p.text),
    [...TEXT.map((b) => b.runs[0]?.text), '', '×××', '××××年××月××日'],
  );
  const [name, date] = paras.slice(-2).map((p) => p.props);
  for (const props of [name, date]) {
    assert.match(props ?? '', /^<w:autoSpaceDE w:val="0"\/><w:autoSpaceDN w:val="0"\/><w:ind w:firstLine="0" w:firstLineChars="0" w:right="\d+"\/><w:jc w:val="right"\/>$/);
  }
  // The date (7 characters wide: × is half, as in Word) two characters from the edge, the name (1.5) starting two before it.
  assert.equal(right(date), 2 * 320);
  assert.equal(right(name), (2 + 7 + 2 - 1.5) * 320);
  assert.ok(paras.slice(0, -2).every((p) => !p.props.includes('<w:jc')), 'only the 落款 is set right');

  // Read back as an import reads it: the same blocks, the blank line gone.
  const { parsed } = await readBack({ ...report(), blocks: SIGNED });
  assert.deepEqual(parsed.blocks.map((b) => b.text), SIGNED.map((b) => b.runs[0]?.text));
});

test('approved: a blank date prints the day of the approval in Beijing time, a blank name the author', async () => {
  // 06:05 UTC on 1 March 2025 is 14:05 in Beijing, the same day.
  const approved = await textParagraphs({ ...report(SIGN_OFF), blocks: SIGNED });
  assert.deepEqual(approved.slice(-3).map((p) => p.text), ['', '张明', '2025年3月1日']);
  assert.ok(approved.slice(-2).every((p) => p.props.includes('<w:jc w:val="right"/>')));
  // Placed by what is printed: the name is now two characters wide, the date six (digits are half).
  assert.equal(right(approved.at(-2)?.props), (2 + 6 + 2 - 2) * 320);
  // 17:00 UTC is one in the morning of the next day in Beijing.
  const late = await textParagraphs({ ...report({ ...SIGN_OFF, signedAt: new Date('2025-03-01T17:00:00Z') }), blocks: SIGNED });
  assert.equal(late.at(-1)?.text, '2025年3月2日');

  // A name and date written out stay; a blank line the text left is not doubled.
  const written = await textParagraphs({ ...report(SIGN_OFF), blocks: [...TEXT, body(''), body('李华'), body('2025年2月28日')] });
  assert.deepEqual(written.slice(TEXT.length).map((p) => p.text), ['', '李华', '2025年2月28日']);
});
