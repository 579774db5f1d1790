import { accessOf, canEdit, plainText } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { EditorContent, useEditorState } from '@tiptap/react';
import { useEffect, useMemo } from 'react';
import { contentKeys, useReportChecks } from '../features/content/content.api';
import { actorFor, myRelation } from '../features/reports/relation';
import { useI18n } from '../i18n/i18n';
import type { CollabSession } from './collab-session';
import { type AnchoredThread, setCommentThreads } from './comment-highlights';
import { DocumentOutline } from './DocumentOutline';
import type { EditorContext, ReportEditorProps } from './editor-context';
import { AccessNotice, DeniedNotice, RefusedNotice } from './EditorNotices';
import { EditorToolbar } from './EditorToolbar';
import { FindButton, FindReplaceBar } from './FindReplaceBar';
import { usePresence } from './presence';
import { PresenceList } from './PresenceList';
import { SaveStatusIndicator } from './SaveStatusIndicator';
import { accessReason } from './status';
import { countCharacters, outlineOf } from './text-stats';
import { useSessionState } from './use-collab-session';
import { useEditorEvents } from './use-editor-events';
import { useFindBar } from './use-find-bar';
import { useMediaQuery } from './use-media-query';
import { useReportEditor } from './use-report-editor';

const NO_THREADS: readonly AnchoredThread[] = [];

/** One session's editing surface: the bar, the notices, the text, and what goes beside and over it. */
export function EditorSurface(props: ReportEditorProps & { session: CollabSession }) {
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

  // Polled here for the whole page while the connection is up (see useReportChecks).
  const checks = useReportChecks(report.id, { poll: snapshot.status === 'synced' });
  const editor = useReportEditor({ session, me, editable, checks: checks.data });

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

  useEditorEvents(editor, session, props);
  // Not over a version shown in the text's place: the browser's own find works there.
  const find = useFindBar(editor, { enabled: !replacement, editable });

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
    <div className="editor-shell" onKeyDown={find.onKeyDown}>
      <div className="editor-bar">
        {/* Nothing to click that would not work: the formatting bar is for those who may edit. */}
        {editable && !replacement && <EditorToolbar editor={editor} />}
        {reason && !snapshot.denied && <AccessNotice reason={reason} />}
        <div className="editor-bar-end">
          {!replacement && <FindButton bar={find} />}
          <PresenceList people={people} />
          <span className="char-count" title={t('editor.countHint')} data-count={stats.count}>
            {t('editor.count', { count: new Intl.NumberFormat(locale).format(stats.count) })}
          </span>
          <SaveStatusIndicator state={state} />
        </div>
        {find.open && !replacement && <FindReplaceBar editor={editor} editable={editable} bar={find} />}
      </div>
      {snapshot.denied && (
        <DeniedNotice denied={snapshot.denied} why={reason} text={ownText} onDiscard={() => void discard()} />
      )}
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
