import { FRAGMENT } from '@review/shared';
import * as Y from 'yjs';

export type ResolvedAnchor = { type: Y.AbstractType<unknown>; index: number; deleted: boolean };

/**
 * Decodes a base64 Y.RelativePosition and resolves it in `doc`. Returns 'invalid' when it does
 * not decode, names another root type, or lands outside the `default` fragment; null when the
 * document does not (yet) hold what it points at.
 */
export function resolveAnchor(doc: Y.Doc, base64: string): ResolvedAnchor | null | 'invalid' {
  let rel: Y.RelativePosition;
  try {
    rel = Y.decodeRelativePosition(Buffer.from(base64, 'base64'));
  } catch {
    return 'invalid';
  }
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

/**
 * Whether the anchored text is gone: either end no longer resolves, sits in deleted content, or
 * both ends met because everything between them was deleted.
 */
export function isOutdated(doc: Y.Doc, start: string, end: string): boolean {
  const a = resolveAnchor(doc, start);
  const b = resolveAnchor(doc, end);
  if (a === null || b === null || a === 'invalid' || b === 'invalid') return true;
  if (a.deleted || b.deleted) return true;
  return a.type === b.type && a.index >= b.index;
}
