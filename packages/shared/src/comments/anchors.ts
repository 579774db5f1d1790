import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { FRAGMENT } from '../content.js';

/** Where an anchor lands in a document, and whether that is inside deleted content. */
export type ResolvedAnchor = { type: Y.AbstractType<unknown>; index: number; deleted: boolean };

/**
 * Where a thread's anchored text stands: `gone` when either end does not resolve to live text of
 * the fragment (not yet, or no longer), `empty` when both ends met because everything between
 * them was deleted.
 */
export type AnchoredSpan = 'live' | 'gone' | 'empty';

/** An anchor as stored and sent (docs/protocol.md): base64 of the encoded Y.RelativePosition. */
export function encodeAnchor(rel: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(rel));
}

/**
 * The Y.RelativePosition of a base64 anchor; null when it does not decode. Node reads base64
 * leniently and browsers strictly (lib0), so the server and the web each keep their own reading.
 */
export function decodeAnchor(base64: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(fromBase64(base64));
  } catch {
    return null;
  }
}

/**
 * Resolves an anchor (base64, or already decoded) in `doc`. Returns 'invalid' when it does not
 * decode, names another root type, or lands outside the `default` fragment; null when the
 * document does not (yet) hold what it points at.
 */
export function resolveAnchor(doc: Y.Doc, anchor: string | Y.RelativePosition): ResolvedAnchor | null | 'invalid' {
  const rel = typeof anchor === 'string' ? decodeAnchor(anchor) : anchor;
  if (!rel) return 'invalid';
  // A position relative to a root type by name would create that root type when resolved.
  if (rel.tname !== null && rel.tname !== FRAGMENT) return 'invalid';
  if (rel.tname === null && rel.type === null && rel.item === null) return 'invalid';
  let abs: Y.AbsolutePosition | null;
  try {
    abs = Y.createAbsolutePositionFromRelativePosition(rel, doc);
  } catch {
    return 'invalid';
  }
  if (!abs) return null;
  const fragment = doc.getXmlFragment(FRAGMENT);
  let deleted = false;
  let t: Y.AbstractType<unknown> | null = abs.type;
  while (t && t !== (fragment as unknown)) {
    const item: Y.Item | null = t._item;
    if (!item) return 'invalid';
    if (item.deleted) deleted = true;
    t = item.parent as Y.AbstractType<unknown> | null;
  }
  if (!t) return 'invalid';
  return { type: abs.type, index: abs.index, deleted };
}

/** Both ends resolved to the same place, or crossed: no text lies between them. */
export function isEmptySpan(start: ResolvedAnchor, end: ResolvedAnchor): boolean {
  return start.type === end.type && start.index >= end.index;
}

export function anchoredSpan(doc: Y.Doc, start: string | Y.RelativePosition, end: string | Y.RelativePosition): AnchoredSpan {
  const a = resolveAnchor(doc, start);
  const b = resolveAnchor(doc, end);
  if (a === null || b === null || a === 'invalid' || b === 'invalid') return 'gone';
  if (a.deleted || b.deleted) return 'gone';
  return isEmptySpan(a, b) ? 'empty' : 'live';
}

/** Whether the anchored text is gone, so the thread shows as outdated. */
export function isOutdated(doc: Y.Doc, start: string, end: string): boolean {
  return anchoredSpan(doc, start, end) !== 'live';
}
