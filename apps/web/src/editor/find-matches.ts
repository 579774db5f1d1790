import type { Node as PMNode } from '@tiptap/pm/model';

/**
 * Where a search matches in a ProseMirror document, as a reader of Chinese reports means it:
 * full- and half-width forms are the same character (ＸＸ and XX, （ and (, the ideographic
 * space and the space) and so are capitals and small letters. Both sides are folded with
 * NFKC and lower case; positions are kept so that a match in the folded text maps back to the
 * document. Pure functions of the document, so they can be tested without an editor.
 */

/** Document positions before a match's first character and after its last. */
export interface TextRange {
  from: number;
  to: number;
}

/** A text folded for matching. */
export interface FoldedText {
  /** Each character (with its combining marks) NFKC-normalised and lower-cased. */
  text: string;
  /**
   * For each index of `text` and its end: the offset in the original text when a character
   * starts (or the text ends) there, -1 inside what one character folded to.
   */
  origin: number[];
}

/** A character and the combining marks on it, or marks on their own: NFKC may compose them. */
const CHARACTER = /\P{M}\p{M}*|\p{M}+/gu;

/** What an inline node other than text (none in the report schema today) reads as: never matched. */
const LEAF = '\uFFFC';

export function foldText(original: string): FoldedText {
  let text = '';
  const origin: number[] = [];
  for (const m of original.matchAll(CHARACTER)) {
    const folded = m[0].normalize('NFKC').toLowerCase();
    origin.push(m.index);
    for (let i = 1; i < folded.length; i++) origin.push(-1);
    text += folded;
  }
  origin.push(original.length);
  return { text, origin };
}

// Nodes are immutable and shared between a document and the next, so a block that has not
// changed is folded once, however many edits and searches follow.
const foldedBlocks = new WeakMap<PMNode, FoldedText>();

function foldedBlock(block: PMNode): FoldedText {
  let folded = foldedBlocks.get(block);
  if (!folded) {
    // Every inline node is one character here, as it is one position: offsets are positions.
    folded = foldText(block.textBetween(0, block.content.size, undefined, LEAF));
    foldedBlocks.set(block, folded);
  }
  return folded;
}

/**
 * Every match of `query` in `doc`, in document order and not overlapping. A match lies within
 * one text block (a paragraph, a heading) but may span marks (bold, italic); it starts and ends
 * on whole characters of the document.
 */
export function findMatches(doc: PMNode, query: string): TextRange[] {
  const needle = foldText(query).text;
  const matches: TextRange[] = [];
  if (!needle) return matches;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const { text, origin } = foldedBlock(node);
    let at = text.indexOf(needle);
    while (at !== -1) {
      const from = origin[at] ?? -1;
      const to = origin[at + needle.length] ?? -1;
      if (from >= 0 && to >= 0) {
        matches.push({ from: pos + 1 + from, to: pos + 1 + to });
        at = text.indexOf(needle, at + needle.length);
      } else {
        at = text.indexOf(needle, at + 1);
      }
    }
    return false;
  });
  return matches;
}
