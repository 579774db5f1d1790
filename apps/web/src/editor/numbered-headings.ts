import { headingLevelOfLine, typedHeadingLevel } from '@review/shared';
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';

/** What the user's last change calls for: a typed number to read, or a paste to look through. */
type Pending = { kind: 'typed'; at: number } | { kind: 'pasted'; before: PMNode } | null;

const key = new PluginKey<Pending>('numberedHeadings');

/**
 * Headings typed or pasted by hand, read as the import reads them (packages/shared): a paragraph
 * that starts with `四、` or `（一）` becomes a heading of level 1 or 2 as soon as the number is
 * complete (however it was typed, with an input method too), and pasted paragraphs that read as
 * headings (`五、下一步打算`) become headings. The text stays as written. The change is made
 * after the typing or the paste, as an undo step of its own: Ctrl+Z gives the plain paragraph
 * back, text and all.
 */
export const NumberedHeadings = Extension.create({
  name: 'numberedHeadings',

  addProseMirrorPlugins() {
    return [
      new Plugin<Pending>({
        key,
        state: {
          init: () => null,
          apply: (tr, _value, oldState, newState) => (tr.getMeta(key) === 'done' ? null : pendingOf(tr, oldState, newState)),
        },
        view: () => ({
          update(view) {
            const pending = key.getState(view.state);
            if (!pending) return;
            // After this update, as a transaction of its own.
            queueMicrotask(() => {
              if (view.isDestroyed || key.getState(view.state) !== pending) return;
              const tr = pending.kind === 'typed' ? typedHeading(view.state, pending.at) : pastedHeadings(view.state, pending.before);
              if (tr) separateUndoStep(view.state);
              view.dispatch((tr ?? view.state.tr).setMeta(key, 'done'));
              // What is typed next is a step of its own too: Ctrl+Z right away undoes just this.
              if (tr) separateUndoStep(view.state);
            });
          },
        }),
      }),
    ];
  },
});

/** A local change that may have completed a heading's number, or pasted lines. */
function pendingOf(tr: Transaction, oldState: EditorState, newState: EditorState): Pending {
  if (!tr.docChanged || (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) return null;
  if (tr.getMeta('uiEvent') === 'paste') return { kind: 'pasted', before: oldState.doc };
  const { $from, empty } = newState.selection;
  if (!empty || $from.depth !== 1 || $from.parent.type.name !== 'paragraph') return null;
  const typed = $from.parent.textBetween(0, $from.parentOffset);
  return typedHeadingLevel(typed) && $from.parentOffset === typed.length ? { kind: 'typed', at: $from.pos } : null;
}

/** The paragraph at `at` turned into a heading of its number's level, if it still starts with it. */
function typedHeading(state: EditorState, at: number): Transaction | null {
  const heading = state.schema.nodes.heading;
  if (!heading || at > state.doc.content.size) return null;
  const $at = state.doc.resolve(at);
  if ($at.depth !== 1 || $at.parent.type.name !== 'paragraph') return null;
  const level = typedHeadingLevel($at.parent.textBetween(0, $at.parentOffset));
  return level ? state.tr.setNodeMarkup($at.before(1), heading, { level }) : null;
}

/** The top-level paragraphs the paste changed that read as headings, turned into headings. */
function pastedHeadings(state: EditorState, before: PMNode): Transaction | null {
  const heading = state.schema.nodes.heading;
  const start = before.content.findDiffStart(state.doc.content);
  const end = before.content.findDiffEnd(state.doc.content);
  if (!heading || start === null || !end) return null;
  const tr = state.tr;
  state.doc.forEach((node, offset, index) => {
    if (offset + node.nodeSize <= start || offset >= Math.max(end.b, start) || node.type.name !== 'paragraph') return;
    const next = index + 1 < state.doc.childCount ? state.doc.child(index + 1) : undefined;
    const level = headingLevelOfLine(node.textContent, next?.type.name === 'paragraph' ? next.textContent : undefined);
    if (level) tr.setNodeMarkup(offset, heading, { level });
  });
  return tr.docChanged ? tr : null;
}

/** The Yjs undo manager starts a new step, so that what comes next is undone on its own. */
function separateUndoStep(state: EditorState): void {
  const undo = yUndoPluginKey.getState(state) as { undoManager?: { stopCapturing(): void } } | undefined;
  undo?.undoManager?.stopCapturing();
}
