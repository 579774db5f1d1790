import * as Y from 'yjs';

/**
 * A document made by `fresh`, with `updates` applied one by one, as a live room applied them when
 * they arrived: an update the room accepted may hold structs that stay pending, and applied in
 * another grouping (one transaction for all, or merged) Yjs can fail on what it took one at a
 * time. Should one of them not integrate (not expected: each was integrated by a live Y.Doc
 * before), the document is rebuilt without it, since a half-applied update leaves a trace;
 * `skipped` hears of each one left out.
 */
export function replayUpdates(
  fresh: () => Y.Doc,
  updates: readonly Uint8Array[],
  origin: unknown = null,
  skipped?: (index: number, err: unknown) => void,
): Y.Doc {
  let doc = fresh();
  const applied: Uint8Array[] = [];
  for (const [index, update] of updates.entries()) {
    try {
      Y.applyUpdate(doc, update, origin);
      applied.push(update);
    } catch (err) {
      doc.destroy();
      doc = fresh();
      for (const u of applied) Y.applyUpdate(doc, u, origin);
      skipped?.(index, err);
    }
  }
  return doc;
}
