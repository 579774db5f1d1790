import * as Y from 'yjs';

/** The name of the Y.XmlFragment that holds a report (Tiptap's default field). */
export const FRAGMENT = 'default';

type CanonicalNode =
  | { t: string; a?: Record<string, unknown>; c: CanonicalNode[] }
  | { x: string; m?: string[] };

function sortedAttrs(attrs: Record<string, unknown>): Record<string, unknown> | undefined {
  const keys = Object.keys(attrs).filter((k) => attrs[k] !== null && attrs[k] !== undefined).sort();
  if (keys.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = attrs[k];
  return out;
}

function canonicalText(text: Y.XmlText): CanonicalNode[] {
  const runs: { x: string; m?: string[] }[] = [];
  for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || op.insert.length === 0) continue;
    const marks = op.attributes ? Object.keys(op.attributes).sort() : [];
    const key = marks.join(',');
    const last = runs[runs.length - 1];
    if (last && (last.m ?? []).join(',') === key) last.x += op.insert;
    else runs.push(marks.length > 0 ? { x: op.insert, m: marks } : { x: op.insert });
  }
  return runs;
}

function canonicalChildren(parent: Y.XmlFragment | Y.XmlElement): CanonicalNode[] {
  const out: CanonicalNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) out.push(...canonicalText(child));
    else if (child instanceof Y.XmlElement) {
      const a = sortedAttrs(child.getAttributes() as Record<string, unknown>);
      const node: CanonicalNode = { t: child.nodeName, c: canonicalChildren(child) };
      if (a) node.a = a;
      out.push(node);
    }
  }
  return out;
}

/**
 * The canonical serialisation of a report: a key-sorted JSON of the `default` fragment's tree.
 * Identical documents give identical strings on every node and in every browser.
 */
export function canonicalContent(doc: Y.Doc): string {
  return stableStringify({ t: 'doc', c: canonicalChildren(doc.getXmlFragment(FRAGMENT)) });
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** Lowercase hex SHA-256 of a string's UTF-8 bytes, via WebCrypto (Node and browsers). */
export async function sha256Hex(input: string | Uint8Array): Promise<string> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function contentHash(doc: Y.Doc): Promise<string> {
  return sha256Hex(canonicalContent(doc));
}

export interface ContentBlock {
  type: string;
  level?: number;
  text: string;
}

function textOf(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert?: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  }
  return node
    .toArray()
    .map((c) => (c instanceof Y.XmlText || c instanceof Y.XmlElement ? textOf(c) : ''))
    .join('');
}

/**
 * The report as a flat list of blocks: headings and paragraphs as they are, each list item as
 * a block of type `bulletItem` or `orderedItem`.
 */
export function contentBlocks(doc: Y.Doc): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  const visit = (el: Y.XmlElement, listType?: string) => {
    if (el.nodeName === 'bulletList' || el.nodeName === 'orderedList') {
      for (const item of el.toArray()) {
        if (item instanceof Y.XmlElement) visit(item, el.nodeName === 'bulletList' ? 'bulletItem' : 'orderedItem');
      }
      return;
    }
    if (el.nodeName === 'listItem') {
      blocks.push({ type: listType ?? 'bulletItem', text: textOf(el) });
      return;
    }
    const block: ContentBlock = { type: el.nodeName, text: textOf(el) };
    const level = Number(el.getAttribute('level'));
    if (el.nodeName === 'heading' && Number.isFinite(level)) block.level = level;
    blocks.push(block);
  };
  for (const child of doc.getXmlFragment(FRAGMENT).toArray()) {
    if (child instanceof Y.XmlElement) visit(child);
  }
  return blocks;
}

/** Plain text of the report: one line per block. */
export function plainText(doc: Y.Doc): string {
  return contentBlocks(doc)
    .map((b) => b.text)
    .join('\n');
}
