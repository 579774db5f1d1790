import type { ContentProblem } from '@review/shared';
import type { Editor } from '@tiptap/core';
import { type EditorState, Selection } from '@tiptap/pm/state';
import { checksHighlightsKey } from '../features/content/checks-highlights';
import type { TextRange } from './find-matches';

/**
 * “Next problem”: from one failed check to the next, in the order of the text, round the end.
 * It goes through what the checks underline now (checks-highlights.ts), so it skips a problem
 * the text no longer shows (a placeholder just filled in, a problem of the title) and lands
 * where the underline is even while the next check is on its way.
 */

/** Where going to each underlined problem puts the selection: the placeholder, or the start of the block. */
function problemTargets(state: EditorState): TextRange[] {
  const underlines = checksHighlightsKey.getState(state)?.find() ?? [];
  return underlines
    .map((d) => {
      const { problem } = d.spec as { problem: ContentProblem };
      if (problem.start !== undefined) return { from: d.from, to: d.to };
      // A node decoration: the caret goes to the start of the block's first text.
      const caret = Selection.near(state.doc.resolve(d.from + 1)).from;
      return { from: caret, to: caret };
    })
    .sort((a, b) => a.from - b.from)
    // Two problems of one heading (empty, and without measures) are one place to go to.
    .filter((p, i, all) => i === 0 || p.from !== all[i - 1]?.from || p.to !== all[i - 1]?.to);
}

/** How many problems are underlined, and which one is selected now (1-based, 0 for none). */
export function problemStatus(state: EditorState): { count: number; current: number } {
  const targets = problemTargets(state);
  const { from, to } = state.selection;
  return { count: targets.length, current: targets.findIndex((p) => p.from === from && p.to === to) + 1 };
}

/**
 * Shows the next (1) or previous (-1) problem after the selection as the checks panel does: scrolled
 * to the middle of the screen, the placeholder selected (so typing replaces it) or the caret at the
 * start of the block, the focus in the text when the user may edit.
 */
export function goToProblem(editor: Editor, step: 1 | -1): void {
  if (editor.isDestroyed) return;
  const targets = problemTargets(editor.state);
  const { from } = editor.state.selection;
  const target = step > 0 ? (targets.find((p) => p.from > from) ?? targets[0]) : (targets.findLast((p) => p.from < from) ?? targets.at(-1));
  if (!target) return;
  const chain = editor.chain().setTextSelection(target);
  if (editor.isEditable) chain.focus(undefined, { scrollIntoView: false });
  chain.run();
  const { node } = editor.view.domAtPos(target.from);
  const element = node instanceof HTMLElement ? node : node.parentElement;
  element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
