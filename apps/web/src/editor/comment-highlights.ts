import { anchoredSpan, decodeAnchor, encodeAnchor, LIMITS } from '@review/shared';
import { type Editor, Extension } from '@tiptap/core';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  type ProsemirrorBinding,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

/** A comment thread as the text knows it: where it is anchored, and whether to mark it. */
export interface AnchoredThread {
  id: string;
  /** Base64 of encoded Y.RelativePositions (docs/protocol.md). */
  anchor: { start: string; end: string };
  /** Open threads are marked in the text; resolved ones are only placed (for document order). */
  highlight: boolean;
}

/** Where a thread's text is now; `null` once it has been deleted (the thread is outdated). */
export type ThreadRange = { from: number; to: number } | null;

interface HighlightState {
  threads: readonly AnchoredThread[];
  selectedId: string | null;
  /** The document has been in sync with the server: an anchor that does not resolve now is gone. */
  ready: boolean;
  /** Per thread id; a thread is missing while its place cannot be told yet. */
  ranges: ReadonlyMap<string, ThreadRange>;
  decorations: DecorationSet;
}

interface HighlightMeta {
  threads?: readonly AnchoredThread[];
  selectedId?: string | null;
  ready?: boolean;
  /** A click in the text landed on this thread's highlight. */
  clicked?: string;
}

interface YSyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: ProsemirrorBinding | null;
  isChangeOrigin: boolean;
}

export const commentHighlightsKey = new PluginKey<HighlightState>('commentHighlights');

const ySyncState = (state: EditorState): YSyncState | undefined => ySyncPluginKey.getState(state) as YSyncState | undefined;

/** The thread's range in the editor's document from its anchors; undefined while that cannot be told. */
function rangeFromAnchors(state: EditorState, thread: AnchoredThread, ready: boolean): ThreadRange | undefined {
  const y = ySyncState(state);
  const mapping = y?.binding?.mapping;
  if (!y || !mapping || (mapping.size === 0 && y.type.length > 0)) return undefined;
  const start = decodeAnchor(thread.anchor.start);
  const end = decodeAnchor(thread.anchor.end);
  if (!start || !end) return null;
  const span = anchoredSpan(y.doc, start, end);
  // Before the first sync an anchor may point at text that has not arrived yet.
  if (span === 'gone') return ready ? null : undefined;
  if (span === 'empty') return null;
  const from = relativePositionToAbsolutePosition(y.doc, y.type, start, mapping);
  const to = relativePositionToAbsolutePosition(y.doc, y.type, end, mapping);
  if (from === null || to === null) return undefined;
  return from < to ? { from, to } : null;
}

function computeRanges(state: EditorState, threads: readonly AnchoredThread[], ready: boolean): Map<string, ThreadRange> {
  const ranges = new Map<string, ThreadRange>();
  for (const thread of threads) {
    const range = rangeFromAnchors(state, thread, ready);
    if (range !== undefined) ranges.set(thread.id, range);
  }
  return ranges;
}

/**
 * A local edit has not reached the Yjs document yet when plugins see it, so ranges follow it
 * through the step maps, with the same stickiness as the anchors (both ends keep to the
 * character on their left): typing at the start of a range joins it, at its end stays outside.
 */
function mapRanges(ranges: ReadonlyMap<string, ThreadRange>, tr: Transaction): Map<string, ThreadRange> {
  const mapped = new Map<string, ThreadRange>();
  for (const [id, range] of ranges) {
    if (!range) {
      mapped.set(id, null);
      continue;
    }
    const from = tr.mapping.map(range.from, -1);
    const to = tr.mapping.map(range.to, -1);
    mapped.set(id, from < to ? { from, to } : null);
  }
  return mapped;
}

function buildDecorations(state: EditorState, s: Omit<HighlightState, 'decorations'>): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of s.threads) {
    const range = s.ranges.get(thread.id);
    if (!thread.highlight || !range) continue;
    const selected = thread.id === s.selectedId;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        { class: selected ? 'comment-mark is-selected' : 'comment-mark', 'data-thread-id': thread.id },
        { threadId: thread.id },
      ),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

function sameRanges(a: ReadonlyMap<string, ThreadRange>, b: ReadonlyMap<string, ThreadRange>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, r] of a) {
    const o = b.get(id);
    if (o === undefined) return false;
    if (r === null || o === null ? r !== o : r.from !== o.from || r.to !== o.to) return false;
  }
  return true;
}

/** The highlighted thread under a click position; the shortest one when highlights overlap. */
function threadAt(s: HighlightState, pos: number): string | null {
  let best: { id: string; length: number } | null = null;
  for (const thread of s.threads) {
    const range = s.ranges.get(thread.id);
    if (!thread.highlight || !range || pos < range.from || pos > range.to) continue;
    const length = range.to - range.from;
    if (!best || length < best.length) best = { id: thread.id, length };
  }
  return best?.id ?? null;
}

/**
 * Marks the text of open comment threads, the selected one in its own colour. Anchors are
 * Y.RelativePositions (stored by the server, not marks in the document), resolved against the
 * current document whenever it changes from Yjs; a click on a mark selects its thread.
 */
