import type { ContentProblem } from '@review/shared';
import { Extension } from '@tiptap/core';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { blockSpans, problemRange } from './block-positions';
import './content.css';

/**
 * Wavy underlines under the problems of GET /reports/:id/checks: each unfilled placeholder
 * (its characters) and the heading of an empty section or of a problems section without
 * measures. Decorations, never marks, so nothing reaches the shared document.
 *
 * Wiring (in the editor, e.g. ReportEditor):
 *
 *   const problems = useRef<readonly ContentProblem[]>([]);
 *   problems.current = checks.data?.problems ?? [];        // checks = useReportChecks(report.id)
 *   extensions: [..., ChecksHighlights(() => problems.current, { describe: (p) => problemText(p, t) })]
 *   useEffect(() => { editor.commands.refreshChecks(); }, [editor, checks.data]);
 *
 * The getter is read when the editor starts, on `refreshChecks()` (or a transaction carrying
 * `checksHighlightsKey` meta `true`) and whenever the text changes from Yjs (another person's
 * edit, undo, the first sync: y-prosemirror replaces the whole document then, so positions are
 * placed again rather than mapped). The user's own typing maps the underlines along with the
 * text until the next check arrives. A problem whose text no longer reads the same at its place
 * is left out (see `problemRange`), so a stale check never underlines the wrong words.
 */

export const checksHighlightsKey = new PluginKey<DecorationSet>('checksHighlights');

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    checksHighlights: {
      /** Places the problems the getter returns now. */
      refreshChecks: () => ReturnType;
    };
  }
}

export interface ChecksHighlightsOptions {
  /** The problem in words, shown as the underline's tooltip (e.g. `problemText(p, t)`). */
  describe?: (problem: ContentProblem) => string;
}

type ProblemsGetter = () => readonly ContentProblem[] | undefined;

interface MarkSpec {
  problem: ContentProblem;
}

/**
 * The underlines after the user's own edit: moved with the text, and dropped where the words
 * no longer read as the problem (a placeholder typed over: its range now covers the new words).
 */
function mapDecorations(set: DecorationSet, tr: Transaction): DecorationSet {
  const mapped = set.map(tr.mapping, tr.doc);
  const stale = mapped.find().filter((d) => {
    const { problem } = d.spec as MarkSpec;
    const text = problem.start !== undefined ? tr.doc.textBetween(d.from, d.to) : tr.doc.nodeAt(d.from)?.textContent;
    return text !== problem.text;
  });
  return stale.length > 0 ? mapped.remove(stale) : mapped;
}

function decorate(state: EditorState, problems: readonly ContentProblem[], describe: ChecksHighlightsOptions['describe']): DecorationSet {
  if (problems.length === 0) return DecorationSet.empty;
  const spans = blockSpans(state.doc);
  const decorations: Decoration[] = [];
  for (const problem of problems) {
    const range = problemRange(state.doc, problem, spans);
    if (!range) continue;
    const title = describe ? { title: describe(problem) } : {};
    const spec: MarkSpec = { problem };
    if (range.text) {
      decorations.push(
        Decoration.inline(range.text.from, range.text.to, { class: `check-mark check-${problem.kind}`, 'data-check': problem.kind, ...title }, spec),
      );
    } else {
      decorations.push(
        Decoration.node(range.block.from, range.block.to, { class: `check-block check-${problem.kind}`, 'data-check': problem.kind, ...title }, spec),
      );
    }
  }
  return DecorationSet.create(state.doc, decorations);
}

/** The extension, reading the current problems through `getProblems` (see the wiring above). */
export function ChecksHighlights(getProblems: ProblemsGetter, options: ChecksHighlightsOptions = {}) {
  const place = (state: EditorState) => decorate(state, getProblems() ?? [], options.describe);
  return Extension.create({
    name: 'checksHighlights',

    addCommands() {
      return {
        refreshChecks:
          () =>
          ({ tr, dispatch }) => {
            // Tiptap dispatches `tr` after the command; a dry run (`can()`) has no dispatch.
            if (dispatch) tr.setMeta(checksHighlightsKey, true).setMeta('addToHistory', false);
            return true;
          },
      };
    },

    addProseMirrorPlugins() {
      return [
        new Plugin<DecorationSet>({
          key: checksHighlightsKey,
          state: {
            init: (_, state) => place(state),
            apply: (tr, prev, _old, state) => {
              const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
              if (tr.getMeta(checksHighlightsKey) === true || (fromYjs && tr.docChanged)) return place(state);
              return tr.docChanged ? mapDecorations(prev, tr) : prev;
            },
          },
          props: {
            decorations: (state) => checksHighlightsKey.getState(state),
          },
        }),
      ];
    },
  });
}
