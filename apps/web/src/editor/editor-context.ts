import type { Access, MeDto, ReportDto, ReportState } from '@review/shared';
import type { Editor } from '@tiptap/core';
import type { ReactNode } from 'react';
import type { CollabSession } from './collab-session';
import type { AnchoredThread } from './comment-highlights';
import type { EditorEventHandlers } from './use-editor-events';

/** What the panels around the text work with. */
export interface EditorContext {
  editor: Editor;
  session: CollabSession;
  /** What the user may do with the report now, as the server last said. */
  access: Access;
  editable: boolean;
  narrow: boolean;
}

/** What the report page gives the editor, and what the editor tells it. */
export interface ReportEditorProps extends EditorEventHandlers {
  report: ReportDto;
  me: MeDto;
  /** The server announced a new workflow state (a `state` event or the join answer). */
  onReportState?: (state: ReportState, revision: number | null) => void;
  /** The collaboration server no longer accepts the sign-in. */
  onSignedOut?: () => void;
  /** What goes beside the text; gets the outline to place (e.g. in a tab) and whether the screen is narrow. */
  aside?: (outline: ReactNode, narrow: boolean, context: EditorContext) => ReactNode;
  /** Drawn over the text column (positioned against it), e.g. a button beside the selection. */
  overlay?: (context: EditorContext) => ReactNode;
  /** Comment threads to place in the text: open ones are marked, the selected one in its own colour. */
  threads?: readonly AnchoredThread[];
  selectedThreadId?: string | null;
  /**
   * Shown in place of the text (a version, a redline). The editor stays connected underneath,
   * so nothing is lost and returning is instant.
   */
  replacement?: ReactNode;
}
