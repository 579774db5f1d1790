import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

/** Heading levels a report uses: 一、 / （一） / 1. */
export const HEADING_LEVELS = [1, 2, 3] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

/**
 * The report schema: headings 1–3, paragraphs, bullet and numbered lists, bold and italic
 * (ARCHITECTURE.md, Content). Everything else StarterKit brings is off, so that the editor never
 * produces a node the server's canonical content does not know. `trailingNode` stays off too: it
 * would append a paragraph on load, which every client (view-only ones included) would send.
 * History is off because the Collaboration extension brings Yjs undo, which undoes only the
 * user's own changes.
 */
export function reportSchemaExtensions(): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      undoRedo: false,
      trailingNode: false,
      blockquote: false,
      code: false,
      codeBlock: false,
      hardBreak: false,
      horizontalRule: false,
      link: false,
      strike: false,
      underline: false,
    }),
  ];
}
