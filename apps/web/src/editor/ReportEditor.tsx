import type { MeDto, ReportDto, ReportState } from '@review/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import type { AnchoredThread } from './comment-highlights';
import type { EditorContext } from './editor-context';
import { EditorSurface } from './EditorSurface';
import { useCollabSession } from './use-collab-session';
import type { EditorEventHandlers } from './use-editor-events';
import './editor.css';

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

/** The live co-editing surface of a report, bound to its Yjs document on /collab. */
export function ReportEditor(props: ReportEditorProps) {
  const { t } = useI18n();
  const session = useCollabSession(props.report.id, props.me.id);
  if (!session) return <p className="loading">{t('editor.loading')}</p>;
  return <EditorSurface key={session.serial} session={session} {...props} />;
}
