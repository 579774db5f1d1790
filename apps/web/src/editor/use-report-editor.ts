import { type ContentProblem, FRAGMENT, type MeDto, type ReportChecksDto } from '@review/shared';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import { useEditor } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import { ChecksHighlights } from '../features/content/checks-highlights';
import { problemText } from '../features/content/problem-text';
import { useI18n } from '../i18n/i18n';
import type { CollabSession } from './collab-session';
import { CommentHighlights } from './comment-highlights';
import { FindReplace } from './find-replace';
import { NumberedHeadings } from './numbered-headings';
import { renderCaret } from './remote-caret';
import { SignatureBlock } from './signature-block';
import { reportSchemaExtensions } from '@review/editor';

interface ReportEditorOptions {
  session: CollabSession;
  me: MeDto;
  editable: boolean;
  /** The pre-submit checks: their problems are underlined in the text. */
  checks: ReportChecksDto | undefined;
}

/**
 * The Tiptap editor bound to the session's Yjs document: the report schema, the carets of the
 * others, the comment and check marks. Editable as the access allows, labelled in the user's language.
 */
export function useReportEditor({ session, me, editable, checks }: ReportEditorOptions) {
  const { t } = useI18n();

  // Read by the editor at render time, so they follow the language and the access.
  const labels = useRef({ area: '', placeholder: '', editable });
  labels.current = {
    area: t('editor.area'),
    placeholder: t(editable ? 'editor.placeholder' : 'editor.placeholderReadOnly'),
    editable,
  };

  // The problems of the pre-submit checks, underlined in the text; read by the editor through the ref.
  const problems = useRef<{ list: readonly ContentProblem[]; t: typeof t }>({ list: [], t });
  problems.current = { list: checks?.problems ?? [], t };

  const editor = useEditor(
    {
      extensions: [
        ...reportSchemaExtensions(),
        // The document is whatever the server holds: never seed content here.
        Collaboration.configure({ document: session.doc, field: FRAGMENT }),
        CollaborationCaret.configure({
          provider: session.provider,
          // The server replaces this with the identity it knows; set so that the state is never empty.
          user: { id: me.id, name: me.displayName },
          render: renderCaret,
        }),
        Placeholder.configure({ placeholder: () => labels.current.placeholder, showOnlyWhenEditable: false }),
        CommentHighlights,
        NumberedHeadings,
        SignatureBlock,
        ChecksHighlights(() => problems.current.list, { describe: (p) => problemText(p, problems.current.t) }),
        FindReplace,
      ],
      editable,
      editorProps: {
        attributes: () => ({
          class: 'report-text',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': labels.current.area,
          'aria-readonly': String(!labels.current.editable),
          spellcheck: 'false',
        }),
      },
    },
    [session],
  );

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  // New problems, or their descriptions in another language.
  useEffect(() => {
    if (!editor.isDestroyed) editor.commands.refreshChecks();
  }, [editor, checks, t]);

  return editor;
}
