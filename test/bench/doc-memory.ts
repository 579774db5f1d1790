/**
 * Heap cost of a bare Y.Doc holding the memory scenario's document, outside the server: the part
 * of the server's per-document memory that is Yjs itself. Run by scenarios/memory.ts as
 * `node --expose-gc --import tsx bench/doc-memory.ts`; prints JSON.
 */
import { FRAGMENT } from '@review/shared';
import * as Y from 'yjs';
import { buildTenKbReport } from './scenarios/memory.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function heapPerDoc(update: Uint8Array, count = 500): number {
  gc?.();
  gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const docs: Y.Doc[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Y.Doc({ gc: true });
    Y.applyUpdate(d, update);
    docs.push(d);
  }
  gc?.();
  gc?.();
  const per = (process.memoryUsage().heapUsed - h0) / docs.length;
  for (const d of docs) d.destroy();
  return per;
}

const typed = buildTenKbReport().update;
// The same text and blocks, each paragraph written in one insert: the least a Y.Doc can cost for it.
const typedDoc = new Y.Doc();
Y.applyUpdate(typedDoc, typed);
const flat = new Y.Doc();
for (const el of typedDoc.getXmlFragment(FRAGMENT).toArray()) {
  if (!(el instanceof Y.XmlElement)) continue;
  const copy = new Y.XmlElement(el.nodeName);
  const text = new Y.XmlText();
  copy.insert(0, [text]);
  flat.getXmlFragment(FRAGMENT).push([copy]);
  text.insert(0, el.get(0) instanceof Y.XmlText ? String(el.get(0)) : '');
}
console.log(
  JSON.stringify({
    typedBytes: heapPerDoc(typed),
    oneInsertPerParagraphBytes: heapPerDoc(Y.encodeStateAsUpdate(flat)),
  }),
);
