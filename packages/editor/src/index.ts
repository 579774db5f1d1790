import { HEADING_LEVELS } from '@review/shared';
import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

/**
 * Tiptap's side of the report schema (packages/shared/editor-schema.ts): headings 1–3, paragraphs,
 * bullet and numbered lists, bold and italic. Everything else StarterKit brings is off, so that
 * the editor never produces a node the server would refuse (schema.spec.ts here, and the server's
 * update-validation.spec.ts, check that they agree). `trailingNode` stays off too: it would append a paragraph on load, which every
 * client (view-only ones included) would send.
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

// Re-exported so that the commands StarterKit's extensions add (toggleBold, toggleHeading …) are
// typed wherever this package is imported.
export type { StarterKitOptions } from '@tiptap/starter-kit';
