import * as Y from 'yjs';
import { contentHash, FRAGMENT } from '../content.js';
import { REPORT_MARKS } from '../editor-schema.js';
import type { MarkRange } from './lines.js';
import type { ReportBlock } from './parse.js';

/** Text runs of a block with the attributes y-prosemirror gives marks (`{bold: {}}`). */
function runsOf(text: string, marks: readonly MarkRange[] = []): { text: string; attributes: Record<string, object> }[] {
  const cuts = new Set([0, text.length]);
  for (const m of marks) {
    cuts.add(Math.max(0, Math.min(text.length, m.start)));
    cuts.add(Math.max(0, Math.min(text.length, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: { text: string; attributes: Record<string, object> }[] = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    if (to <= from) continue;
    const attributes: Record<string, object> = {};
    for (const type of REPORT_MARKS) {
      if (marks.some((m) => m.type === type && m.start <= from && m.end >= to)) attributes[type] = {};
    }
    runs.push({ text: text.slice(from, to), attributes });
  }
  return runs;
}

/**
 * Appends the blocks to the document's `default` fragment in Tiptap's shape: `heading` (with the
 * numeric attribute `level`) or `paragraph`, each holding one Y.XmlText. One transaction.
 */
export function buildReportDoc(doc: Y.Doc, blocks: readonly ReportBlock[]): void {
  const fragment = doc.getXmlFragment(FRAGMENT);
  doc.transact(() => {
    for (const block of blocks) {
      const element = new Y.XmlElement(block.type);
      // y-prosemirror keeps the heading level as the number ProseMirror has, not as a string.
      if (block.type === 'heading') element.setAttribute('level', (block.level ?? 1) as unknown as string);
      const text = new Y.XmlText();
      element.insert(0, [text]);
      fragment.push([element]);
      // Explicit attributes on every run, so a plain run after a bold one is not bold too.
      for (const run of runsOf(block.text, block.marks)) text.insert(text.length, run.text, run.attributes);
    }
  });
}

/**
 * The blocks as one Yjs update for an empty document, with the content hash that document will
 * have (templates and imports, made on the server).
 */
export async function buildReportContent(blocks: readonly ReportBlock[]): Promise<{ update: Uint8Array; contentHash: string }> {
  const doc = new Y.Doc();
  try {
    buildReportDoc(doc, blocks);
    return { update: Y.encodeStateAsUpdate(doc), contentHash: await contentHash(doc) };
  } finally {
    doc.destroy();
  }
}
