import type { ContentProblem } from '@review/shared';
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';

/**
 * Where the blocks of GET /reports/:id/content (and so the `block` of a check problem) are in
 * the editor's document. The blocks are made by `contentBlocks` of @review/shared: every
 * top-level node in order, except that a list stands for its items, each item one block (its
 * text being all the text inside it, nested lists included). This walks the ProseMirror
 * document the same way. Type imports only, so that the report page can use it without
 * loading the editor.
 */
export interface BlockSpan {
  /** Position before the block node, and after it. */
  from: number;
  to: number;
  node: PMNode;
}

const LISTS = new Set(['bulletList', 'orderedList']);

export function blockSpans(doc: PMNode): BlockSpan[] {
  const spans: BlockSpan[] = [];
  const visit = (node: PMNode, pos: number) => {
    if (LISTS.has(node.type.name)) {
      node.forEach((child, offset) => visit(child, pos + 1 + offset));
      return;
    }
    // A list item is one block whatever it holds; so is any other node met at this depth.
    spans.push({ from: pos, to: pos + node.nodeSize, node });
  };
  doc.forEach((node, offset) => visit(node, offset));
  return spans;
}

/**
 * The document position of a character offset in a block's text (`start`/`end` of a problem).
 * `side` -1 keeps an offset between two text nodes at the end of the first, 1 at the start of the next.
 */
export function textPosition(span: BlockSpan, offset: number, side: -1 | 1): number | null {
  let seen = 0;
  let found: number | null = null;
  span.node.descendants((child, childPos) => {
    if (found !== null) return false;
    if (!child.isText) return true;
    const length = child.text?.length ?? 0;
    const inside = side < 0 ? offset <= seen + length : offset < seen + length;
    if (offset >= seen && inside) {
      found = span.from + 1 + childPos + (offset - seen);
      return false;
    }
    seen += length;
    return false;
  });
  // An offset at the very end of the text (or in an empty block).
  if (found === null && offset === seen) return span.to - 1;
  return found;
}

/** A problem's place in the document now, or null when the document no longer matches it. */
export interface ProblemRange {
  /** The block node (heading, paragraph, list item). */
  block: BlockSpan;
  /** The placeholder's characters, for a placeholder. */
  text?: { from: number; to: number };
}

/**
 * Where a problem is in `doc`, checked against the text: the server checks the text it has
 * saved, so a block index or offset can be out of date for a moment while someone types. A
 * placeholder must still read the same at its offsets and a section's heading must still be the
 * same heading; otherwise the problem is not placed (the next check places it again).
 */
export function problemRange(doc: PMNode, problem: ContentProblem, spans: BlockSpan[] = blockSpans(doc)): ProblemRange | null {
  const block = spans[problem.block];
  if (!block) return null;
  const blockText = block.node.textContent;
  if (problem.start !== undefined && problem.end !== undefined) {
    if (blockText.slice(problem.start, problem.end) !== problem.text) return null;
    const from = textPosition(block, problem.start, 1);
    const to = textPosition(block, problem.end, -1);
    if (from === null || to === null || to <= from) return null;
    return { block, text: { from, to } };
  }
  if (blockText !== problem.text) return null;
  return { block };
}

/** Where a problem is, in words: the section it is in and, for a placeholder, the words around it. */
export interface ProblemExcerpt {
  /** The nearest heading before the problem's block (for a section problem, the one above it). */
  section?: string;
  /** A few characters before and after a placeholder, `…` where the text goes on. */
  before?: string;
  text?: string;
  after?: string;
}

/** The problem's surroundings as the editor has them now (…破解XX工作…), or null when it cannot be placed. */
export function problemExcerpt(doc: PMNode, problem: ContentProblem, around = 8): ProblemExcerpt | null {
  const spans = blockSpans(doc);
  const range = problemRange(doc, problem, spans);
  if (!range) return null;
  const heading = spans
    .slice(0, problem.block)
    .reverse()
    .find((s) => s.node.type.name === 'heading' && s.node.textContent.trim() !== '');
  const excerpt: ProblemExcerpt = heading ? { section: heading.node.textContent.trim() } : {};
  if (problem.start === undefined || problem.end === undefined) return excerpt;
  const text = range.block.node.textContent;
  const before = Array.from(text.slice(0, problem.start));
  const after = Array.from(text.slice(problem.end));
  return {
    ...excerpt,
    before: `${before.length > around ? '…' : ''}${before.slice(-around).join('')}`,
    text: problem.text,
    after: `${after.slice(0, around).join('')}${after.length > around ? '…' : ''}`,
  };
}

/**
 * Shows a problem in the editor: scrolls it into view and selects the placeholder (so typing
 * replaces it) or puts the caret at the start of the block. Takes the focus only when the user
 * may edit. Falls back to the block's current index when the text has moved on.
 */
export function revealProblem(editor: Editor, problem: ContentProblem): void {
  if (editor.isDestroyed) return;
  const { doc } = editor.state;
  const spans = blockSpans(doc);
  const range = problemRange(doc, problem, spans);
  const block = range?.block ?? spans[Math.min(problem.block, spans.length - 1)];
  if (!block) return;
  const from = range?.text?.from ?? block.from + 1;
  const to = range?.text?.to ?? from;
  const chain = editor.chain().setTextSelection({ from, to });
  if (editor.isEditable) chain.focus(undefined, { scrollIntoView: false });
  chain.run();
  const dom = editor.view.nodeDOM(block.from);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