export const CommentHighlights = Extension.create({
  name: 'commentHighlights',

  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: (_, state) => ({ threads: [], selectedId: null, ready: false, ranges: new Map(), decorations: DecorationSet.create(state.doc, []) }),
          apply: (tr, prev, _old, state) => {
            const meta = tr.getMeta(commentHighlightsKey) as HighlightMeta | undefined;
            const fromYjs = ySyncState(state)?.isChangeOrigin === true;
            if (!meta && !tr.docChanged && !fromYjs) return prev;
            const next = {
              threads: meta?.threads ?? prev.threads,
              selectedId: meta?.selectedId !== undefined ? meta.selectedId : meta?.clicked ?? prev.selectedId,
              ready: meta?.ready ?? prev.ready,
            };
            let ranges: ReadonlyMap<string, ThreadRange> =
              fromYjs || meta?.threads || meta?.ready !== undefined
                ? computeRanges(state, next.threads, next.ready)
                : tr.docChanged ? mapRanges(prev.ranges, tr) : prev.ranges;
            if (ranges !== prev.ranges && sameRanges(ranges, prev.ranges)) ranges = prev.ranges;
            const unchanged =
              ranges === prev.ranges && next.threads === prev.threads && next.selectedId === prev.selectedId && next.ready === prev.ready;
            if (unchanged) return tr.docChanged ? { ...prev, decorations: prev.decorations.map(tr.mapping, tr.doc) } : prev;
            const s = { ...next, ranges };
            return { ...s, decorations: buildDecorations(state, s) };
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
          handleClick: (view, pos) => {
            // Only a click: ProseMirror does not call this after a drag that selects text.
            const s = commentHighlightsKey.getState(view.state);
            if (!s) return false;
            const id = threadAt(s, pos);
            if (id && id !== s.selectedId) view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { clicked: id }));
            return false;
          },
        },
      }),
    ];
  },
});

/** Tells the editor which threads exist, which one is selected and whether the text is in sync. */
export function setCommentThreads(editor: Editor, update: { threads: readonly AnchoredThread[]; selectedId: string | null; ready: boolean }): void {
  if (editor.isDestroyed) return;
  const s = commentHighlightsKey.getState(editor.state);
  if (s && s.threads === update.threads && s.selectedId === update.selectedId && s.ready === update.ready) return;
  const meta: HighlightMeta = { threads: update.threads, selectedId: update.selectedId, ready: update.ready };
  editor.view.dispatch(editor.state.tr.setMeta(commentHighlightsKey, meta).setMeta('addToHistory', false));
}

/** Thread id → its range now (`null`: outdated); threads whose place is not known yet are missing. */
export function threadRanges(state: EditorState): ReadonlyMap<string, ThreadRange> {
  return commentHighlightsKey.getState(state)?.ranges ?? new Map();
}

/** The id of a thread whose highlight was clicked in this transaction. */
export function clickedThread(tr: Transaction): string | undefined {
  return (tr.getMeta(commentHighlightsKey) as HighlightMeta | undefined)?.clicked;
}

/** What a new thread on the current selection sends: its anchors and the quoted text. */
export interface SelectionAnchor {
  anchor: { start: string; end: string };
  quote: string;
}

/** The quoted text of a range, shortened with an ellipsis to what the server keeps. */
export function quoteOf(state: EditorState, from: number, to: number): string {
  const text = state.doc.textBetween(from, to, '\n', ' ').trim();
  if (text.length <= LIMITS.commentQuoteMax) return text;
  const kept = Array.from(text.slice(0, LIMITS.commentQuoteMax - 1));
  // Slicing may split a surrogate pair; drop the half.
  if (/[\uD800-\uDBFF]$/.test(kept.at(-1) ?? '')) kept.pop();
  return `${kept.join('').trimEnd()}…`;
}

/** The selected text as a commentable range; null when nothing (or only white space) is selected. */
export function selectedText(state: EditorState): { from: number; to: number; quote: string } | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const quote = quoteOf(state, from, to);
  return quote ? { from, to, quote } : null;
}

/**
 * Anchors for a range, as y-prosemirror makes them (docs/protocol.md). Made when the user starts a
 * comment, so that edits by others while they write move the anchors with the text.
 */
export function anchorRange(state: EditorState, from: number, to: number): SelectionAnchor | null {
  const y = ySyncState(state);
  const mapping = y?.binding?.mapping;
  if (!y || !mapping) return null;
  const start = absolutePositionToRelativePosition(from, y.type, mapping) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, y.type, mapping) as Y.RelativePosition;
  const quote = quoteOf(state, from, to);
  if (!quote) return null;
  return { anchor: { start: encodeAnchor(start), end: encodeAnchor(end) }, quote };
}

/** Scrolls the thread's text into view and selects it, without taking the focus from where it is. */
export function revealRange(editor: Editor, range: { from: number; to: number }): void {
  if (editor.isDestroyed) return;
  const size = editor.state.doc.content.size;
  const from = Math.min(range.from, size);
  const to = Math.min(range.to, size);
  editor.commands.setTextSelection({ from, to });
  const dom = editor.view.domAtPos(from).node;
  const element = dom instanceof HTMLElement ? dom : dom.parentElement;
  element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
