import {
  type Access,
  accessOf,
  canEdit,
  type ContentProblem,
  FRAGMENT,
  type MeDto,
  plainText,
  type ReportDto,
  type ReportState,
  type ThreadDto,
} from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import type { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import { ChecksHighlights } from '../features/content/checks-highlights';
import { contentKeys, useReportChecks } from '../features/content/content.api';
import { problemText } from '../features/content/problem-text';
import { useI18n } from '../i18n/i18n';
import type { CollabSession } from './collab-session';
import { type AnchoredThread, clickedThread, CommentHighlights, setCommentThreads } from './comment-highlights';
import { DocumentOutline } from './DocumentOutline';
import { EditorToolbar } from './EditorToolbar';
import { AccessNotice, DeniedNotice, RefusedNotice } from './EditorNotices';
import { usePresence } from './presence';
import { PresenceList } from './PresenceList';
import { SaveStatusIndicator } from './SaveStatusIndicator';
import { reportSchemaExtensions } from './schema';
import { accessReason } from './status';
import { countCharacters, outlineOf } from './text-stats';
import { useCollabSession, useSessionState } from './use-collab-session';
import { useMediaQuery } from './use-media-query';
import './editor.css';
import { actorFor, myRelation } from '../features/reports/relation';

/** What the panels around the text work with. */
export interface EditorContext {
  editor: Editor;
  session: CollabSession;
  /** What the user may do with the report now, as the server last said. */
  access: Access;
  editable: boolean;
  narrow: boolean;
}

export interface ReportEditorProps {
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
  /** A click on a marked passage chose its thread. */
  onSelectThread?: (threadId: string) => void;
  /** A thread or comment of this report was created or changed (by anyone). */
  onThread?: (thread: ThreadDto) => void;
  /** The report's versions or audit trail changed. */
  onActivity?: () => void;
  /** The socket reconnected: whatever was pushed while it was away has to be fetched. */
  onConnected?: () => void;
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

/** A caret of another person: a thin bar in their colour with their name above it. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' && user.color !== 'transparent' ? user.color : '#6b675f';
  const caret = document.createElement('span');
  caret.className = 'remote-caret';
  caret.style.borderColor = color;
  if (typeof user.id === 'string') caret.dataset.userId = user.id;
  const label = document.createElement('span');
  label.className = 'remote-caret-label';
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name : '';
  caret.append(label);
  return caret;
}

const NO_THREADS: readonly AnchoredThread[] = [];

function EditorSurface(props: ReportEditorProps & { session: CollabSession }) {
  const { session, report, me, onReportState, onSignedOut, aside, overlay, replacement } = props;
  const { t, locale } = useI18n();
  const state = useSessionState(session);
  const { snapshot } = state;
  const narrow = useMediaQuery('(max-width: 720px)');
  const relation = myRelation(report, me);
  const reportState = snapshot.state ?? report.state;
  // Until the server has answered (or while offline), the same rule the server applies.
  const access = snapshot.access ?? accessOf({ ...report, state: reportState }, actorFor(me, report));
  const editable = canEdit(access) && !snapshot.denied;

  // Read by the editor at render time, so they follow the language and the access.
  const labels = useRef({ area: '', placeholder: '', editable });
  labels.current = {
    area: t('editor.area'),
    placeholder: t(editable ? 'editor.placeholder' : 'editor.placeholderReadOnly'),
    editable,
  };

  // The problems of the pre-submit checks, underlined in the text; read by the editor through the ref.
  // Polled here for the whole page while the connection is up (see useReportChecks).
  const checks = useReportChecks(report.id, { poll: snapshot.status === 'synced' });
  const problems = useRef<{ list: readonly ContentProblem[]; t: typeof t }>({ list: [], t });
  problems.current = { list: checks.data?.problems ?? [], t };

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
        ChecksHighlights(() => problems.current.list, { describe: (p) => problemText(p, problems.current.t) }),
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
  }, [editor, checks.data, t]);

  // Once everything typed is saved, check it again rather than wait for the next poll.
  const qc = useQueryClient();
  const saved = snapshot.status === 'synced' && snapshot.unsaved === 0;
  useEffect(() => {
    if (saved) void qc.invalidateQueries({ queryKey: contentKeys.checks(report.id) });
  }, [saved, qc, report.id]);

  useEffect(() => {
    if (snapshot.state) onReportState?.(snapshot.state, snapshot.revision);
  }, [snapshot.state, snapshot.revision, onReportState]);

  useEffect(() => {
    if (state.signedOut) onSignedOut?.();
  }, [state.signedOut, onSignedOut]);

  const threads = props.threads ?? NO_THREADS;
  const selectedThreadId = props.selectedThreadId ?? null;
  useEffect(() => {
    setCommentThreads(editor, { threads, selectedId: selectedThreadId, ready: state.everSynced });
  }, [editor, threads, selectedThreadId, state.everSynced]);

  // The latest callbacks, so that listeners stay subscribed across renders.
  const handlers = useRef(props);
  handlers.current = props;
  useEffect(() => {
    const onTransaction = ({ transaction }: { transaction: Parameters<typeof clickedThread>[0] }) => {
      const id = clickedThread(transaction);
      if (id) handlers.current.onSelectThread?.(id);
    };
    editor.on('transaction', onTransaction);
    return () => {
      editor.off('transaction', onTransaction);
    };
  }, [editor]);
  useEffect(() => {
    const { socket } = session;
    const reportId = session.reportId;
    const onThread = (id: string, thread: ThreadDto) => {
      if (id === reportId) handlers.current.onThread?.(thread);
    };
    const onActivity = (id: string) => {
      if (id === reportId) handlers.current.onActivity?.();
    };
    // The first connection is not news; every later one may have missed something.
    let initial = !socket.connected;
    const onConnect = () => {
      if (initial) initial = false;
      else handlers.current.onConnected?.();
    };
    socket.on('thread', onThread);
    socket.on('activity', onActivity);
    socket.on('connect', onConnect);
    return () => {
      socket.off('thread', onThread);
      socket.off('activity', onActivity);
      socket.off('connect', onConnect);
    };
  }, [session]);

  const stats = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ outline: outlineOf(e.state.doc), count: countCharacters(e.state.doc.textContent) }),
  });
  const people = usePresence(session.provider.awareness, me.id);
  const context = useMemo<EditorContext>(() => ({ editor, session, access, editable, narrow }), [editor, session, access, editable, narrow]);

  const ownText = () => plainText(session.doc);
  if (snapshot.status === 'refused') {
    return <RefusedNotice error={snapshot.joinError} unsaved={snapshot.unsaved} text={ownText} />;
  }

  const reason = accessReason(access, reportState, relation);
  const outline = (
    <DocumentOutline editor={editor} entries={stats.outline} collapsible={narrow && !aside} editable={editable} />
  );
  const discard = async () => {
    await session.discardLocalEdits();
    window.location.reload();
  };

  return (
    <div className="editor-shell">
      <div className="editor-bar">
        {/* Nothing to click that would not work: the formatting bar is for those who may edit. */}
        {editable && !replacement && <EditorToolbar editor={editor} />}
        <div className="editor-bar-end">
          <PresenceList people={people} />
          <span className="char-count" title={t('editor.countHint')} data-count={stats.count}>
            {t('editor.count', { count: new Intl.NumberFormat(locale).format(stats.count) })}
          </span>
          <SaveStatusIndicator state={state} />
        </div>
      </div>
      {snapshot.denied && (
        <DeniedNotice denied={snapshot.denied} why={reason} text={ownText} onDiscard={() => void discard()} />
      )}
      {reason && !snapshot.denied && <AccessNotice reason={reason} />}
      <div className={aside ? 'editor-layout with-sidebar' : 'editor-layout'}>
        <aside className="editor-aside">
          {aside ? aside(outline, narrow, context) : outline}
        </aside>
        <div className="editor-main">
          {replacement}
          <div className="paper" hidden={Boolean(replacement)}>
            <EditorContent editor={editor} />
          </div>
          {!replacement && overlay?.(context)}
        </div>
      </div>
    </div>
  );
}
