import { signatureBlock, signatureIndents, signatureLines } from '@review/shared';
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import './signature-block.css';

const key = new PluginKey<DecorationSet>('signatureBlock');

/** The blocks with text that signatureBlock reads at most: the date, two name lines, one before them. */
const TAIL = 4;

/**
 * The 落款 at the end of the report (name and date, as the checks and the Word export recognise
 * it: signature-block.ts in @review/shared) set right where the export sets it, a blank line below
 * the text unless the text leaves one: node decorations, so nothing reaches the shared document.
 * Only the last few blocks are read, once per change of the document.
 */
export const SignatureBlock = Extension.create({
  name: 'signatureBlock',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => decorationsOf(state.doc),
          apply: (tr, set) => (tr.docChanged ? decorationsOf(tr.doc) : set),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ];
  },
});

function decorationsOf(doc: PMNode): DecorationSet {
  // The top-level nodes from the end until TAIL of them hold text: all that signatureBlock reads.
  const tail: { node: PMNode; pos: number }[] = [];
  let pos = doc.content.size;
  for (let i = doc.childCount - 1, filled = 0; i >= 0 && filled < TAIL; i -= 1) {
    const node = doc.child(i);
    pos -= node.nodeSize;
    tail.unshift({ node, pos });
    if (node.textContent.trim() !== '') filled += 1;
  }
  const blocks = tail.map(({ node }) => ({ type: node.type.name, text: node.textContent }));
  const signature = signatureBlock(blocks);
  if (!signature) return DecorationSet.empty;

  const indents = signatureIndents(
    signature.signers.map((i) => blocks[i]?.text ?? ''),
    blocks[signature.date]?.text ?? '',
  );
  const lines = signatureLines(signature);
  const spaced = (blocks[(lines[0] ?? 0) - 1]?.text.trim() ?? '') !== '';
  return DecorationSet.create(
    doc,
    lines.map((i, n) => {
      const { node, pos: at } = tail[i] as { node: PMNode; pos: number };
      const indent = i === signature.date ? indents.date : (indents.signers[n] ?? 0);
      const className = n === 0 && spaced ? 'report-signature report-signature-spaced' : 'report-signature';
      return Decoration.node(at, at + node.nodeSize, { class: className, style: `padding-right: ${indent}em` });
    }),
  );
}
