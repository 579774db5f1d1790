import type { Access } from '@review/shared';
import type { Editor } from '@tiptap/core';
import type { CollabSession } from './collab-session';

/** What the panels around the text work with. */
export interface EditorContext {
  editor: Editor;
  session: CollabSession;
  /** What the user may do with the report now, as the server last said. */
  access: Access;
  editable: boolean;
  narrow: boolean;
}
