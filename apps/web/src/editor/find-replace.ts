import { type Editor, Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { findMatches, type TextRange } from './find-matches';

/**
 * Find and replace in the text: every match of the find bar's search marked (decorations, so
 * nothing reaches the shared document), the current one more strongly. The matches are found
 * again on every change of the text, the co-editor's included, and the current match stays the
 * one the user was at. Replacing is an edit like typing: refused where the user may not edit,
 * and “replace all” is one transaction, so one undo step.
 */

interface FindState {
  /** What is searched for; empty while the find bar is closed. */
  query: string;
  matches: readonly TextRange[];
  /** Index of the current match in `matches`; -1 when there is none. */
  current: number;
  decorations: DecorationSet;
}

interface FindMeta {
  query?: string;
  /** The current match becomes this one… */
  current?: number;
  /** …or the first at or after this position (the first of all when none is after it). */
  at?: number;
}

export const findReplaceKey = new PluginKey<FindState>('findReplace');

const CLOSED: FindState = { query: '', matches: [], current: -1, decorations: DecorationSet.empty };

function firstAtOrAfter(matches: readonly TextRange[], pos: number): number {
  if (matches.length === 0) return -1;
  const i = matches.findIndex((m) => m.from >= pos);
  return i === -1 ? 0 : i;
}

/**
 * Where a position of `before` is in `after`. A change from Yjs replaces the whole document
 * (y-prosemirror), so its step maps tell nothing; the difference of the two documents does.
 * A position inside what changed goes to the start of the change.
 */
function follow(pos: number, before: PMNode, after: PMNode): number {
  const start = before.content.findDiffStart(after.content);
  if (start === null || pos < start) return pos;
  const end = before.content.findDiffEnd(after.content);
  if (!end) return pos;
  // Repeated content can make the two ends overlap; the change is then taken to start at `start`.
  const overlap = start - Math.min(end.a, end.b);
  const a = overlap > 0 ? end.a + overlap : end.a;
  const b = overlap > 0 ? end.b + overlap : end.b;
  return pos >= a ? pos + b - a : start;
}

function decorate(doc: PMNode, matches: readonly TextRange[], current: number): DecorationSet {
  return DecorationSet.create(
    doc,
    matches.map((m, i) => Decoration.inline(m.from, m.to, { class: i === current ? 'find-match is-current' : 'find-match' })),
  );
}

function apply(tr: Transaction, prev: FindState, before: EditorState): FindState {
  const meta = tr.getMeta(findReplaceKey) as FindMeta | undefined;
  if (!meta && !(tr.docChanged && prev.query)) return prev;
  const query = meta?.query ?? prev.query;
  if (!query) return CLOSED;
  const matches = meta?.query !== undefined || tr.docChanged ? findMatches(tr.doc, query) : prev.matches;
  let current: number;
  if (meta?.current !== undefined) {
    current = matches.length > 0 ? Math.min(Math.max(meta.current, 0), matches.length - 1) : -1;
  } else if (meta?.at !== undefined) {
    current = firstAtOrAfter(matches, meta.at);
  } else {
    const was = prev.matches[prev.current];
    current = firstAtOrAfter(matches, was ? follow(was.from, before.doc, tr.doc) : tr.selection.from);
  }
  return { query, matches, current, decorations: decorate(tr.doc, matches, current) };
}

export const FindReplace = Extension.create({
  name: 'findReplace',

  addProseMirrorPlugins() {
    return [
      new Plugin<FindState>({
        key: findReplaceKey,
        state: {
          init: () => CLOSED,
          apply: (tr, prev, before) => apply(tr, prev, before),
        },
        props: {
          decorations: (state) => findReplaceKey.getState(state)?.decorations,
        },
      }),
    ];
  },
});

/** The search as the find bar shows it: how many matches, and which one is current (1-based, 0 for none). */
export function findStatus(state: EditorState): { count: number; current: number } {
  const s = findReplaceKey.getState(state);
  return { count: s?.matches.length ?? 0, current: (s?.current ?? -1) + 1 };
}

/**
 * Brings the current match on screen below the sticky bars (its `scroll-margin`), without
 * moving the page when it is already there.
 */
function scrollToCurrent(editor: Editor): void {
  editor.view.dom.querySelector('.find-match.is-current')?.scrollIntoView({ block: 'nearest' });
}

/** Searches for `query` (empty: no search); the current match is the first from the selection on. */
export function setFindQuery(editor: Editor, query: string): void {
  if (editor.isDestroyed || findReplaceKey.getState(editor.state)?.query === query) return;
  const meta: FindMeta = { query, at: editor.state.selection.from };
  editor.view.dispatch(editor.state.tr.setMeta(findReplaceKey, meta));
  scrollToCurrent(editor);
}

function selectMatch(editor: Editor, index: number): void {
  const m = findReplaceKey.getState(editor.state)?.matches[index];
  if (!m) return;
  const meta: FindMeta = { current: index };
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, m.from, m.to)).setMeta(findReplaceKey, meta));
  scrollToCurrent(editor);
}

/** Goes to the next (1) or previous (-1) match, round the end, and selects it; the focus stays where it is. */
export function goToMatch(editor: Editor, step: 1 | -1): void {
  const s = findReplaceKey.getState(editor.state);
  if (editor.isDestroyed || !s || s.current < 0) return;
  selectMatch(editor, (s.current + step + s.matches.length) % s.matches.length);
}

function replaceRange(tr: Transaction, range: TextRange, replacement: string): void {
  // Not insertText(''): on an empty string it deletes whole nodes whose text the range covers.
  if (replacement) tr.insertText(replacement, range.from, range.to);
  else tr.delete(range.from, range.to);
}

/** Replaces the current match and selects the next one; false where the user may not edit. */
export function replaceCurrent(editor: Editor, replacement: string): boolean {
  const s = findReplaceKey.getState(editor.state);
  const m = s?.matches[s.current];
  if (editor.isDestroyed || !editor.isEditable || !m) return false;
  const meta: FindMeta = { at: m.from + replacement.length };
  const tr = editor.state.tr.setMeta(findReplaceKey, meta);
  replaceRange(tr, m, replacement);
  editor.view.dispatch(tr);
  selectMatch(editor, findReplaceKey.getState(editor.state)?.current ?? -1);
  return true;
}

/** Replaces every match in one transaction, so that one undo takes it all back; how many were replaced. */
export function replaceAll(editor: Editor, replacement: string): number {
  const s = findReplaceKey.getState(editor.state);
  if (editor.isDestroyed || !editor.isEditable || !s || s.matches.length === 0) return 0;
  const tr = editor.state.tr;
  // From the end, so that the positions of the matches before are still those found.
  for (let i = s.matches.length - 1; i >= 0; i--) replaceRange(tr, s.matches[i] as TextRange, replacement);
  editor.view.dispatch(tr);
  return s.matches.length;
}

/**
 * Ends the search: the marks go, the current match (if any) is selected, and the text has the
 * focus where it can take it (a text that may only be read cannot).
 */
export function endFind(editor: Editor): void {
  if (editor.isDestroyed) return;
  const s = findReplaceKey.getState(editor.state);
  const m = s?.matches[s.current];
  const meta: FindMeta = { query: '' };
  const chain = editor.chain();
  if (m) chain.setTextSelection(m);
  chain.setMeta(findReplaceKey, meta);
  if (editor.isEditable) chain.focus();
  chain.run();
}
